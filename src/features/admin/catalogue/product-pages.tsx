// /admin/products: list, create, edit (multipart form with an optional image upload).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { registerMultipart } from './multipart.js';
import { parseProduct, productToValues, productValues, type ProductValues } from './product-form.js';
import { createProduct, updateProduct } from './product-service.js';
import { ProductFormPage, ProductListPage } from './product-views.js';
import { getProduct, listCategoriesAdmin, listOptionGroups, listProductsAdmin } from './queries.js';

type IdParams = { Params: { id: string } };

const blank: ProductValues = {
  name: '', slug: '', description: '', price: '', categoryId: '', groups: [], imageUrl: '', removeImage: false, currentImage: null,
};

export async function adminProductPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  await registerMultipart(app);

  async function formPage(request: FastifyRequest, reply: Parameters<typeof sendPage>[0], values: ProductValues, options: { productId?: number; errors?: Record<string, string> } = {}) {
    const [ctx, categories, groups] = await Promise.all([pageContext(deps, request, reply), listCategoriesAdmin(db), listOptionGroups(db)]);
    return sendPage(reply, <ProductFormPage ctx={ctx} values={values} categories={categories} groups={groups} {...options} />, options.errors ? 400 : 200);
  }

  async function known() {
    const [categories, groups] = await Promise.all([listCategoriesAdmin(db), listOptionGroups(db)]);
    return { categoryIds: categories.map((c) => c.id), groupIds: groups.map((g) => g.id) };
  }

  app.get('/admin/products', async (request, reply) => {
    const [ctx, products] = await Promise.all([pageContext(deps, request, reply), listProductsAdmin(db)]);
    return sendPage(reply, <ProductListPage ctx={ctx} products={products} />);
  });

  app.get('/admin/products/new', async (request, reply) => formPage(request, reply, blank));

  app.post('/admin/products', async (request, reply) => {
    const admin = requireAdmin(request);
    const { values, file } = productValues(request.body);
    try {
      const input = parseProduct(values, file, await known());
      await createProduct(deps, admin.id, input);
      return redirectWithFlash(reply, '/admin/products', `Created ${input.name}. It is available at every store.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return formPage(request, reply, values, { errors: error.fields ?? {} });
    }
  });

  app.get<IdParams>('/admin/products/:id/edit', async (request, reply) => {
    const product = await getProduct(db, idParam(request.params.id, 'Product'));
    return formPage(request, reply, productToValues(product), { productId: product.id });
  });

  app.post<IdParams>('/admin/products/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const product = await getProduct(db, idParam(request.params.id, 'Product'));
    const { values, file } = productValues(request.body, product.imageUrl);
    try {
      const input = parseProduct(values, file, await known());
      await updateProduct(deps, admin.id, product.id, input);
      return redirectWithFlash(reply, '/admin/products', `Saved ${input.name}.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return formPage(request, reply, values, { productId: product.id, errors: error.fields ?? {} });
    }
  });
}
