// The one way to run database work (decision 215). Every feature goes through
// `read` or `write` (or `transition`, order-transition.ts); no other module opens
// a transaction or places a retry of its own.
// - A read changes nothing, so it is always run again on a transient error
//   (a failover, a lost connection), with backoff, for up to 30 s.
// - A write is one transaction. One that failed before COMMIT was sent never
//   happened and is run again. One whose COMMIT answer was lost may or may not
//   have been applied: it is run again only when it is guarded (an idempotency
//   key, a conditional state transition, or a write idempotent by nature);
//   otherwise the caller gets CommitOutcomeUnknownError (503 "please check").
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { DB } from './schema.js';
import { retryTransient, type RetryOptions } from './retry.js';

export class CommitOutcomeUnknownError extends AppError {
  constructor(cause: unknown) {
    super(503, 'commit_unknown', 'We lost touch with the database while saving. Please check and try again.');
    this.cause = cause;
  }
}

/** Why applying a write twice changes nothing more than applying it once. */
export type Guard =
  /** a unique key (order Idempotency-Key, `applied_requests`) makes the repeat find the first */
  | 'idempotency key'
  /** `UPDATE … WHERE state = ANY(allowed)`: the repeat finds the row moved on */
  | 'conditional transition'
  /** sets a value rather than adding to it (choose a store, set a quantity, delete a line) */
  | 'idempotent by nature';

export interface ReadOptions extends RetryOptions {
  /** Run the work in one transaction (a consistent snapshot, or `SET LOCAL`). */
  transaction?: boolean;
}

export interface WriteOptions extends RetryOptions {
  /** Without a guard, a write whose COMMIT answer was lost fails with CommitOutcomeUnknownError. */
  guardedBy?: Guard;
}

/** What the work of a write knows about its run. */
export interface WriteRun {
  /** An earlier run of this very write sent COMMIT and lost the answer: it may have been applied. */
  afterLostCommit: boolean;
}

/** The server's own answer to COMMIT that it rolled back (SQLSTATE class 23 or 40); anything else may have committed. */
function rolledBack(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(23|40)[0-9A-Z]{3}$/.test(code);
}

/**
 * A read: run again whole on a transient database error. Given a transaction, it runs in it once:
 * a failed statement aborts the transaction, and the enclosing write decides what runs again.
 */
export function read<T>(db: Kysely<DB>, work: (db: Kysely<DB>) => Promise<T>, options: ReadOptions = {}): Promise<T> {
  if (db.isTransaction) return work(db);
  return retryTransient(() => (options.transaction ? db.transaction().execute((trx) => work(trx)) : work(db)), options);
}

/**
 * Work that only reads but reaches the database through code of its own (a whole GET handler,
 * web/retry-reads.ts): run again whole on a transient error, by the same rule as `read`.
 */
export function rerunRead<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return retryTransient(work, options);
}

/** A write in one transaction, run again by the rule above. Given a transaction, it joins it (that write's rule applies). */
export function write<T>(db: Kysely<DB>, work: (trx: Transaction<DB>, run: WriteRun) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const run: WriteRun = { afterLostCommit: false };
  if (db.isTransaction) return work(db as Transaction<DB>, run);
  return retryTransient(async () => {
    let committing = false;
    try {
      return await db.transaction().execute(async (trx) => {
        const result = await work(trx, run);
        committing = true;
        return result;
      });
    } catch (error) {
      // Rolled back for certain: the work failed, or the server answered COMMIT with a rollback
      // (a serialization failure, a deferred constraint). Nothing happened; a transient error is run again.
      if (!committing || rolledBack(error)) throw error;
      if (!options.guardedBy) throw new CommitOutcomeUnknownError(error);
      run.afterLostCommit = true;
      throw error;
    }
  }, options);
}
