// The audit log, filtered by who, what and when. Dates are days on the UK clock.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { shortStoreName } from '../../../web/staff-context.js';
import { LOG_PAGE_SIZE } from './outbox-queries.js';
import { dayRangeProblems, escapeLike, likePattern, withinDays } from './log-filters.js';

export interface AuditFilter {
  actor: string;
  action: string;
  from: string;
  to: string;
}
export interface AuditEntry {
  id: number;
  at: Date;
  actorEmail: string | null;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  /** The store as customers see it ("Colchester"), never its slug (issue 10 item 8). */
  storeName: string | null;
  before: unknown;
  after: unknown;
}

export function checkAuditFilter(filter: AuditFilter): void {
  const fields = dayRangeProblems(filter);
  if (filter.actor.length > 254) fields['actor'] = 'Enter at most 254 characters.';
  if (filter.action.length > 80) fields['action'] = 'Enter at most 80 characters.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

export async function listAudit(db: Kysely<DB>, filter: AuditFilter, page: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .leftJoin('stores as s', 's.id', 'a.store_id')
    .select(['a.id', 'a.at', 'a.actor_id', 'u.email', 'a.action', 'a.entity', 'a.entity_id', 's.name as store_name', 'a.before', 'a.after']);
  if (filter.actor) {
    const actor = filter.actor.trim().toLowerCase();
    query = /^\d{1,9}$/.test(actor) ? query.where('a.actor_id', '=', Number(actor)) : query.where('u.email', 'like', likePattern(actor));
  }
  if (filter.action) query = query.where((eb) => eb.or([eb('a.action', '=', filter.action), eb('a.action', 'like', `${escapeLike(filter.action)}.%`)]));
  for (const condition of withinDays('a.at', filter)) query = query.where(condition);
  const rows = await query
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > LOG_PAGE_SIZE,
    entries: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorEmail: r.email,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      storeName: r.store_name === null ? null : shortStoreName(r.store_name),
      before: r.before,
      after: r.after,
    })),
  };
}

/** The actions recorded so far, for the filter's suggestions. */
export async function auditActions(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((r) => r.action);
}
