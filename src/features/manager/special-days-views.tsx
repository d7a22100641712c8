// Holiday hours and closures on the opening-hours page: the dates coming up, each with a Remove
// button, and a form to add one (a date or a range, closed or special hours, and the reason
// customers see). Plain forms; they work without JavaScript.
import type { FieldErrors } from '../../domain/errors.js';
import { describeDates, type SpecialDay } from '../../domain/special-days.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, FieldError, type PageContext } from '../../web/layout.js';

export interface SpecialDayForm {
  firstDate: string;
  lastDate: string;
  closed: boolean;
  opens: string;
  closes: string;
  reason: string;
}

export const EMPTY_SPECIAL_DAY_FORM: SpecialDayForm = { firstDate: '', lastDate: '', closed: true, opens: '', closes: '', reason: '' };

function hoursText(day: SpecialDay): string {
  return day.opens === null || day.closes === null ? 'Closed all day' : `Open ${day.opens}–${day.closes}`;
}

export function SpecialDaysSection({
  ctx,
  storeSlug,
  days,
  form,
  errors,
}: {
  ctx: PageContext;
  storeSlug: string;
  days: readonly (SpecialDay & { id?: number })[];
  form: SpecialDayForm;
  errors?: FieldErrors | undefined;
}) {
  const e = errors ?? {};
  return (
    <section class="panel stack" aria-labelledby="special-days-heading" id="special-days">
      <h2 id="special-days-heading">Holiday hours and closures</h2>
      <p class="muted">
        These dates replace the week's hours. Customers see them on the store list and the menu, and pickup times, "sold out until we open again" and the next
        opening follow them.
      </p>
      {days.length === 0 ? (
        <p>No holiday hours or closures coming up.</p>
      ) : (
        <div class="table-wrap">
          <table class="table special-days">
            <thead>
              <tr>
                <th scope="col">Dates</th>
                <th scope="col">Hours</th>
                <th scope="col">Reason</th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr data-special-day={d.firstDate}>
                  <td>{describeDates(d)}</td>
                  <td>{hoursText(d)}</td>
                  <td>{d.reason}</td>
                  <td>
                    <form method="post" action={`/staff/${storeSlug}/hours/special-days/${d.id}/remove`} class="inline-form">
                      <Csrf ctx={ctx} />
                      <button type="submit" class="button button--small" aria-label={`Remove ${describeDates(d)} (${d.reason})`}>
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action={`/staff/${storeSlug}/hours/special-days`} class="stack special-day-form" novalidate>
        <h3>Add holiday hours or a closure</h3>
        <Csrf ctx={ctx} />
        <ErrorSummary errors={errors} />
        <div class="grid-2">
          <TextField name="firstDate" label="From" type="date" value={form.firstDate} errors={errors} />
          <TextField name="lastDate" label="To (empty for one day)" type="date" value={form.lastDate} errors={errors} required={false} />
        </div>
        <fieldset class="field">
          <legend>Hours on these dates</legend>
          <label>
            <input type="radio" name="closed" value="true" checked={form.closed} /> Closed all day
          </label>
          <label>
            <input type="radio" name="closed" value="false" checked={!form.closed} /> Open at other times:
          </label>
          <div class="grid-2">
            <span class={e['opens'] ? 'field field--invalid' : 'field'}>
              <label for="special-opens">Opens</label>
              <input type="time" id="special-opens" name="opens" value={form.opens} aria-invalid={e['opens'] ? 'true' : undefined} />
              <FieldError id="opens-error" message={e['opens']} />
            </span>
            <span class={e['closes'] ? 'field field--invalid' : 'field'}>
              <label for="special-closes">Closes</label>
              <input type="time" id="special-closes" name="closes" value={form.closes} aria-invalid={e['closes'] ? 'true' : undefined} />
              <FieldError id="closes-error" message={e['closes']} />
            </span>
          </div>
        </fieldset>
        <TextField name="reason" label="Reason customers see" value={form.reason} errors={errors} maxLength={80} placeholder="Christmas" />
        <button type="submit" class="button button--primary">
          Add dates
        </button>
      </form>
    </section>
  );
}
