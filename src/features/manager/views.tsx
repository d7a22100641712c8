// The manager's pages: availability switches, busy mode, opening hours. Plain
// forms (Post/Redirect/Get); they work without JavaScript.
import type { FieldErrors } from '../../domain/errors.js';
import { isProductAvailable, type MenuProduct } from '../../domain/customisation.js';
import { dayName, shortTime, type OpeningHours } from '../../domain/opening-hours.js';
import { formatLocalDateTime } from '../../domain/store-time.js';
import { ErrorSummary } from '../../web/forms.js';
import { Csrf, FieldError, Layout, type PageContext } from '../../web/layout.js';
import type { MenuCategory } from '../menu/index.js';
import { isOpen, isPaused, type Store } from '../../domain/store.js';
import type { OptionGroupSwitches } from './queries.js';
import { StaffNav, StaffStyles } from '../../web/staff-nav.js';
import { Message } from '../../web/message.js';
import { upcomingSpecialDays } from '../../domain/special-days.js';
import { localDate } from '../../domain/store-time.js';
import { EMPTY_SPECIAL_DAY_FORM, type SpecialDayForm, SpecialDaysSection } from './special-days-views.js';

const shortName = (store: Store) => store.name.replace(/^Alpaca Cafe /, '');

function Toggle({
  ctx,
  action,
  name,
  available,
  id,
  note,
  backAt,
  timezone,
}: {
  ctx: PageContext;
  action: string;
  name: string;
  available: boolean;
  id: string;
  note?: string | undefined;
  /** Sold out until (null: indefinitely). */
  backAt?: Date | null | undefined;
  timezone: string;
}) {
  return (
    <li class={available ? 'switch-row' : 'switch-row switch-row--off'} id={id} data-available={String(available)}>
      <span class="switch-row__name">{name}</span>
      <span class={available ? 'status status--open' : 'status status--closed'}>
        {available ? 'On' : backAt ? `Sold out until ${formatLocalDateTime(backAt, timezone)}` : 'Sold out'}
      </span>
      {note && <span class="muted switch-row__note">{note}</span>}
      <form method="post" action={action} class="inline-form switch-row__form">
        <Csrf ctx={ctx} />
        <input type="hidden" name="available" value={available ? 'false' : 'true'} />
        {available && (
          <>
            <label class="visually-hidden" for={`${id}-until`}>
              {name} sold out until
            </label>
            <select name="until" id={`${id}-until`} class="switch-row__until">
              <option value="end-of-day">until we open again</option>
              <option value="">indefinitely</option>
            </select>
            <label class="visually-hidden" for={`${id}-time`}>
              or until a time today
            </label>
            <input type="time" name="untilTime" id={`${id}-time`} class="switch-row__time" />
          </>
        )}
        <button type="submit" class={available ? 'button button--small' : 'button button--small button--primary'}>
          {available ? 'Sold out' : 'Back on'}
          <span class="visually-hidden"> {name}</span>
        </button>
      </form>
    </li>
  );
}

/** Search by name and show all, or only what is on or off: a plain GET form. */
export interface AvailabilityFilter {
  q: string;
  show: 'all' | 'on' | 'off';
}

function matches(filter: AvailabilityFilter, name: string, available: boolean): boolean {
  if (filter.show === 'on' && !available) return false;
  if (filter.show === 'off' && available) return false;
  return filter.q === '' || name.toLowerCase().includes(filter.q.toLowerCase());
}

export function AvailabilityPage({
  ctx,
  store,
  categories,
  products,
  groups,
  backAt = new Map(),
  filter = { q: '', show: 'all' },
}: {
  ctx: PageContext;
  store: Store;
  categories: MenuCategory[];
  products: MenuProduct[];
  groups: OptionGroupSwitches[];
  /** Sold out until, by product id. */
  backAt?: Map<number, Date>;
  filter?: AvailabilityFilter;
}) {
  const base = `/staff/${store.slug}/availability`;
  const shownProducts = products.filter((p) => matches(filter, p.name, p.switchedOn));
  return (
    <Layout ctx={ctx} title={`Availability · ${shortName(store)}`} wide head={<StaffStyles ctx={ctx} />}>
      <StaffNav ctx={ctx} store={store} current="availability" />
      <h1>Availability at {shortName(store)}</h1>
      <p class="muted">
        Mark what you have run out of as sold out, until the store opens again, until a time, or indefinitely: it comes back by itself. The menu and every
        basket at {shortName(store)} change at once; orders already placed are not affected.
      </p>
      <form method="get" action={base} class="search-form availability-filter">
        <label for="availability-q">Find an item</label>
        <input id="availability-q" type="search" name="q" value={filter.q} maxLength={80} />
        <label for="availability-show" class="visually-hidden">
          Show
        </label>
        <select id="availability-show" name="show">
          <option value="all" selected={filter.show === 'all'}>
            everything
          </option>
          <option value="off" selected={filter.show === 'off'}>
            sold out only
          </option>
          <option value="on" selected={filter.show === 'on'}>
            on only
          </option>
        </select>
        <button type="submit" class="button">
          Show
        </button>
      </form>
      <div class="switch-columns">
        <section aria-labelledby="products-heading">
          <h2 id="products-heading">Products</h2>
          {categories.map((c) => {
            const items = shownProducts.filter((p) => p.categorySlug === c.slug);
            if (items.length === 0) return null;
            return (
              <section aria-labelledby={`cat-${c.slug}`}>
                <h3 id={`cat-${c.slug}`}>{c.name}</h3>
                <ul class="switch-list">
                  {items.map((p) => (
                    <Toggle
                      ctx={ctx}
                      action={`${base}/products/${p.slug}`}
                      name={p.name}
                      available={p.switchedOn}
                      id={`product-${p.slug}`}
                      backAt={backAt.get(p.id)}
                      timezone={store.timezone}
                      note={p.switchedOn && !isProductAvailable(p) ? 'Unavailable: a required option is switched off' : undefined}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
        <section aria-labelledby="options-heading">
          <h2 id="options-heading">Options</h2>
          {groups.map((g) => {
            const options = g.options.filter((o) => matches(filter, o.name, o.available));
            if (options.length === 0) return null;
            return (
              <section aria-labelledby={`group-${g.slug}`}>
                <h3 id={`group-${g.slug}`}>{g.name}</h3>
                <ul class="switch-list">
                  {options.map((o) => (
                    <Toggle
                      ctx={ctx}
                      action={`${base}/options/${o.slug}`}
                      name={o.name}
                      available={o.available}
                      id={`option-${o.slug}`}
                      backAt={o.availableAgainAt}
                      timezone={store.timezone}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
      </div>
    </Layout>
  );
}

export function storeStatusText(store: Store, now: Date): string {
  if (isPaused(store, now)) {
    return store.pausedUntil
      ? `Paused — not taking new orders until ${formatLocalDateTime(store.pausedUntil, store.timezone)}.`
      : 'Paused — not taking new orders until you resume.';
  }
  return isOpen(store, now) ? 'Open and taking orders.' : 'Closed now (outside opening hours).';
}

export interface BusyForm {
  resume: string;
  resumeAt: string;
  errors?: FieldErrors | undefined;
}

export function BusyPage({ ctx, store, now, form }: { ctx: PageContext; store: Store; now: Date; form: BusyForm }) {
  const paused = isPaused(store, now);
  const errors = form.errors ?? {};
  const choices = [
    { value: '15', label: '15 minutes' },
    { value: '30', label: '30 minutes' },
    { value: '60', label: '1 hour' },
    { value: 'time', label: 'Until a set time (store clock)' },
    { value: 'manual', label: 'Until I resume' },
  ];
  return (
    <Layout ctx={ctx} title={`Busy mode · ${shortName(store)}`} head={<StaffStyles ctx={ctx} />}>
      <StaffNav ctx={ctx} store={store} current="busy" />
      <h1>Busy mode at {shortName(store)}</h1>
      <Message kind={paused ? 'warning' : 'info'} data={{ 'store-status': '' }}>
        <p>{storeStatusText(store, now)}</p>
      </Message>
      <p class="muted">While paused, customers can browse but not place new orders. Orders already placed carry on through the queue.</p>
      {paused && (
        <form method="post" action={`/staff/${store.slug}/busy/resume`} class="panel">
          <Csrf ctx={ctx} />
          <button type="submit" class="button button--primary">
            Resume taking orders now
          </button>
        </form>
      )}
      <form method="post" action={`/staff/${store.slug}/busy`} class="panel stack" novalidate>
        <Csrf ctx={ctx} />
        <ErrorSummary errors={form.errors} />
        <fieldset aria-describedby={errors['resume'] ? 'resume-error' : errors['resumeAt'] ? 'resumeAt-error' : undefined}>
          <legend>{paused ? 'Change the pause' : 'Pause new orders for'}</legend>
          <FieldError id="resume-error" message={errors['resume']} />
          {choices.map((c) => (
            <label class="option" for={`resume-${c.value}`}>
              <input type="radio" id={`resume-${c.value}`} name="resume" value={c.value} checked={form.resume === c.value} />
              <span>{c.label}</span>
            </label>
          ))}
          <div class={errors['resumeAt'] ? 'field field--invalid' : 'field'}>
            <label for="resumeAt">Resume at ({store.timezone})</label>
            <input
              id="resumeAt"
              name="resumeAt"
              type="time"
              value={form.resumeAt}
              aria-invalid={errors['resumeAt'] ? 'true' : undefined}
              aria-describedby={errors['resumeAt'] ? 'resumeAt-error' : undefined}
            />
            <FieldError id="resumeAt-error" message={errors['resumeAt']} />
          </div>
        </fieldset>
        <button type="submit" class="button">
          {paused ? 'Update pause' : 'Pause new orders'}
        </button>
      </form>
    </Layout>
  );
}

export interface HoursFormRow {
  isoDay: number;
  open: boolean;
  opens: string;
  closes: string;
}

export function hoursRows(hours: readonly OpeningHours[]): HoursFormRow[] {
  return [1, 2, 3, 4, 5, 6, 7].map((isoDay) => {
    const day = hours.find((h) => h.isoDay === isoDay);
    return { isoDay, open: Boolean(day), opens: day ? shortTime(day.opens) : '', closes: day ? shortTime(day.closes) : '' };
  });
}

export function HoursPage({
  ctx,
  store,
  rows,
  errors,
  special,
  now,
}: {
  ctx: PageContext;
  store: Store;
  now: Date;
  rows: HoursFormRow[];
  errors?: FieldErrors | undefined;
  /** The holiday dates form, with what was typed and its problems when it was refused. */
  special?: { form: SpecialDayForm; errors?: FieldErrors | undefined } | undefined;
}) {
  const e = errors ?? {};
  return (
    <Layout ctx={ctx} title={`Opening hours · ${shortName(store)}`} head={<StaffStyles ctx={ctx} />}>
      <StaffNav ctx={ctx} store={store} current="hours" />
      <h1>Opening hours at {shortName(store)}</h1>
      <p class="muted">Times are on the store's clock ({store.timezone}). Outside these hours the store takes no new orders.</p>
      <form method="post" action={`/staff/${store.slug}/hours`} class="panel stack" novalidate>
        <Csrf ctx={ctx} />
        <ErrorSummary errors={errors} />
        {e['hours'] && <FieldError id="hours-error" message={e['hours']} />}
        <table class="hours-form">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Open</th>
              <th scope="col">Opens</th>
              <th scope="col">Closes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const opensErr = e[`hours.${r.isoDay}.opens`];
              const closesErr = e[`hours.${r.isoDay}.closes`];
              return (
                <tr>
                  <th scope="row">{dayName(r.isoDay)}</th>
                  <td>
                    <input type="checkbox" id={`open-${r.isoDay}`} name={`open.${r.isoDay}`} value="on" checked={r.open} />
                    <label for={`open-${r.isoDay}`} class="visually-hidden">
                      Open on {dayName(r.isoDay)}
                    </label>
                  </td>
                  <td class={opensErr ? 'field--invalid' : undefined}>
                    <label for={`opens-${r.isoDay}`} class="visually-hidden">
                      {dayName(r.isoDay)} opens
                    </label>
                    <input
                      type="time"
                      id={`opens-${r.isoDay}`}
                      name={`opens.${r.isoDay}`}
                      value={r.opens}
                      aria-invalid={opensErr ? 'true' : undefined}
                      aria-describedby={opensErr ? `opens-${r.isoDay}-error` : undefined}
                    />
                    <FieldError id={`opens-${r.isoDay}-error`} message={opensErr} />
                  </td>
                  <td class={closesErr ? 'field--invalid' : undefined}>
                    <label for={`closes-${r.isoDay}`} class="visually-hidden">
                      {dayName(r.isoDay)} closes
                    </label>
                    <input
                      type="time"
                      id={`closes-${r.isoDay}`}
                      name={`closes.${r.isoDay}`}
                      value={r.closes}
                      aria-invalid={closesErr ? 'true' : undefined}
                      aria-describedby={closesErr ? `closes-${r.isoDay}-error` : undefined}
                    />
                    <FieldError id={`closes-${r.isoDay}-error`} message={closesErr} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" class="button button--primary">
          Save opening hours
        </button>
      </form>
      <SpecialDaysSection
        ctx={ctx}
        storeSlug={store.slug}
        days={upcomingSpecialDays(store.specialDays ?? [], localDate(now, store.timezone))}
        form={special?.form ?? EMPTY_SPECIAL_DAY_FORM}
        errors={special?.errors}
      />
    </Layout>
  );
}
