// Password-reset tokens: only a SHA-256 of each token is stored.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function findResettableUser(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').select(['id', 'email', 'first_name']).where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst();
}

export async function insertResetToken(db: Kysely<DB>, userId: number, hash: string, ttlMs: number): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({
      user_id: userId,
      token_hash: hash,
      expires_at: sql<Date>`now() + ${Math.round(ttlMs)}::double precision * interval '1 millisecond'`,
    })
    .execute();
}

/** Whether the token can still be used (unused, unexpired, account enabled). */
export async function isUsableToken(db: Kysely<DB>, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select('password_resets.id')
    .where('password_resets.token_hash', '=', hash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Uses the token up; the user's id when it was usable, otherwise undefined. Two racing submits: one wins. */
export async function consumeToken(db: Kysely<DB>, hash: string): Promise<number | undefined> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.disabled_at', 'is', null))
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** After a reset, no older link for the same account works either. */
export async function retireOpenTokens(db: Kysely<DB>, userId: number): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: sql<Date>`now()` }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
