// The queue's live stream. Each time an order at the store changes (a
// NOTIFY through the live hub), or the hub reconnects to the database, the stream
// re-reads the whole queue and sends it as one `queue` event if it differs from
// what this stream sent last. Sending the state rather than the changes means a
// missed notification, a reconnect or a failover can never lose a ticket: the
// next event (or the first one after reconnecting) carries everything.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { streamSse, type SseMessage } from '../../live/sse.js';
import type { Store } from '../../domain/store.js';
import { authorize } from '../../domain/permissions.js';
import { streamAccess } from '../../web/stream-access.js';
import { loadQueue } from './queue.js';
import { queueJson } from './queue-json.js';

/** How often the queue stream proves it is alive; queue.js declares the server lost after 4 s of silence. */
export const QUEUE_HEARTBEAT_MS = 1500;

export async function streamQueue(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, store: Store): Promise<void> {
  let lastSent: string | null = null;
  let sequence = Date.now();
  await streamSse(request, reply, {
    hub: deps.live,
    filter: { storeId: store.id },
    // A tablet must say "offline" within 5 s of losing the server (issue 10): it hears from the
    // stream at least this often, so silence past 4 s means the connection is gone (decision 402).
    heartbeatMs: deps.config.sseHeartbeatMs,
    limits: deps.config.liveStreamLimits,
    alive: { event: 'alive', everyMs: QUEUE_HEARTBEAT_MS },
    retryMs: 1000,
    access: streamAccess(deps, request, (user) => authorize(user, 'queue.view', { storeSlug: store.slug })),
    // afterId is ignored on purpose: every event is the whole queue, so a client
    // that reconnects (with or without Last-Event-ID) gets the state at once.
    async replay(): Promise<SseMessage[]> {
      const now = deps.clock(); // taken before the read, as in the API
      const queue = await loadQueue(deps.db.writer, store.id);
      const fingerprint = JSON.stringify(queue);
      if (fingerprint === lastSent) return [];
      lastSent = fingerprint;
      // Ids only need to grow along one stream.
      sequence = Math.max(sequence + 1, Date.now());
      return [{ id: String(sequence), event: 'queue', data: queueJson(store, queue, now) }];
    },
  });
}
