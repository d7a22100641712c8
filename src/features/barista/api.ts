// JSON API for the counter: a store's queue now, and its live stream.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { storeGuard } from '../../web/guards.js';
import { errors, Slug } from '../../web/schemas.js';
import { sseResponse } from '../../web/openapi.js';
import { getStore } from '../../db/stores.js';
import { streamQueue } from './live-queue.js';
import { loadQueue } from './queue.js';
import { QueueJson, queueJson } from './queue-json.js';

const auth = { security: [{ bearer: [] }] };
const StoreParams = Type.Object({ store: Slug });

export async function baristaApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/stores/:store/queue',
    {
      preValidation: storeGuard('queue.view'),
      schema: {
        tags: ['staff'],
        summary: "A store's queue: paid orders to make (oldest check-in first) and ready orders (barista, manager, admin)",
        ...auth,
        params: StoreParams,
        response: { 200: QueueJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const store = await getStore(deps.db.writer, request.params.store);
      const now = deps.clock(); // before the read: a later `now` always means a later view (queue.js relies on it)
      return queueJson(store, await loadQueue(deps.db.writer, store.id), now);
    },
  );

  app.get(
    '/api/v1/stores/:store/queue/events',
    {
      preValidation: storeGuard('queue.view'),
      schema: {
        tags: ['staff'],
        ...auth,
        params: StoreParams,
        response: {
          200: sseResponse(
            'The queue, live: the whole queue on connect and after every change, and an empty `alive` event every 1.5 s (silence means the connection is lost).',
            {
              queue: QueueJson,
              alive: Type.Object({}),
            },
          ),
          ...errors(400, 401, 403, 404),
        },
        summary: 'Live queue (Server-Sent Events): a `queue` event with the whole queue on connect and after every change',
      },
    },
    async (request, reply) => {
      const store = await getStore(deps.db.writer, request.params.store);
      await streamQueue(deps, request, reply, store);
    },
  );
}
