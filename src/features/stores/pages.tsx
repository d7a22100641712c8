// Home page, store chooser, and choosing a store (remembered on the basket).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { formString } from '../../web/forms.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, safeReturnTo, sendPage } from '../../web/render.js';
import { chooseStore, ownerOf, viewBasket } from '../basket/service.js';
import { listStores } from '../../db/stores.js';
import { ChooseStorePage, HomePage } from './views.js';

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

  app.post('/stores/choose', async (request, reply) => {
    const slug = formString(request.body, 'store');
    const owner = ownerOf(request);
    const store = await chooseStore(deps.db.writer, owner, slug).catch((error) => {
      if (error instanceof ValidationError) return null;
      throw error;
    });
    if (!store) return redirectWithFlash(reply, '/stores', 'Please choose one of our stores.');
    const basket = await viewBasket(deps.db.writer, owner);
    const flagged = basket.lines.filter((l) => l.problems.length > 0).length;
    const where = store.name.replace(/^Alpaca Cafe /, '');
    const message = flagged > 0
      ? `You're ordering from ${where}. ${flagged} item${flagged === 1 ? '' : 's'} in your basket can't be made here — see your basket.`
      : `You're ordering from ${where}.`;
    return redirectWithFlash(reply, safeReturnTo(formString(request.body, 'returnTo'), `/stores/${store.slug}`), message);
  });
}
