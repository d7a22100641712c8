// Category list (with move up/down buttons that work without JavaScript) and form.
import type { FieldErrors } from '../../../domain/errors.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import { Csrf, type PageContext } from '../../../web/layout.js';
import { TextArea } from '../fields.js';
import { AdminLayout } from '../layout.js';
import type { CategoryValues } from './category-service.js';
import { CatalogueListPage, EditLink } from './list-page.js';
import type { AdminCategory } from './queries.js';

function MoveButton({ ctx, category, direction }: { ctx: PageContext; category: AdminCategory; direction: 'up' | 'down' }) {
  return (
    <form method="post" action={`/admin/categories/${category.id}/move`} class="inline-form">
      <Csrf ctx={ctx} />
      <input type="hidden" name="direction" value={direction} />
      <button class="button button--small" type="submit" aria-label={`Move ${category.name} ${direction}`}>
        {direction === 'up' ? '↑' : '↓'}
      </button>
    </form>
  );
}

export function CategoryListPage({ ctx, categories }: { ctx: PageContext; categories: AdminCategory[] }) {
  return (
    <CatalogueListPage
      ctx={ctx}
      title="Categories"
      add={{ href: '/admin/categories/new', label: 'Add a category' }}
      caption="Categories in menu order"
      columns={['Order', 'Name', 'Slug', 'Products']}
    >
      {categories.map((c, i) => (
        <tr>
          <td class="nowrap">
            {i > 0 && <MoveButton ctx={ctx} category={c} direction="up" />}
            {i < categories.length - 1 && <MoveButton ctx={ctx} category={c} direction="down" />}
          </td>
          <th scope="row">{c.name}</th>
          <td>{c.slug}</td>
          <td>{c.productCount}</td>
          <td>
            <EditLink href={`/admin/categories/${c.id}/edit`} name={c.name} />
          </td>
        </tr>
      ))}
    </CatalogueListPage>
  );
}

export function CategoryFormPage({
  ctx,
  categoryId,
  values,
  errors,
}: {
  ctx: PageContext;
  categoryId?: number;
  values: Partial<CategoryValues>;
  errors?: FieldErrors | undefined;
}) {
  const title = categoryId ? `Edit ${values.name || 'category'}` : 'Add a category';
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={categoryId ? `/admin/categories/${categoryId}` : '/admin/categories'} class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField name="name" label="Name" value={values.name} errors={errors} maxLength={80} />
        <TextField name="slug" label="Slug" value={values.slug} errors={errors} required={false} hint="Left empty, it is made from the name." />
        <TextArea name="description" label="Description" value={values.description} errors={errors} maxLength={500} />
        <button class="button button--primary" type="submit">
          {categoryId ? 'Save category' : 'Create category'}
        </button>
      </form>
    </AdminLayout>
  );
}
