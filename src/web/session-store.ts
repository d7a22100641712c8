// Sessions live in PostgreSQL so any app instance serves any user. The client
// holds a random secret; the table holds only its SHA-256. The session plugin
// (session.ts) reads them; logging in, out and resetting a password write them.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CurrentUser, Grant } from './current-user.js';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdFor(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createSession(db: Kysely<DB>, userId: number, kind: 'web' | 'api', ttlMs: number, now: Date): Promise<string> {
  const secret = newSecret();
  await db
    .insertInto('sessions')
    .values({ id: sessionIdFor(secret), user_id: userId, kind, expires_at: new Date(now.getTime() + ttlMs) })
    .execute();
  return secret;
}

export async function deleteSession(db: Kysely<DB>, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionIdFor(secret)).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
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
    .select(['users.id', 'users.email', 'users.first_name', 'users.last_name'])
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
    grants: await loadGrants(db, row.id),
  };
}
