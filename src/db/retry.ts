// Failover on the client side: a unit of work that failed because the leader
// went away is run again, whole, with backoff — only where running it twice is safe.
import { isPgConnectionLost } from './pg-errors.js';

const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is going down
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '25006', // read_only_sql_transaction: we reached a standby
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '08000',
  '08003',
  '08006',
  '08001',
  '08004', // connection exceptions
]);

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTCONN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function isTransientDbError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if ((error as { code?: unknown }).code === 'commit_unknown') return false; // never retried blindly
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  if (isPgConnectionLost(error)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? isTransientDbError(cause) : false;
}

export interface RetryOptions {
  /** Give up after this long; the caller then answers 503. */
  budgetMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` and, if it fails with a transient database error, runs it again
 * with exponential backoff and jitter for up to `budgetMs` (30 s by default).
 * Only pass idempotent work: reads, or writes guarded by an idempotency key or
 * a conditional state transition. Constraint and data errors are never retried.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const budgetMs = options.budgetMs ?? 30_000;
  const started = Date.now();
  let delay = options.firstDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // Jitter first, then check the budget against the real wait, so we never sleep past it.
      const wait = delay * (0.5 + Math.random());
      if (!isTransientDbError(error) || Date.now() - started + wait > budgetMs) throw error;
      options.onRetry?.(error, attempt);
      await sleep(wait);
      // Capped low: a failover ends when HAProxy routes to the new leader, and every step of
      // backoff beyond that moment is pause the customer sees (switchover drill: 3.3 s with a 2 s
      // cap, the limit is 3 s; a 0.5 s cap still waited up to 0.75 s with its jitter: decision 805).
      // A retry costs one refused connection.
      delay = Math.min(delay * 2, options.maxDelayMs ?? 250);
    }
  }
}
