// Delivers the outbox. Every instance runs one drainer; they share the work
// through claimDueRows (FOR UPDATE SKIP LOCKED + a lease), so a row is handed to
// one instance at a time. Delivery is at-least-once: a crash between sending
// and recording the send means a resend, so every message carries a stable
// message id for consumers to dedupe (see docs/decisions/030).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { write } from '../db/unit-of-work.js';
import { retryDelayMs, type BackoffPolicy } from './backoff.js';
import { describeError, PermanentDeliveryError, type HandlerRegistry } from './handlers.js';
import { outboxDeliveries } from '../observability/counters.js';
import { claimDueRows, markDelivered, markFailed, type ClaimedRow } from './queries.js';

export interface DrainerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silent: DrainerLog = { info() {}, warn() {}, error() {} };

export interface DrainerOptions {
  db: Kysely<DB>;
  handlers: HandlerRegistry;
  pollMs: number;
  batchSize: number;
  leaseMs: number;
  deliveryTimeoutMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  log?: DrainerLog;
  random?: () => number;
}

export interface DrainResult {
  claimed: number;
  delivered: number;
  failed: number;
  parked: number;
}

export class DeliveryTimeoutError extends Error {
  constructor(ms: number) {
    super(`delivery did not finish within ${ms} ms`);
    this.name = 'DeliveryTimeoutError';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryTimeoutError(ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class OutboxDrainer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private stopped = true;
  /** Woken while a batch was in hand: drain again as soon as it is done. */
  private wokenMeanwhile = false;
  private tick: (() => Promise<void>) | undefined;
  private readonly log: DrainerLog;

  constructor(private readonly options: DrainerOptions) {
    this.log = options.log ?? silent;
  }

  /** Claims one batch of due rows and delivers them (in parallel, each within the delivery timeout). */
  async drainOnce(): Promise<DrainResult> {
    const { db, handlers } = this.options;
    const kinds = Object.keys(handlers);
    const rows = await claimDueRows(db, {
      kinds,
      limit: this.options.batchSize,
      leaseMs: this.options.leaseMs,
      leaseToken: randomUUID(),
    });
    const outcomes = await Promise.all(
      rows.map(async (row) => {
        const outcome = await this.deliver(row);
        outboxDeliveries.inc({ kind: row.kind, outcome });
        return outcome;
      }),
    );
    return {
      claimed: rows.length,
      delivered: outcomes.filter((o) => o === 'delivered').length,
      failed: outcomes.filter((o) => o === 'retry').length,
      parked: outcomes.filter((o) => o === 'parked').length,
    };
  }

  private async deliver(row: ClaimedRow): Promise<'delivered' | 'retry' | 'parked' | 'lost'> {
    const { db, maxAttempts } = this.options;
    // A row claimed more often than allowed means deliveries kept dying with
    // their instance (a poison message): stop trying it.
    if (row.attempts > maxAttempts) {
      await this.recordFailure(row, `gave up after ${maxAttempts} attempts that never finished`, true);
      return 'parked';
    }
    const handler = this.options.handlers[row.kind as keyof HandlerRegistry];
    try {
      if (!handler) throw new PermanentDeliveryError(`no handler for outbox kind "${row.kind}"`);
      await withTimeout(handler(row), this.options.deliveryTimeoutMs);
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError;
      const park = permanent || row.attempts >= maxAttempts;
      const message = describeError(error);
      this.log.warn({ outboxId: row.id, kind: row.kind, reqId: row.requestId, attempts: row.attempts, park, err: message }, 'outbox delivery failed');
      return (await this.recordFailure(row, message, park)) ? (park ? 'parked' : 'retry') : 'lost';
    }
    // Sent. Recording it survives a brief database failover; if it still
    // fails, the lease ends and the row is sent again (consumers dedupe).
    // Guarded by the lease token (a conditional update).
    const recorded = await write(db, (trx) => markDelivered(trx, row), { guardedBy: 'conditional transition', budgetMs: this.options.leaseMs / 2 });
    if (!recorded) this.log.warn({ outboxId: row.id, kind: row.kind, reqId: row.requestId }, 'outbox lease lost before delivery was recorded');
    // reqId: the request that caused it (its X-Request-Id), so a delivery joins that request's log lines.
    else this.log.info({ outboxId: row.id, kind: row.kind, reqId: row.requestId, attempts: row.attempts }, 'outbox delivered');
    return recorded ? 'delivered' : 'lost';
  }

  private recordFailure(row: ClaimedRow, error: string, park: boolean): Promise<boolean> {
    const outcome = park
      ? { error, park: true as const }
      : { error, park: false as const, retryInMs: retryDelayMs(row.attempts, this.options.backoff, this.options.random) };
    return write(this.options.db, (trx) => markFailed(trx, row, outcome), { guardedBy: 'conditional transition', budgetMs: this.options.leaseMs / 2 });
  }

  /** Polls every pollMs (at once again after a full batch) until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.timer = undefined;
      this.wokenMeanwhile = false;
      let full = false;
      try {
        const work = this.drainOnce();
        this.current = work;
        const result = await work;
        full = result.claimed === this.options.batchSize;
      } catch (error) {
        // The database is away (failover) or the claim failed: try again next poll.
        this.log.warn({ err: describeError(error) }, 'outbox drain failed');
      } finally {
        this.current = undefined;
      }
      if (!this.stopped) this.timer = setTimeout(tick, full || this.wokenMeanwhile ? 0 : this.options.pollMs);
    };
    this.tick = tick;
    // Instances started together spread their polls.
    this.timer = setTimeout(tick, Math.round(this.options.pollMs * Math.random()));
  }

  /**
   * New rows were committed (the database's outbox signal, decision 604): drain now rather than at
   * the next poll. While a batch is in hand, the next one starts as soon as it is done. Every
   * instance is woken; SKIP LOCKED gives each row to one of them.
   */
  wake(): void {
    if (this.stopped || !this.tick) return;
    if (this.current) {
      this.wokenMeanwhile = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, 0);
  }

  /** Stops polling and waits for the batch in hand to finish (each delivery is bounded by its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => {}); // its error is logged by the tick that started it
  }
}
