// /healthz says the process is alive; /readyz says it wants traffic. Neither queries the database:
// a database failover must not take every app out of HAProxy. /readyz answers 503 only when this
// instance alone has lost the writer (database-reach.ts, decision 803); /readyz/writer tells the
// other instances what this one sees of the writer.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../domain/errors.js';

/** What an instance's own writer probes say: reached (or not) without a break for `forMs`. */
export interface WriterReach {
  reachable: boolean;
  forMs: number;
  /** How long its own database work has waited without any answer (decision 804); absent where nothing is tracked. */
  quietMs?: number;
  /** How long ago the database last answered it anything (decision 804); absent before the first answer. */
  answeredMsAgo?: number;
  /**
   * How long ago it sent the newest work the writer answered with success, a statement or a probe
   * (decision 805); absent before the first. A peer vouches for reads only with one sent after the
   * asking instance went silent.
   */
  writerSucceededMsAgo?: number;
}

export class Lifecycle {
  draining = false;
  /** This instance alone cannot reach the writer (decision 803). */
  cutOff = false;
  /** The latest probe's view, for peers; null where nothing probes (PGlite, a single instance's tests). */
  writerReach: WriterReach | null = null;
  /** Reads are stuck on a database this instance alone cannot reach: GETs go elsewhere (decision 804). */
  shedReads = false;
  /** What this instance hears from the database, told to peers with its probes' view (decision 804). */
  databaseHeard: (() => Pick<WriterReach, 'quietMs' | 'answeredMsAgo' | 'writerSucceededMsAgo'>) | null = null;
  private readonly onCutOff = new Set<() => void>();
  private readonly onShedReads = new Set<() => void>();

  setCutOff(value: boolean): void {
    const was = this.cutOff;
    this.cutOff = value;
    if (value && !was) for (const listener of this.onCutOff) listener();
  }

  setShedReads(value: boolean): void {
    const was = this.shedReads;
    this.shedReads = value;
    if (value && !was) for (const listener of this.onShedReads) listener();
  }

  /** Runs `listener` each time this instance starts sending its reads elsewhere. */
  whenReadsShed(listener: () => void): () => void {
    this.onShedReads.add(listener);
    return () => this.onShedReads.delete(listener);
  }

  /** Runs `listener` each time this instance becomes cut off. */
  whenCutOff(listener: () => void): () => void {
    this.onCutOff.add(listener);
    return () => this.onCutOff.delete(listener);
  }
}

export const ALWAYS_ANSWERED = /^\/(healthz|readyz|readyz\/writer|metrics)(\?|$)/;

const cutOffError = () => new AppError(503, 'database_unreachable', 'This server cannot reach our database right now. Please try again in a few seconds.');

const readsElsewhereError = () => new AppError(503, 'database_unreachable', 'This server is waiting for our database. Please try again.');

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * While this instance is cut off, every request gets a 503 at once, and so does every request in
 * flight that has not started its answer: HAProxy re-sends idempotent ones to another instance, and
 * clients re-send the rest. Live streams (answer already started) are left to HAProxy, which closes
 * them when it marks the instance down. While its reads are stuck (decision 804, before it knows it
 * is cut off), the same happens to GET and HEAD requests only.
 */
export function shedWhileCutOff(app: FastifyInstance, lifecycle: Lifecycle): void {
  const pending = new Set<FastifyReply>();
  const answerPending = (which: (reply: FastifyReply) => boolean, error: () => AppError, message: string) => {
    for (const reply of pending) {
      if (reply.sent || reply.raw.headersSent || !which(reply)) continue;
      reply.request.log.warn(message);
      reply.send(error());
    }
  };
  lifecycle.whenCutOff(() => answerPending(() => true, cutOffError, 'answered 503: this instance lost the database'));
  lifecycle.whenReadsShed(() =>
    answerPending((reply) => isRead(reply.request.method), readsElsewhereError, 'answered 503: read stuck on a database this instance alone cannot reach'),
  );
  app.addHook('onRequest', async (request, reply) => {
    if (ALWAYS_ANSWERED.test(request.url)) return;
    if (lifecycle.cutOff) throw cutOffError();
    if (lifecycle.shedReads && isRead(request.method)) throw readsElsewhereError();
    pending.add(reply);
    const done = () => pending.delete(reply);
    reply.raw.once('close', done);
    reply.raw.once('finish', done);
  });
}

export async function lifecycleRoutes(app: FastifyInstance, { lifecycle }: { lifecycle: Lifecycle }) {
  // Probed every second by HAProxy: log only problems.
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    if (lifecycle.draining) return reply.code(404).send({ status: 'draining' });
    if (lifecycle.cutOff) return reply.code(503).send({ status: 'database unreachable from this instance' });
    return { status: 'ready' };
  });
  // Asked every second by the other instances while their own probes fail (decision 803).
  app.get('/readyz/writer', { schema: { hide: true }, logLevel: 'warn' }, async () => {
    // No probe (PGlite, or before the first one): nothing to vouch for, and a peer reads it as no answer.
    if (!lifecycle.writerReach) return { status: 'no writer probe on this instance' };
    return { ...lifecycle.writerReach, ...lifecycle.databaseHeard?.() };
  });
}
