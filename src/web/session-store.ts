// Sessions live in PostgreSQL so any app instance serves any user. The client
// holds a random secret; the table holds only its SHA-256. The session plugin
// (session.ts) reads them; logging in, out and resetting a password write them.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CurrentUser, Grant } from './current-user.js';
import { publishAccessChange } from '../live/live-hub.js';
import { describeDevice } from './device.js';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdFor(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createSession(db: Kysely<DB>, userId: number, kind: 'web' | 'api', ttlMs: number, now: Date, userAgent?: string): Promise<string> {
  const secret = newSecret();
  await db
    .insertInto('sessions')
    .values({
      id: sessionIdFor(secret),
      user_id: userId,
      kind,
      expires_at: new Date(now.getTime() + ttlMs),
      device: describeDevice(userAgent, kind),
      created_at: now,
      last_seen_at: now,
    })
    .execute();
  return secret;
}

/** How stale "last seen" may get before a request writes it again: one write a minute, not one a request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Records that the session was used now, at most once a minute (a conditional UPDATE: cheap when fresh). */
export async function touchSession(db: Kysely<DB>, secret: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id', '=', sessionIdFor(secret))
    .where('last_seen_at', '<', new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS))
    .execute();
}

// Every way a session ends announces it (publishAccessChange), so the live streams it opened close
// within a second on every instance (decision 501). Inside a transaction the notice goes out on commit.

/** Logging out: this session only. */
export async function deleteSession(db: Kysely<DB>, secret: string): Promise<void> {
  const ended = await db.deleteFrom('sessions').where('id', '=', sessionIdFor(secret)).returning('user_id').executeTakeFirst();
  if (ended) await publishAccessChange(db, ended.user_id);
}

/** Every session of the account (disabled, erased, password reset); returns how many ended. */
export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<number> {
  const ended = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
  await publishAccessChange(db, userId);
  return ended.length;
}

/** Every session of the account but the one asking (a password change, "sign out everywhere else"). */
export async function deleteOtherSessions(db: Kysely<DB>, userId: number, keepSecret: string | null): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSecret) query = query.where('id', '<>', sessionIdFor(keepSecret));
  const ended = await query.returning('id').execute();
  await publishAccessChange(db, userId);
  return ended.length;
}

export async function loadGrants(db: Kysely<DB>, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .leftJoin('stores', 'stores.id', 'user_roles.store_id')
    .select(['user_roles.role', 'user_roles.store_id', 'stores.slug', 'stores.name'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('user_roles.id')
    .execute();
  return rows.map((r) => ({ role: r.role as Grant['role'], storeId: r.store_id, storeSlug: r.slug, storeName: r.name }));
}

/** The signed-in user for a session secret, or null when it is unknown, expired or the account is disabled. */
export async function findSessionUser(db: Kysely<DB>, secret: string, now: Date): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.first_name', 'users.last_name', 'users.email_verified_at', 'sessions.last_seen_at'])
    .where('sessions.id', '=', sessionIdFor(secret))
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    emailVerified: row.email_verified_at !== null,
    lastSeenAt: row.last_seen_at,
    grants: await loadGrants(db, row.id),
  };
}
