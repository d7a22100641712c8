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
import { AppError } from '../domain/errors.js';
import { takeStreamPlace, type StreamLimits } from './stream-quota.js';
import { sseStreamDuration, sseStreams } from '../observability/counters.js';

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
  /**
   * Also send this named event (`data: {}`) this often, so the page's script hears from the server
   * and can tell a silent, dead connection from a quiet stream (comments never reach a script).
   */
  alive?: { event: string; everyMs: number };
  /** Who the stream is for; it closes as soon as they lose the right to it (decision 501). */
  access?: StreamAccess;
  /** Open streams per account / per anonymous visitor on this instance; one more answers 429. */
  limits: StreamLimits;
  /**
   * Also tell the client, without an id (Last-Event-ID is untouched), when something matching
   * this filter happens: the order page hears its store's queue move (its ETA may change).
   */
  nudge?: { filter: LiveFilter; event: string };
}

/**
 * A signed-in stream's right to go on. `stillAllowed` re-reads the session and the permission from
 * the database: it runs before every batch the stream sends, and whenever the user's access changes
 * (publishAccessChange, on any instance). False, or an error, ends the stream.
 */
export interface StreamAccess {
  userId: number;
  stillAllowed(): Promise<boolean>;
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
  const owner = request.user ? { userId: request.user.id } : { visitorId: request.visitorId };
  const givePlaceBack = takeStreamPlace(options.hub, owner, options.limits);
  if (!givePlaceBack) {
    throw new AppError(429, 'too_many_streams', 'Too many live pages are open. Close some tabs or windows and reload this one.');
  }
  let lastId = lastEventId(request);
  let ended = false;
  let pumping = false;
  let again = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let alive: NodeJS.Timeout | undefined;
  let subscription: { close(): void } | undefined;
  let nudges: { close(): void } | undefined;
  let untrack: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  const raw = reply.raw;

  const route = request.routeOptions.url ?? 'unmatched';
  const opened = process.hrtime.bigint();
  const end = () => {
    if (ended) return;
    ended = true;
    sseStreams.dec({ route });
    sseStreamDuration.observe({ route }, Number(process.hrtime.bigint() - opened) / 1e9);
    untrack?.();
    unwatch?.();
    givePlaceBack();
    clearInterval(heartbeat);
    clearInterval(alive);
    subscription?.close();
    nudges?.close();
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
        if (messages.length > 0 && !(await allowed())) return end();
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

  // A failed check counts as a refusal: a stream that cannot prove its right stops.
  const allowed = async (): Promise<boolean> => {
    if (!options.access) return true;
    try {
      return await options.access.stillAllowed();
    } catch (error) {
      request.log.warn({ err: error }, 'live stream could not re-check access');
      return false;
    }
  };
  const recheck = async (): Promise<void> => {
    if (!ended && !(await allowed())) end();
  };

  reply.hijack();
  sseStreams.inc({ route });
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // proxies must not buffer the stream
    'x-content-type-options': 'nosniff',
    'x-request-id': request.id, // hijacked: the reply's own headers are not sent
  });
  raw.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  untrack = options.hub.trackStream(end); // ended when the app shuts down
  request.raw.on('close', end);
  if (options.alive) {
    const { event, everyMs } = options.alive;
    alive = setInterval(() => {
      if (!ended) raw.write(`event: ${event}\ndata: {}\n\n`);
    }, everyMs);
  }
  heartbeat = setInterval(() => {
    if (ended) return;
    raw.write(': ping\n\n');
    void recheck(); // a backstop should an access-change notification ever be lost
  }, options.heartbeatMs);

  try {
    subscription = await options.hub.subscribe(
      options.filter,
      () => void pump(),
      () => {
        void recheck(); // access changes may have been missed too
        void pump();
      },
    );
  } catch (error) {
    request.log.warn({ err: error }, 'live stream could not subscribe');
    end();
    return;
  }
  if (options.nudge) {
    const { filter, event } = options.nudge;
    nudges = await options.hub
      .subscribe(filter, () => {
        if (!ended) raw.write(`event: ${event}\ndata: {}\n\n`);
      })
      .catch((error: unknown) => {
        request.log.warn({ err: error }, 'live stream could not subscribe to its nudges');
        return undefined;
      });
  }
  if (ended) {
    subscription.close();
    nudges?.close();
    return;
  }
  if (options.access) unwatch = options.hub.watchAccess(options.access.userId, () => void recheck());
  await pump(); // after subscribing, so nothing committed in between is missed
}
