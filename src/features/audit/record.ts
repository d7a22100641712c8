// Every admin and manager action writes one audit row in the same transaction as the change.
import type { Kysely } from 'kysely';
import { jsonb } from '../../db/jsonb.js';
import type { DB } from '../../db/schema.js';

export interface AuditEntry {
  actorId: number | null;
  /** A verb phrase, e.g. 'product.availability', 'role.grant', 'store.pause'. */
  action: string;
  entity: string;
  entityId?: string | number | null;
  storeId?: number | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      store_id: entry.storeId ?? null,
      before: entry.before === undefined ? null : jsonb(entry.before),
      after: entry.after === undefined ? null : jsonb(entry.after),
    })
    .execute();
}
