// The outbox table's state changes. Every write after a claim is conditioned on
// the claim's lease token, so an instance whose lease ran out (and whose row
// another instance took over) changes nothing. Times are the database's now():
// one clock for every instance, the same one enqueue() stamps rows with.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface ClaimedRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  messageId: string;
  /** Including the attempt now being made. */
  attempts: number;
  dedupeKey: string | null;
  createdAt: Date;
  leaseToken: string;
  /** The request that enqueued it, for the delivery's log lines. */
  requestId: string | null;
}

/** now() + ms, computed by the database. */
function afterMs(ms: number) {
  return sql<Date>`now() + ${Math.round(ms)}::double precision * interval '1 millisecond'`;
}

interface RawClaimedRow {
  id: number;
  kind: string;
  payload: unknown;
  message_id: string;
  attempts: number;
  dedupe_key: string | null;
  created_at: Date;
  request_id: string | null;
}

function asRecord(payload: unknown): Record<string, unknown> {
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

/**
 * Claims up to `limit` due rows of the given kinds in one statement: the
 * sub-select locks them FOR UPDATE SKIP LOCKED (so concurrent instances take
 * disjoint rows), and the update stamps a lease token, counts the attempt and
 * pushes available_at to the lease's end. The transaction is over before any
 * delivery starts; if this instance dies mid-delivery the row is due again
 * when the lease ends.
 */
export async function claimDueRows(
  db: Kysely<DB>,
  options: { kinds: readonly string[]; limit: number; leaseMs: number; leaseToken: string },
): Promise<ClaimedRow[]> {
  if (options.kinds.length === 0) return [];
  const { rows } = await sql<RawClaimedRow>`
    UPDATE outbox AS o
       SET attempts = o.attempts + 1, available_at = ${afterMs(options.leaseMs)}, lease_token = ${options.leaseToken}
      FROM (SELECT id FROM outbox
             WHERE delivered_at IS NULL AND parked_at IS NULL
               AND available_at <= now()
               AND kind IN (${sql.join([...options.kinds])})
             ORDER BY available_at, id
             LIMIT ${options.limit}
             FOR UPDATE SKIP LOCKED) AS due
     WHERE o.id = due.id
    RETURNING o.id, o.kind, o.payload, o.message_id, o.attempts, o.dedupe_key, o.created_at, o.request_id`.execute(db);
  return rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: asRecord(r.payload),
      messageId: r.message_id,
      attempts: r.attempts,
      dedupeKey: r.dedupe_key,
      createdAt: r.created_at,
      leaseToken: options.leaseToken,
      requestId: r.request_id,
    }))
    .sort((a, b) => a.id - b.id);
}

/** True when the row was still ours and is now delivered. */
export async function markDelivered(db: Kysely<DB>, row: Pick<ClaimedRow, 'id' | 'leaseToken'>): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ delivered_at: sql<Date>`now()`, lease_token: null })
    .where('id', '=', row.id)
    .where('lease_token', '=', row.leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a failed attempt: due again at `retryAt`, or parked for a person to look at. */
export async function markFailed(
  db: Kysely<DB>,
  row: Pick<ClaimedRow, 'id' | 'leaseToken'>,
  outcome: { error: string } & ({ park: true } | { park: false; retryInMs: number }),
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      lease_token: null,
      last_error: outcome.error.slice(0, 2000),
      ...(outcome.park ? { parked_at: sql<Date>`now()`, available_at: sql<Date>`now()` } : { available_at: afterMs(outcome.retryInMs) }),
    })
    .where('id', '=', row.id)
    .where('lease_token', '=', row.leaseToken)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The admin's retry button: a parked row gets a fresh set of attempts and is
 * due at once. Returns false when the row is not parked (already retried,
 * delivered, or unknown), so a double click retries once.
 */
export async function retryParked(db: Kysely<DB>, id: number): Promise<boolean> {
  if (!Number.isSafeInteger(id)) return false;
  const result = await db
    .updateTable('outbox')
    .set({ parked_at: null, attempts: 0, available_at: sql<Date>`now()`, lease_token: null })
    .where('id', '=', id)
    .where('parked_at', 'is not', null)
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface OutboxStats {
  pending: number;
  parked: number;
  /** Age in seconds of the oldest undelivered, unparked row (0 when none). */
  oldestPendingSeconds: number;
}

/** For the admin's outbox page and /metrics. */
export async function outboxStats(db: Kysely<DB>): Promise<OutboxStats> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('parked_at', 'is', null).as('pending'),
      sql<number | null>`extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL))`.as('oldest'),
    ])
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  const parked = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.count<number>('id').as('n'))
    .where('parked_at', 'is not', null)
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    pending: row.pending,
    parked: parked.n,
    oldestPendingSeconds: row.oldest === null ? 0 : Math.max(0, Math.round(row.oldest)),
  };
}
