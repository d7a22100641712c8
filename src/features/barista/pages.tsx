// The queue page and its Ready / Collected forms (Post/Redirect/Get back to the
// queue). The transitions themselves belong to the orders feature.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../domain/errors.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { markCollected, markReady } from '../orders/index.js';
import { getStore } from '../../db/stores.js';
import { loadQueue } from './queue.js';
import { QueuePage } from './views.js';
import { failure, success } from '../../web/message.js';

type Params = { Params: { store: string; id: string } };

export async function baristaPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get<{ Params: { store: string } }>('/staff/:store/queue', { preValidation: storeGuard('queue.view') }, async (request, reply) => {
    const store = await getStore(deps.db.writer, request.params.store);
    const now = deps.clock();
    const [ctx, queue] = await Promise.all([pageContext(deps, request, reply), loadQueue(deps.db.writer, store.id)]);
    return sendPage(reply, <QueuePage ctx={ctx} store={store} queue={queue} now={now} />);
  });

  // The store's staff home is its queue.
  app.get<{ Params: { store: string } }>('/staff/:store', { preValidation: storeGuard('queue.view') }, async (request, reply) =>
    reply.redirect(`/staff/${encodeURIComponent(request.params.store)}/queue`, 303),
  );

  for (const [step, action, done] of [
    ['ready', markReady, 'is ready'],
    ['collected', markCollected, 'was collected'],
  ] as const) {
    app.post<Params>(`/staff/:store/queue/:id/${step}`, { preValidation: storeGuard('order.advance') }, async (request, reply) => {
      const back = `/staff/${encodeURIComponent(request.params.store)}/queue`;
      try {
        // markReady/markCollected check the caller is staff of the *order's* store, whatever the URL says.
        const order = await action(deps, request.user, request.params.id);
        return redirectWithFlash(reply, back, success(`Order ${order.number} ${done}.`));
      } catch (error) {
        // Someone else got there first (another tablet): say so and show the queue as it is.
        if (error instanceof AppError && error.status === 409) return redirectWithFlash(reply, back, failure(error.message));
        throw error;
      }
    });
  }
}
