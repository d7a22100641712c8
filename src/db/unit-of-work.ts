// Transactions that survive a database failover. A transaction that failed
// before COMMIT was sent never happened, so it is always safe to run again.
// One that failed *during* COMMIT may or may not have been applied: it is run
// again only when the caller says the work is idempotent (guarded by an
// idempotency key or a conditional state transition).
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

export interface UnitOfWorkOptions extends RetryOptions {
  /** Safe to apply twice (e.g. guarded by a unique idempotency key or a conditional UPDATE). */
  idempotent?: boolean;
}

export async function transact<T>(
  db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>, options: UnitOfWorkOptions = {},
): Promise<T> {
  return retryTransient(async () => {
    let committing = false;
    try {
      return await db.transaction().execute(async (trx) => {
        const result = await work(trx);
        committing = true;
        return result;
      });
    } catch (error) {
      if (committing && !options.idempotent) throw new CommitOutcomeUnknownError(error);
      throw error;
    }
  }, options);
}
