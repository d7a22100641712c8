// /admin/stores: list, create, edit (Post/Redirect/Get; 400 with the form on bad input).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { formRoute } from '../../../web/form-route.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { parseStoreForm, StoreForm, storeMessages, type StoreFormValues } from './form.js';
import { getAdminStore, listAdminStores } from './queries.js';
import { createStore, updateStore } from './service.js';
import { StoreFormPage, StoreListPage, storeToValues } from './views.js';
import { success } from '../../../web/message.js';

type IdParams = { Params: { id: string } };

const blankStore: StoreFormValues = { timezone: 'Europe/London' };

export async function adminStorePages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get('/admin/stores', async (request, reply) => {
    const [ctx, stores] = await Promise.all([pageContext(deps, request, reply), listAdminStores(db)]);
    return sendPage(reply, <StoreListPage ctx={ctx} stores={stores} />);
  });

  app.get('/admin/stores/new', async (request, reply) => {
    return sendPage(reply, <StoreFormPage ctx={await pageContext(deps, request, reply)} values={blankStore} />);
  });

  app.post(
    '/admin/stores',
    formRoute({
      schema: StoreForm,
      messages: storeMessages,
      async action(form, request) {
        const input = parseStoreForm(form);
        await createStore(db, requireAdmin(request).id, input);
        return { redirect: '/admin/stores', flash: success(`Created ${input.name}. Every product and option is available there.`) };
      },
      invalid: async (request, reply, { values, errors }) => <StoreFormPage ctx={await pageContext(deps, request, reply)} values={values} errors={errors} />,
    }),
  );

  app.get<IdParams>('/admin/stores/:id/edit', async (request, reply) => {
    const store = await getAdminStore(db, idParam(request.params.id, 'Store'));
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <StoreFormPage ctx={ctx} storeId={store.id} values={storeToValues(store)} />);
  });

  app.post<IdParams>(
    '/admin/stores/:id',
    formRoute({
      schema: StoreForm,
      messages: storeMessages,
      async action(form, request) {
        const id = (await getAdminStore(db, idParam(request.params.id, 'Store'))).id;
        const input = parseStoreForm(form);
        await updateStore(db, requireAdmin(request).id, id, input);
        return { redirect: '/admin/stores', flash: success(`Saved ${input.name}.`) };
      },
      async invalid(request, reply, { values, errors }) {
        const id = (await getAdminStore(db, idParam(request.params.id, 'Store'))).id;
        return <StoreFormPage ctx={await pageContext(deps, request, reply)} storeId={id} values={values} errors={errors} />;
      },
    }),
  );
}
