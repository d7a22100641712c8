// Server-Sent Events over a LiveHub subscription. On connect (and on every
// notification or resync) the stream asks `replay(afterId)` for what it has not
// sent yet and writes it in order, so a reconnect with Last-Event-ID, a missed
// notification or a database reconnect never loses an event.
//
//   await streamSse(request, reply, {
//     hub: deps.live, filter: { orderId }, heartbeatMs: deps.config.sseHeartbeatMs,
//     replay: async (afterId) => [{ id: '42', event: 'order', data: {...} }, …],   // oldest first
//   });
//
// `afterId` is null for a first connection: replay then returns what the client
// needs to start (e.g. the latest event only). Ids must increase along the stream.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveFilter, LiveHub } from './live-hub.js';

export interface SseMessage {
  id: string;
  event: string;
  data: unknown;
}

export interface SseOptions {
  hub: LiveHub;
  filter: LiveFilter;
  replay(afterId: string | null): Promise<SseMessage[]>;
  heartbeatMs: number;
  /** Tells a browser how long to wait before reconnecting. */
  retryMs?: number;
}

export function lastEventId(request: FastifyRequest): string | null {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^\d{1,19}$/.test(value) ? value : null;
}

function frame(message: SseMessage): string {
  const data = JSON.stringify(message.data).replace(/\n/g, '\\n');
  return `id: ${message.id}\nevent: ${message.event}\ndata: ${data}\n\n`;
}

export async function streamSse(request: FastifyRequest, reply: FastifyReply, options: SseOptions): Promise<void> {
  let lastId = lastEventId(request);
  let ended = false;
  let pumping = false;
  let again = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let subscription: { close(): void } | undefined;
  let untrack: (() => void) | undefined;
  const raw = reply.raw;

  const end = () => {
    if (ended) return;
    ended = true;
    untrack?.();
    clearInterval(heartbeat);
    subscription?.close();
    if (!raw.writableEnded) raw.end();
  };

  // Read from the database whatever this stream has not sent; one pump at a time, repeated if poked meanwhile.
  const pump = async (): Promise<void> => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const messages = await options.replay(lastId);
        for (const message of messages) {
          if (ended) return;
          raw.write(frame(message));
          lastId = message.id;
        }
      } while (again && !ended);
    } catch (error) {
      request.log.warn({ err: error }, 'live stream replay failed');
      end(); // the browser reconnects with Last-Event-ID and catches up
    } finally {
      pumping = false;
    }
  };

  reply.hijack();
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // proxies must not buffer the stream
    'x-content-type-options': 'nosniff',
  });
  raw.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  untrack = options.hub.trackStream(end); // ended when the app shuts down
  request.raw.on('close', end);
  heartbeat = setInterval(() => {
    if (!ended) raw.write(': ping\n\n');
  }, options.heartbeatMs);

  try {
    subscription = await options.hub.subscribe(
      options.filter,
      () => void pump(),
      () => void pump(),
    );
  } catch (error) {
    request.log.warn({ err: error }, 'live stream could not subscribe');
    end();
    return;
  }
  if (ended) subscription.close();
  else await pump(); // after subscribing, so nothing committed in between is missed
}
