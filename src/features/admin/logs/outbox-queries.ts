// The outbox as the admin sees it, and putting a parked message back in the queue.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { write } from '../../../db/unit-of-work.js';
import { ConflictError, NotFoundError } from '../../../domain/errors.js';
import { recordAudit } from '../../audit/index.js';

export const OUTBOX_STATUSES = ['all', 'pending', 'delivered', 'parked'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const LOG_PAGE_SIZE = 50;

export interface OutboxEntry {
  id: number;
  kind: string;
  status: 'pending' | 'delivered' | 'parked';
  payload: unknown;
  dedupeKey: string | null;
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  parkedAt: Date | null;
  createdAt: Date;
}

export async function listOutbox(db: Kysely<DB>, status: OutboxStatus, page: number): Promise<{ entries: OutboxEntry[]; hasMore: boolean }> {
  let query = db.selectFrom('outbox').selectAll();
  if (status === 'delivered') query = query.where('delivered_at', 'is not', null);
  if (status === 'parked') query = query.where('parked_at', 'is not', null).where('delivered_at', 'is', null);
  if (status === 'pending') query = query.where('parked_at', 'is', null).where('delivered_at', 'is', null);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > LOG_PAGE_SIZE,
    entries: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: r.payload,
      dedupeKey: r.dedupe_key,
      attempts: r.attempts,
      status: r.delivered_at ? 'delivered' : r.parked_at ? 'parked' : 'pending',
      availableAt: r.available_at,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      parkedAt: r.parked_at,
      createdAt: r.created_at,
    })),
  };
}

export async function outboxCounts(db: Kysely<DB>): Promise<Record<'pending' | 'delivered' | 'parked', number>> {
  const { rows } = await sql<{ pending: number; delivered: number; parked: number }>`
    SELECT count(*) FILTER (WHERE delivered_at IS NULL AND parked_at IS NULL) AS pending,
           count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
           count(*) FILTER (WHERE parked_at IS NOT NULL AND delivered_at IS NULL) AS parked
    FROM outbox`.execute(db);
  return rows[0]!;
}

/**
 * Un-parks one message: attempts back to 0, due now. Conditional, so a message
 * already delivered or already retried is not touched twice. The last error is
 * kept until the next attempt replaces it. Audited in the same transaction.
 */
export async function retryParkedMessage(db: Kysely<DB>, actorId: number, id: number, now: Date): Promise<void> {
  await write(db, async (trx) => {
    const before = await trx
      .selectFrom('outbox')
      .select(['id', 'kind', 'attempts', 'last_error', 'parked_at', 'delivered_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before) throw new NotFoundError('Message');
    const {
      rows: [updated],
    } = await sql<{ id: number }>`
      UPDATE outbox SET parked_at = NULL, attempts = 0, available_at = ${now}
      WHERE id = ${id} AND parked_at IS NOT NULL AND delivered_at IS NULL RETURNING id`.execute(trx);
    if (!updated) throw new ConflictError('Only a parked message can be retried; this one is not parked.', 'not_parked');
    await recordAudit(trx, {
      actorId,
      action: 'outbox.retry',
      entity: 'outbox',
      entityId: id,
      before: { kind: before.kind, attempts: before.attempts, lastError: before.last_error, parkedAt: before.parked_at },
      after: { attempts: 0, availableAt: now },
    });
  });
}
