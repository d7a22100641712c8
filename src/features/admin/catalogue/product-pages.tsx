// /admin/products: list, create, edit (multipart form with an optional image upload).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { formRoute, type FormFailure } from '../../../web/form-route.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { registerMultipart } from './multipart.js';
import { parseProduct, ProductForm, productMessages, productToValues, uploadedFile, type ProductFormInput, type ProductValues } from './product-form.js';
import { createProduct, updateProduct } from './product-service.js';
import { ProductFormPage, ProductListPage } from './product-views.js';
import { getProduct, listCategoriesAdmin, listOptionGroups, listProductsAdmin } from './queries.js';
import { success } from '../../../web/message.js';

type IdParams = { Params: { id: string } };

const blank: ProductValues = {
  name: '',
  slug: '',
  description: '',
  price: '',
  categoryId: '',
  groups: [],
  allergens: [],
  imageUrl: '',
  removeImage: false,
  currentImage: null,
};

export async function adminProductPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  await registerMultipart(app);

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: ProductValues,
    options: { productId?: number; errors?: Record<string, string> } = {},
  ) {
    const [ctx, categories, groups] = await Promise.all([pageContext(deps, request, reply), listCategoriesAdmin(db), listOptionGroups(db)]);
    return <ProductFormPage ctx={ctx} values={values} categories={categories} groups={groups} {...options} />;
  }

  async function known() {
    const [categories, groups] = await Promise.all([listCategoriesAdmin(db), listOptionGroups(db)]);
    return { categoryIds: categories.map((c) => c.id), groupIds: groups.map((g) => g.id) };
  }

  app.get('/admin/products', async (request, reply) => {
    const [ctx, products] = await Promise.all([pageContext(deps, request, reply), listProductsAdmin(db)]);
    return sendPage(reply, <ProductListPage ctx={ctx} products={products} />);
  });

  app.get('/admin/products/new', async (request, reply) => sendPage(reply, await formPage(request, reply, blank)));

  /** What was typed, to show again (the image the product has now stays beside the form). */
  function typedValues({ values, lists, partial }: FormFailure<ProductFormInput>, currentImage: string | null): ProductValues {
    return { ...blank, ...values, groups: lists['groups'] ?? [], allergens: lists['allergens'] ?? [], removeImage: partial.removeImage ?? false, currentImage };
  }

  app.post(
    '/admin/products',
    formRoute({
      schema: ProductForm,
      messages: productMessages,
      async action(form, request) {
        const input = parseProduct(form, null, uploadedFile(request.body), await known());
        await createProduct(deps, requireAdmin(request).id, input);
        return { redirect: '/admin/products', flash: success(`Created ${input.name}. It is available at every store.`) };
      },
      invalid: (request, reply, failure) => formPage(request, reply, typedValues(failure, null), { errors: failure.errors }),
    }),
  );

  app.get<IdParams>('/admin/products/:id/edit', async (request, reply) => {
    const product = await getProduct(db, idParam(request.params.id, 'Product'));
    return sendPage(reply, await formPage(request, reply, productToValues(product), { productId: product.id }));
  });

  app.post<IdParams>(
    '/admin/products/:id',
    formRoute({
      schema: ProductForm,
      messages: productMessages,
      async action(form, request) {
        const product = await getProduct(db, idParam(request.params.id, 'Product'));
        const input = parseProduct(form, product.imageUrl, uploadedFile(request.body), await known());
        await updateProduct(deps, requireAdmin(request).id, product.id, input);
        return { redirect: '/admin/products', flash: success(`Saved ${input.name}.`) };
      },
      async invalid(request, reply, failure) {
        const product = await getProduct(db, idParam(request.params.id, 'Product'));
        return formPage(request, reply, typedValues(failure, product.imageUrl), { productId: product.id, errors: failure.errors });
      },
    }),
  );
}
