// /admin/categories: list, create, edit, reorder.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import Type from 'typebox';
import { formRoute } from '../../../web/form-route.js';
import { pageContext } from '../../../web/page-context.js';
import { failure, success } from '../../../web/message.js';
import { sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { CategoryForm, categoryMessages, createCategory, moveCategory, parseCategory, updateCategory } from './category-service.js';
import { CategoryFormPage, CategoryListPage } from './category-views.js';
import { getCategory, listCategoriesAdmin } from './queries.js';

type IdParams = { Params: { id: string } };

const MoveForm = Type.Object({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });

export async function adminCategoryPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  async function listPage(request: FastifyRequest, reply: FastifyReply, problem?: string) {
    const [ctx, categories] = await Promise.all([pageContext(deps, request, reply), listCategoriesAdmin(db)]);
    return <CategoryListPage ctx={problem ? { ...ctx, flash: failure(problem) } : ctx} categories={categories} />;
  }

  app.get('/admin/categories', async (request, reply) => sendPage(reply, await listPage(request, reply)));

  app.get('/admin/categories/new', async (request, reply) => sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} values={{}} />));

  app.post(
    '/admin/categories',
    formRoute({
      schema: CategoryForm,
      messages: categoryMessages,
      async action(form, request) {
        const input = parseCategory(form);
        await createCategory(db, requireAdmin(request).id, input);
        return { redirect: '/admin/categories', flash: success(`Created the ${input.name} category.`) };
      },
      invalid: async (request, reply, { values, errors }) => <CategoryFormPage ctx={await pageContext(deps, request, reply)} values={values} errors={errors} />,
    }),
  );

  app.get<IdParams>('/admin/categories/:id/edit', async (request, reply) => {
    const category = await getCategory(db, idParam(request.params.id, 'Category'));
    return sendPage(reply, <CategoryFormPage ctx={await pageContext(deps, request, reply)} categoryId={category.id} values={category} />);
  });

  app.post<IdParams>(
    '/admin/categories/:id',
    formRoute({
      schema: CategoryForm,
      messages: categoryMessages,
      async action(form, request) {
        const { id } = await getCategory(db, idParam(request.params.id, 'Category'));
        const input = parseCategory(form);
        await updateCategory(db, requireAdmin(request).id, id, input);
        return { redirect: '/admin/categories', flash: success(`Saved the ${input.name} category.`) };
      },
      async invalid(request, reply, { values, errors }) {
        const { id } = await getCategory(db, idParam(request.params.id, 'Category'));
        return <CategoryFormPage ctx={await pageContext(deps, request, reply)} categoryId={id} values={values} errors={errors} />;
      },
    }),
  );

  app.post<IdParams>(
    '/admin/categories/:id/move',
    formRoute({
      schema: MoveForm,
      messages: { direction: 'Move a category up or down.' },
      async action({ direction }, request) {
        const category = await getCategory(db, idParam(request.params.id, 'Category'));
        await moveCategory(db, requireAdmin(request).id, category.id, direction);
        return { redirect: '/admin/categories', flash: success(`Moved ${category.name} ${direction}.`) };
      },
      // The buttons sit on the list: it is shown again with the problem at its top.
      invalid: (request, reply, { errors, message }) => listPage(request, reply, Object.values(errors)[0] ?? message),
    }),
  );
}
