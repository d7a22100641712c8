// Product list and the product form (multipart: the image can be uploaded).
import type { FieldErrors } from '../../../domain/errors.js';
import { formatPence } from '../../../domain/money.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import { Csrf, FieldError, type PageContext } from '../../../web/layout.js';
import { Checkbox, CheckboxGroup, Select, TextArea } from '../fields.js';
import { AdminLayout } from '../layout.js';
import { ALLERGENS } from '../../../domain/allergens.js';
import type { ProductValues } from './product-form.js';
import { CatalogueListPage, EditLink } from './list-page.js';
import type { AdminCategory, AdminOptionGroup, AdminProduct } from './queries.js';

export function ProductListPage({ ctx, products }: { ctx: PageContext; products: AdminProduct[] }) {
  return (
    <CatalogueListPage
      ctx={ctx}
      title="Products"
      add={{ href: '/admin/products/new', label: 'Add a product' }}
      caption="Products in menu order"
      columns={['Name', 'Category', 'Price', 'Image']}
    >
      {products.map((p) => (
        <tr>
          <th scope="row">{p.name}</th>
          <td>{p.categoryName}</td>
          <td>{formatPence(p.pricePence)}</td>
          <td>{p.imageUrl ? <img src={p.imageUrl} alt="" width="40" height="40" loading="lazy" /> : '—'}</td>
          <td>
            <EditLink href={`/admin/products/${p.id}/edit`} name={p.name} />
          </td>
        </tr>
      ))}
    </CatalogueListPage>
  );
}

interface FormProps {
  ctx: PageContext;
  productId?: number;
  values: ProductValues;
  errors?: FieldErrors | undefined;
  categories: AdminCategory[];
  groups: AdminOptionGroup[];
}

export function ProductFormPage({ ctx, productId, values, errors, categories, groups }: FormProps) {
  const title = productId ? `Edit ${values.name || 'product'}` : 'Add a product';
  const fileError = errors?.['imageFile'];
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={productId ? `/admin/products/${productId}` : '/admin/products'} enctype="multipart/form-data" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <TextField name="name" label="Name" value={values.name} errors={errors} maxLength={120} />
        <TextField name="slug" label="Slug" value={values.slug} errors={errors} required={false} hint="Left empty, it is made from the name." />
        <TextArea name="description" label="Description" value={values.description} errors={errors} maxLength={1000} />
        <TextField name="price" label="Price (£)" value={values.price} errors={errors} hint="In pounds, like 3.40." />
        <Select
          name="categoryId"
          label="Category"
          value={values.categoryId}
          errors={errors}
          options={[{ value: '', label: 'Choose a category' }, ...categories.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <CheckboxGroup
          name="groups"
          legend="Recipe: option groups this product offers"
          errors={errors}
          checked={values.groups}
          items={groups.map((g) => ({
            value: String(g.id),
            label: `${g.name} (${g.selection === 'single' ? 'choose one' : `up to ${g.maxChoices}`}${g.required ? ', required' : ''})`,
          }))}
        />
        <CheckboxGroup
          name="allergens"
          legend="Allergens in the product whatever is chosen (UK's 14; milks, syrups and toppings bring their own)"
          items={ALLERGENS.map((a) => ({ value: a.slug, label: a.name }))}
          checked={values.allergens}
          errors={errors}
        />
        <fieldset class="field">
          <legend>Image</legend>
          {values.currentImage && (
            <p>
              <img src={values.currentImage} alt={`${values.name}, as shown now`} width="96" height="96" />
            </p>
          )}
          <div class={fileError ? 'field field--invalid' : 'field'}>
            <label for="imageFile">Upload an image</label>
            <p class="hint" id="imageFile-hint">
              PNG, JPEG or WebP, up to 2 MB.
            </p>
            <input
              type="file"
              id="imageFile"
              name="imageFile"
              accept="image/png,image/jpeg,image/webp"
              aria-invalid={fileError ? 'true' : undefined}
              aria-describedby={fileError ? 'imageFile-hint imageFile-error' : 'imageFile-hint'}
            />
            <FieldError id="imageFile-error" message={fileError} />
          </div>
          <TextField name="imageUrl" label="…or an image address (https)" value={values.imageUrl} errors={errors} required={false} />
          {values.currentImage && <Checkbox name="removeImage" label="Remove the image" checked={values.removeImage} />}
        </fieldset>
        <button class="button button--primary" type="submit">
          {productId ? 'Save product' : 'Create product'}
        </button>
      </form>
    </AdminLayout>
  );
}
