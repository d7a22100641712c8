// Option groups (selection rule, required, max) and their options (price delta, default).
import type { FieldErrors } from '../../../domain/errors.js';
import { formatDelta } from '../../../domain/money.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import { Csrf, type PageContext } from '../../../web/layout.js';
import { Checkbox, CheckboxGroup, Select } from '../fields.js';
import { ALLERGENS } from '../../../domain/allergens.js';
import { AdminLayout } from '../layout.js';
import type { GroupValues, OptionValues } from './option-form.js';
import { CatalogueListPage, EditLink } from './list-page.js';
import type { AdminOptionGroup } from './queries.js';

function rule(g: AdminOptionGroup): string {
  return `${g.selection === 'single' ? 'Choose one' : `Choose up to ${g.maxChoices}`}${g.required ? ', required' : ', optional'}`;
}

export function GroupListPage({ ctx, groups }: { ctx: PageContext; groups: AdminOptionGroup[] }) {
  return (
    <CatalogueListPage
      ctx={ctx}
      title="Option groups"
      add={{ href: '/admin/option-groups/new', label: 'Add an option group' }}
      caption="Option groups"
      columns={['Name', 'Rule', 'Options']}
    >
      {groups.map((g) => (
        <tr>
          <th scope="row">{g.name}</th>
          <td>{rule(g)}</td>
          <td>{g.options.map((o) => `${o.name}${o.isDefault ? ' (default)' : ''}`).join(', ')}</td>
          <td>
            <EditLink href={`/admin/option-groups/${g.id}`} name={g.name} />
          </td>
        </tr>
      ))}
    </CatalogueListPage>
  );
}

function GroupFields({ values, errors }: { values: Partial<GroupValues>; errors?: FieldErrors | undefined }) {
  return (
    <>
      <TextField name="name" label="Name" value={values.name} errors={errors} maxLength={60} />
      <TextField
        name="slug"
        label="Slug"
        value={values.slug}
        errors={errors}
        required={false}
        hint="Used in the API (e.g. milk). Left empty, it is made from the name."
      />
      <Select
        name="selection"
        label="Customers may choose"
        value={values.selection ?? 'single'}
        errors={errors}
        options={[
          { value: 'single', label: 'one option' },
          { value: 'multi', label: 'several options' },
        ]}
      />
      <TextField
        name="maxChoices"
        label="Most options a customer may choose"
        type="number"
        value={values.maxChoices ?? '1'}
        errors={errors}
        hint="1 for a choose-one group; up to 20."
      />
      <Checkbox name="required" label="Required (a choose-one group falls back to its default)" checked={values.required ?? false} errors={errors} />
    </>
  );
}

export function GroupFormPage({ ctx, values, errors }: { ctx: PageContext; values: Partial<GroupValues>; errors?: FieldErrors | undefined }) {
  return (
    <AdminLayout ctx={ctx} title="Add an option group">
      <h1>Add an option group</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action="/admin/option-groups" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <GroupFields values={values} errors={errors} />
        <button class="button button--primary" type="submit">
          Create option group
        </button>
      </form>
    </AdminLayout>
  );
}

export function GroupPage({
  ctx,
  group,
  values,
  errors,
}: {
  ctx: PageContext;
  group: AdminOptionGroup;
  values: GroupValues;
  errors?: FieldErrors | undefined;
}) {
  return (
    <AdminLayout ctx={ctx} title={group.name}>
      <h1>{group.name}</h1>
      <section aria-labelledby="options-heading">
        <h2 id="options-heading">Options</h2>
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Price</th>
              <th scope="col">Default</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {group.options.map((o) => (
              <tr>
                <th scope="row">{o.name}</th>
                <td>{o.slug}</td>
                <td>{formatDelta(o.priceDeltaPence) || 'no charge'}</td>
                <td>{o.isDefault ? 'Yes' : ''}</td>
                <td>
                  <EditLink href={`/admin/option-groups/${group.id}/options/${o.id}/edit`} name={o.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a class="button" href={`/admin/option-groups/${group.id}/options/new`}>
            Add an option to {group.name}
          </a>
        </p>
      </section>
      <section aria-labelledby="group-heading">
        <h2 id="group-heading">Group settings</h2>
        <ErrorSummary errors={errors} />
        <form method="post" action={`/admin/option-groups/${group.id}`} class="stack" novalidate>
          <Csrf ctx={ctx} />
          <GroupFields values={values} errors={errors} />
          <button class="button button--primary" type="submit">
            Save option group
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

export function OptionFormPage({
  ctx,
  group,
  optionId,
  values,
  errors,
}: {
  ctx: PageContext;
  group: AdminOptionGroup;
  optionId?: number;
  values: Partial<OptionValues>;
  errors?: FieldErrors | undefined;
}) {
  const title = optionId ? `Edit ${values.name || 'option'} (${group.name})` : `Add an option to ${group.name}`;
  const action = optionId ? `/admin/option-groups/${group.id}/options/${optionId}` : `/admin/option-groups/${group.id}/options`;
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField name="name" label="Name" value={values.name} errors={errors} maxLength={60} />
        <TextField
          name="slug"
          label="Slug"
          value={values.slug}
          errors={errors}
          required={false}
          hint="Used in the API (e.g. oat). Left empty, it is made from the name."
        />
        <TextField
          name="priceDelta"
          label="Extra cost (£)"
          value={values.priceDelta}
          errors={errors}
          required={false}
          hint="Like 0.45; 0 or empty for no charge; negative for a discount."
        />
        <Checkbox
          name="isDefault"
          label={`The default ${group.name.toLowerCase()} (replaces the current default)`}
          checked={values.isDefault ?? false}
          errors={errors}
        />
        <CheckboxGroup
          name="allergens"
          legend="Allergens this option brings into a drink (UK's 14)"
          items={ALLERGENS.map((a) => ({ value: a.slug, label: a.name }))}
          checked={values.allergens ?? []}
          errors={errors}
        />
        <button class="button button--primary" type="submit">
          {optionId ? 'Save option' : 'Create option'}
        </button>
      </form>
      <p>
        <a href={`/admin/option-groups/${group.id}`}>Back to {group.name}</a>
      </p>
    </AdminLayout>
  );
}
