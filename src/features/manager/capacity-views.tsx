// Prep time per category and capacity per 5 minutes, for a store's managers (issue 10 item 5).
// What the ETA customers see is made of, in the words a manager uses.
import type { FieldErrors } from '../../domain/errors.js';
import { DRINKS_PER_SLOT_MAX, DRINKS_PER_SLOT_MIN, minutesText, PREP_MINUTES_MAX } from '../../domain/store-capacity.js';
import type { Store } from '../../domain/store.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, FieldError, Layout, type PageContext } from '../../web/layout.js';
import { shortStoreName } from '../../web/staff-context.js';
import { StaffNav, StaffStyles } from '../../web/staff-nav.js';
import type { CategoryPrep } from './capacity.js';

export interface CapacityForm {
  drinksPerSlot: string;
  /** Minutes by category slug, as typed ('' for the chain's default). */
  prep: Record<string, string>;
}

export function capacityForm(store: Store, categories: readonly CategoryPrep[]): CapacityForm {
  return {
    drinksPerSlot: String(store.drinksPerSlot),
    prep: Object.fromEntries(categories.map((c) => [c.slug, c.storeSeconds === null ? '' : minutesText(c.storeSeconds)])),
  };
}

export function CapacityPage({
  ctx,
  store,
  categories,
  form,
  errors,
}: {
  ctx: PageContext;
  store: Store;
  categories: readonly CategoryPrep[];
  form: CapacityForm;
  errors?: FieldErrors | undefined;
}) {
  const e = errors ?? {};
  return (
    <Layout ctx={ctx} title={`Prep times and capacity · ${shortStoreName(store.name)}`} head={<StaffStyles ctx={ctx} />}>
      <StaffNav ctx={ctx} store={store} current="capacity" />
      <h1>Prep times and capacity at {shortStoreName(store.name)}</h1>
      <p class="muted">
        Customers' ready times and the pickup times on offer come from these: how many drinks the bar makes in 5 minutes, and how long each kind of item takes
        once started.
      </p>
      <form method="post" action={`/staff/${store.slug}/capacity`} class="panel stack" novalidate>
        <Csrf ctx={ctx} />
        <ErrorSummary errors={errors} />
        <TextField
          name="drinksPerSlot"
          label="Drinks made per 5 minutes"
          type="number"
          inputMode="numeric"
          value={form.drinksPerSlot}
          errors={errors}
          hint={`A whole number from ${DRINKS_PER_SLOT_MIN} to ${DRINKS_PER_SLOT_MAX}. Food doesn't count: it is handed over, not made at the machine.`}
        />
        <div class="table-wrap">
          <table class="table capacity-table">
            <caption>Preparation time by category, in minutes (empty: the usual time)</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Usual time</th>
                <th scope="col">Here</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => {
                const field = `prep.${c.slug}`;
                const error = e[field];
                return (
                  <tr data-category={c.slug}>
                    <th scope="row">
                      {c.name}
                      {!c.isDrink && <span class="muted"> · food</span>}
                    </th>
                    <td class="num">{minutesText(c.defaultSeconds)} min</td>
                    <td class={error ? 'field--invalid' : undefined}>
                      <label for={`prep-${c.slug}`} class="visually-hidden">
                        {c.name}: minutes here
                      </label>
                      <input
                        type="number"
                        id={`prep-${c.slug}`}
                        name={field}
                        value={form.prep[c.slug] ?? ''}
                        min="0"
                        max={String(PREP_MINUTES_MAX)}
                        step="0.5"
                        inputMode="decimal"
                        placeholder={minutesText(c.defaultSeconds)}
                        aria-invalid={error ? 'true' : undefined}
                        aria-describedby={error ? `prep-${c.slug}-error` : undefined}
                      />
                      <FieldError id={`prep-${c.slug}-error`} message={error} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <FieldError id="prep-error" message={e['prep']} />
        <button type="submit" class="button button--primary">
          Save prep times and capacity
        </button>
      </form>
    </Layout>
  );
}
