// Idempotency keys for writes that are not idempotent by nature (see migration 120). Call
// `firstApplication` inside the write's transaction, before the write: false means this very
// request was applied already (its answer was lost), so the write must be skipped. A concurrent
// twin waits on the key's row until the first commits, then finds it.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** Keys are kept a day: long past any client's or proxy's retry window. */
const KEEP = '1 day';

export async function firstApplication(trx: Kysely<DB>, scope: string, key: string): Promise<boolean> {
  await trx.deleteFrom('applied_requests').where('scope', '=', scope).where('applied_at', '<', sql<Date>`now() - ${KEEP}::interval`).execute();
  const inserted = await trx
    .insertInto('applied_requests')
    .values({ scope, idempotency_key: key })
    .onConflict((oc) => oc.columns(['scope', 'idempotency_key']).doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Like `firstApplication`, for writes whose repeat must answer as the first did (a kitchen
 * display's tap): a repeat gets the outcome the first recorded with `recordOutcome`.
 */
export async function claimKey(trx: Kysely<DB>, scope: string, key: string): Promise<{ first: true } | { first: false; outcome: string | null }> {
  if (await firstApplication(trx, scope, key)) return { first: true };
  const row = await trx
    .selectFrom('applied_requests')
    .select('outcome')
    .where('scope', '=', scope)
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();
  return { first: false, outcome: row.outcome };
}

export async function recordOutcome(trx: Kysely<DB>, scope: string, key: string, outcome: string): Promise<void> {
  await trx.updateTable('applied_requests').set({ outcome }).where('scope', '=', scope).where('idempotency_key', '=', key).execute();
}
