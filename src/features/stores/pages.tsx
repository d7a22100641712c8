// Home page, store chooser, and choosing a store (remembered on the basket).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import Type from 'typebox';
import { formRoute } from '../../web/form-route.js';
import { ReturnTo } from '../../web/schemas.js';
import { pageContext } from '../../web/page-context.js';
import { safeReturnTo, sendPage } from '../../web/render.js';
import { chooseStore, ownerOf, viewBasket, StoreChoiceBody } from '../basket/index.js';
import { listStores } from '../../db/stores.js';
import { ChooseStorePage, HomePage } from './views.js';
import { info, warning } from '../../web/message.js';
import { plural } from '../../domain/words.js';

const StoreChoiceForm = Type.Object({ ...StoreChoiceBody.properties, returnTo: ReturnTo });

export async function storePages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get('/', async (request, reply) => {
    const [ctx, stores] = await Promise.all([pageContext(deps, request, reply), listStores(deps.db.reader)]);
    return sendPage(reply, <HomePage ctx={ctx} stores={stores} now={deps.clock()} />);
  });

  app.get<{ Querystring: { returnTo?: string } }>('/stores', async (request, reply) => {
    const [ctx, stores] = await Promise.all([pageContext(deps, request, reply), listStores(deps.db.reader)]);
    const returnTo = safeReturnTo(request.query.returnTo, '');
    return sendPage(reply, <ChooseStorePage ctx={ctx} stores={stores} now={deps.clock()} returnTo={returnTo} />);
  });

  app.post(
    '/stores/choose',
    formRoute({
      schema: StoreChoiceForm,
      messages: { store: 'Please choose one of our stores.' },
      async action({ store: slug, returnTo }, request) {
        const owner = ownerOf(request);
        const store = await chooseStore(deps.db.writer, owner, slug);
        const basket = await viewBasket(deps.db.writer, owner);
        const flagged = basket.lines.filter((l) => l.problems.length > 0).length;
        const where = store.name.replace(/^Alpaca Cafe /, '');
        const message =
          flagged > 0
            ? warning(`You're ordering from ${where}. ${plural(flagged, 'item')} in your basket can't be made here — see your basket.`)
            : info(`You're ordering from ${where}.`);
        return { redirect: safeReturnTo(returnTo, `/stores/${store.slug}`), flash: message };
      },
      // The chooser is a list of buttons: an unknown store goes back to it.
      invalid: () => ({ redirect: '/stores', flash: 'Please choose one of our stores.' }),
    }),
  );
}
