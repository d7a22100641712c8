// Every admin and manager action writes one audit row in the same transaction as the change.
import { sql, type Kysely, type RawBuilder } from 'kysely';
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

// A text parameter cast in SQL: postgres.js would JSON-encode a string bound
// straight to a jsonb column a second time (a jsonb string, not an object).
function jsonb(value: unknown): RawBuilder<string> | null {
  return value === undefined ? null : sql<string>`cast(${JSON.stringify(value)} as text)::jsonb`;
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
      before: jsonb(entry.before),
      after: jsonb(entry.after),
    })
    .execute();
}
