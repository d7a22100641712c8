// /staff/:store/tickets — the in-app ticket feed, for the store's staff and admins.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import { getStore } from '../../db/stores.js';
import { recentTickets } from './queries.js';
import { TicketFeedPage } from './views.js';

export async function ticketPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get<{ Params: { store: string } }>('/staff/:store/tickets', { preValidation: storeGuard('queue.view') }, async (request, reply) => {
    const store = await getStore(deps.db.writer, request.params.store);
    const [ctx, tickets] = await Promise.all([pageContext(deps, request, reply), recentTickets(deps.db.writer, store.id)]);
    return sendPage(reply, <TicketFeedPage ctx={ctx} store={store} tickets={tickets} printer={Boolean(deps.config.mqttUrl)} refreshSeconds={15} />);
  });
}
