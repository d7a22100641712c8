// The order page's live stream: every order event after the client's
// Last-Event-ID (or, on a first connection, just the latest), as SSE `order` events
// carrying the event and the order's state now.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { STATE_LABELS } from '../../domain/order-state-words.js';
import { streamSse, type SseMessage } from '../../live/sse.js';
import { authorize } from '../../domain/permissions.js';
import { streamAccess } from '../../web/stream-access.js';
import { eventJson } from './order-json.js';
import type { Order } from './model.js';
import { eventsOf } from './queries.js';

export async function streamOrderEvents(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  order: Pick<Order, 'id' | 'userId' | 'storeId'>,
  { queue = false }: { queue?: boolean } = {},
): Promise<void> {
  await streamSse(request, reply, {
    hub: deps.live,
    filter: { orderId: order.id },
    heartbeatMs: deps.config.sseHeartbeatMs,
    access: streamAccess(deps, request, (user) => authorize(user, 'order.view', { ownerId: order.userId, storeId: order.storeId })),
    limits: deps.config.liveStreamLimits,
    // The store's queue moved: this order's ETA may have changed (the page re-reads it).
    ...(queue ? { nudge: { filter: { storeId: order.storeId }, event: 'queue' } } : {}),
    async replay(afterId): Promise<SseMessage[]> {
      const events = await eventsOf(deps.db.writer, order.id, afterId);
      const toSend = afterId === null ? events.slice(-1) : events;
      return toSend.map((event) => ({
        id: event.id,
        event: 'order',
        data: { orderId: order.id, ...eventJson(event), state: event.to, label: STATE_LABELS[event.to] },
      }));
    },
  });
}
