// Throttles on top of rate_limit_hits (rate-limit.ts), shared by every instance through
// PostgreSQL: a full bucket answers 429 with Retry-After (issue 15 item 2, DESIGN.md §3).
// Two kinds: `takeOrRefuse` counts every attempt (registrations, order placements);
// `refuseIfFull` + `recordFailure` count only failures (logins: a cafe's wifi is one IP, and
// successful logins must never lock anyone out).
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { write } from '../db/unit-of-work.js';
import { RateLimitedError } from '../domain/errors.js';
import { takeRateLimit, type RateLimit } from './rate-limit.js';

/** A bucket name that does not store what it counts (an email address, say) in the clear. */
export function bucketName(kind: string, value: string | number): string {
  return `${kind}:${createHash('sha256').update(String(value)).digest('hex').slice(0, 32)}`;
}

const windowStart = (windowMs: number) => sql<Date>`now() - ${Math.round(windowMs)}::double precision * interval '1 millisecond'`;

/** Seconds until the bucket's oldest counted hit leaves the window: when one more is allowed. */
export async function retryAfterSeconds(db: Kysely<DB>, { bucket, windowMs }: RateLimit): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_hits')
    .select(sql<number>`extract(epoch from (min(hit_at) + ${Math.round(windowMs)}::double precision * interval '1 millisecond' - now()))`.as('seconds'))
    .where('bucket', '=', bucket)
    .where('hit_at', '>=', windowStart(windowMs))
    .executeTakeFirst();
  return Math.max(1, Math.ceil(Number(row?.seconds ?? 1)));
}

async function hits(db: Kysely<DB>, { bucket, windowMs }: RateLimit): Promise<number> {
  const { n } = await db
    .selectFrom('rate_limit_hits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bucket', '=', bucket)
    .where('hit_at', '>=', windowStart(windowMs))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Counts this attempt, or refuses it (429, nothing counted) when the bucket is full. */
export async function takeOrRefuse(db: Kysely<DB>, limit: RateLimit, message: string): Promise<void> {
  const taken = await write(db, (trx) => takeRateLimit(trx, limit));
  if (!taken) throw new RateLimitedError(message, await retryAfterSeconds(db, limit));
}

/** Refuses (429) when the bucket already holds its limit of failures. */
export async function refuseIfFull(db: Kysely<DB>, limit: RateLimit, message: string): Promise<void> {
  if ((await hits(db, limit)) >= limit.limit) throw new RateLimitedError(message, await retryAfterSeconds(db, limit));
}

/** Counts one failure; returns how many the bucket now holds in its window. */
export async function recordFailure(db: Kysely<DB>, limit: RateLimit): Promise<number> {
  return write(db, async (trx) => {
    await trx.insertInto('rate_limit_hits').values({ bucket: limit.bucket, hit_at: sql<Date>`now()` }).execute();
    return hits(trx, limit);
  });
}
