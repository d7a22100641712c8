// Store list and the create/edit form (hours per weekday; both times empty = closed).
import type { FieldErrors } from '../../../domain/errors.js';
import { dayName } from '../../../domain/opening-hours.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import { Csrf, FieldError, type PageContext } from '../../../web/layout.js';
import { AdminLayout } from '../layout.js';
import { ISO_DAYS, timezoneNames, type StoreFormValues } from './form.js';
import type { AdminStore } from './queries.js';

export function StoreListPage({ ctx, stores }: { ctx: PageContext; stores: AdminStore[] }) {
  return (
    <AdminLayout ctx={ctx} title="Stores">
      <h1>Stores</h1>
      <p>
        <a class="button button--primary" href="/admin/stores/new">
          Add a store
        </a>
      </p>
      <table class="admin-table">
        <caption class="visually-hidden">All stores</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug</th>
            <th scope="col">Town</th>
            <th scope="col">Time zone</th>
            <th scope="col">Open days</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {stores.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>{s.slug}</td>
              <td>{s.town}</td>
              <td>{s.timezone}</td>
              <td>{s.hours.length}</td>
              <td>
                <a href={`/admin/stores/${s.id}/edit`}>
                  Edit<span class="visually-hidden"> {s.name}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export function storeToValues(store: AdminStore): StoreFormValues {
  const values: StoreFormValues = {
    name: store.name,
    slug: store.slug,
    addressLine1: store.addressLine1,
    addressLine2: store.addressLine2 ?? '',
    town: store.town,
    postcode: store.postcode,
    phone: store.phone,
    timezone: store.timezone,
  };
  for (const day of ISO_DAYS) {
    const h = store.hours.find((x) => x.isoDay === day);
    values[`opens${day}`] = h?.opens ?? '';
    values[`closes${day}`] = h?.closes ?? '';
  }
  return values;
}

function TimeInput({ name, label, value, errors }: { name: string; label: string; value: string | undefined; errors?: FieldErrors | undefined }) {
  const error = errors?.[name];
  return (
    <td class={error ? 'field--invalid' : undefined}>
      <label class="visually-hidden" for={name}>
        {label}
      </label>
      <input
        type="time"
        id={name}
        name={name}
        value={value ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <FieldError id={`${name}-error`} message={error} />
    </td>
  );
}

export function StoreFormPage({
  ctx,
  storeId,
  values,
  errors,
}: {
  ctx: PageContext;
  storeId?: number;
  values: StoreFormValues;
  errors?: FieldErrors | undefined;
}) {
  const title = storeId ? `Edit ${values['name'] || 'store'}` : 'Add a store';
  const timezoneError = errors?.['timezone'];
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={storeId ? `/admin/stores/${storeId}` : '/admin/stores'} class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField name="name" label="Name" value={values['name']} errors={errors} maxLength={120} />
        <TextField
          name="slug"
          label="Slug"
          value={values['slug']}
          errors={errors}
          required={false}
          hint="Used in web addresses. Left empty, it is made from the name."
        />
        <TextField name="addressLine1" label="Address line 1" value={values['addressLine1']} errors={errors} />
        <TextField name="addressLine2" label="Address line 2 (optional)" value={values['addressLine2']} errors={errors} required={false} />
        <TextField name="town" label="Town" value={values['town']} errors={errors} />
        <TextField name="postcode" label="Postcode" value={values['postcode']} errors={errors} />
        <TextField name="phone" label="Phone" type="tel" value={values['phone']} errors={errors} required={false} />
        <div class={timezoneError ? 'field field--invalid' : 'field'}>
          <label for="timezone">Time zone</label>
          <p class="hint" id="timezone-hint">
            Opening hours and reports use the store's own clock.
          </p>
          <input
            id="timezone"
            name="timezone"
            list="timezones"
            value={values['timezone'] || 'Europe/London'}
            aria-invalid={timezoneError ? 'true' : undefined}
            aria-describedby={timezoneError ? 'timezone-hint timezone-error' : 'timezone-hint'}
          />
          <datalist id="timezones">
            {timezoneNames().map((z) => (
              <option value={z} />
            ))}
          </datalist>
          <FieldError id="timezone-error" message={timezoneError} />
        </div>
        <fieldset>
          <legend>Opening hours (leave both times empty for a closed day)</legend>
          <table class="admin-table hours-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Opens</th>
                <th scope="col">Closes</th>
              </tr>
            </thead>
            <tbody>
              {ISO_DAYS.map((day) => (
                <tr>
                  <th scope="row">{dayName(day)}</th>
                  <TimeInput name={`opens${day}`} label={`${dayName(day)} opens`} value={values[`opens${day}`]} errors={errors} />
                  <TimeInput name={`closes${day}`} label={`${dayName(day)} closes`} value={values[`closes${day}`]} errors={errors} />
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <button class="button button--primary" type="submit">
          {storeId ? 'Save store' : 'Create store'}
        </button>
      </form>
    </AdminLayout>
  );
}
