// /admin/categories: list, create, edit, reorder.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { formString } from '../../../web/forms.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { categoryValues, createCategory, moveCategory, parseCategory, updateCategory } from './category-service.js';
import { CategoryFormPage, CategoryListPage } from './category-views.js';
import { getCategory, listCategoriesAdmin } from './queries.js';

type IdParams = { Params: { id: string } };

export async function adminCategoryPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get('/admin/categories', async (request, reply) => {
    const [ctx, categories] = await Promise.all([pageContext(deps, request, reply), listCategoriesAdmin(db)]);
    return sendPage(reply, <CategoryListPage ctx={ctx} categories={categories} />);
  });

  app.get('/admin/categories/new', async (request, reply) =>
    sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} values={{}} />));

  app.post('/admin/categories', async (request, reply) => {
    const admin = requireAdmin(request);
    const values = categoryValues(request.body);
    try {
      const input = parseCategory(values);
      await createCategory(db, admin.id, input);
      return redirectWithFlash(reply, '/admin/categories', `Created the ${input.name} category.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} values={values} errors={error.fields} />, 400);
    }
  });

  app.get<IdParams>('/admin/categories/:id/edit', async (request, reply) => {
    const category = await getCategory(db, idParam(request.params.id, 'Category'));
    return sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} categoryId={category.id} values={category} />);
  });

  app.post<IdParams>('/admin/categories/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = await getCategory(db, idParam(request.params.id, 'Category'));
    const values = categoryValues(request.body);
    try {
      const input = parseCategory(values);
      await updateCategory(db, admin.id, id, input);
      return redirectWithFlash(reply, '/admin/categories', `Saved the ${input.name} category.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} categoryId={id} values={values} errors={error.fields} />, 400);
    }
  });

  app.post<IdParams>('/admin/categories/:id/move', async (request, reply) => {
    const admin = requireAdmin(request);
    const category = await getCategory(db, idParam(request.params.id, 'Category'));
    const direction = formString(request.body, 'direction');
    if (direction !== 'up' && direction !== 'down') throw new ValidationError({ direction: 'Move a category up or down.' });
    await moveCategory(db, admin.id, category.id, direction);
    return redirectWithFlash(reply, '/admin/categories', `Moved ${category.name} ${direction}.`);
  });
}
