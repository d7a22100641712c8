// Rate limits (windows up to a day) that hold across app instances: each counted attempt is a row in
// rate_limit_hits, and a bucket is checked under a transaction-scoped advisory
// lock, so two instances can't both let the last allowed attempt through.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface RateLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts one attempt against the bucket if it is under its limit. Call inside
 * a transaction (the advisory lock is held until it ends). Returns false,
 * counting nothing, when the bucket is full.
 */
export async function takeRateLimit(trx: Kysely<DB>, { bucket, limit, windowMs }: RateLimit): Promise<boolean> {
  const windowStart = sql<Date>`now() - ${Math.round(windowMs)}::double precision * interval '1 millisecond'`;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${bucket}))`.execute(trx);
  await trx.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).where('hit_at', '<', windowStart).execute();
  const { n } = await trx
    .selectFrom('rate_limit_hits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bucket', '=', bucket)
    .executeTakeFirstOrThrow();
  // Now and then, clear out every bucket's old hits (addresses tried once are never checked again).
  if (Math.random() < 0.01) await trx.deleteFrom('rate_limit_hits').where('hit_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  if (n >= limit) return false;
  await trx.insertInto('rate_limit_hits').values({ bucket, hit_at: sql<Date>`now()` }).execute();
  return true;
}
