// /admin/stores: list, create, edit (Post/Redirect/Get; 400 with the form on bad input).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { idParam } from '../params.js';
import { parseStoreForm, storeFormValues, type StoreFormValues } from './form.js';
import { getAdminStore, listAdminStores } from './queries.js';
import { createStore, updateStore } from './service.js';
import { StoreFormPage, StoreListPage, storeToValues } from './views.js';

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

  app.post('/admin/stores', async (request, reply) => {
    const admin = requireAdmin(request);
    const values = storeFormValues(request.body);
    try {
      const input = parseStoreForm(values);
      await createStore(db, admin.id, input);
      return redirectWithFlash(reply, '/admin/stores', `Created ${input.name}. Every product and option is available there.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <StoreFormPage ctx={ctx} values={values} errors={error.fields} />, 400);
    }
  });

  app.get<IdParams>('/admin/stores/:id/edit', async (request, reply) => {
    const store = await getAdminStore(db, idParam(request.params.id, 'Store'));
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <StoreFormPage ctx={ctx} storeId={store.id} values={storeToValues(store)} />);
  });

  app.post<IdParams>('/admin/stores/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const id = (await getAdminStore(db, idParam(request.params.id, 'Store'))).id;
    const values = storeFormValues(request.body);
    try {
      const input = parseStoreForm(values);
      await updateStore(db, admin.id, id, input);
      return redirectWithFlash(reply, '/admin/stores', `Saved ${input.name}.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <StoreFormPage ctx={ctx} storeId={id} values={values} errors={error.fields} />, 400);
    }
  });
}
