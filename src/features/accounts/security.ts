// The account's keys: changing the password with the current one (every other session ends, and
// with them their live streams, on every instance: decision 501), and the active sessions list.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { read, write } from '../../db/unit-of-work.js';
import { AppError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../../domain/passwords.js';
import { deleteOtherSessions, sessionIdFor } from '../../web/session-store.js';
import { publishAccessChange } from '../../live/live-hub.js';

export class WrongPasswordError extends AppError {
  constructor() {
    super(400, 'wrong_password', 'That is not your current password.', { currentPassword: 'That is not your current password.' });
  }
}

/** Checks the account's current password (changing it, deleting the account). */
export async function checkCurrentPassword(db: Kysely<DB>, userId: number, password: string): Promise<void> {
  const row = await read(db, (r) => r.selectFrom('users').select('password_hash').where('id', '=', userId).where('erased_at', 'is', null).executeTakeFirst());
  if (!row) throw new NotFoundError('Account');
  if (password.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(row.password_hash, password))) throw new WrongPasswordError();
}

/** Returns how many other sessions ended. */
export async function changePassword(
  deps: AppDeps,
  userId: number,
  keepSecret: string | null,
  input: { currentPassword: string; newPassword: string },
): Promise<number> {
  const fields: FieldErrors = {};
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) fields['newPassword'] = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (input.newPassword.length > MAX_PASSWORD_LENGTH) fields['newPassword'] = `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  await checkCurrentPassword(deps.db.writer, userId, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword); // slow on purpose: outside the transaction
  return write(deps.db.writer, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    // Open reset links were asked for under the old password: they must not undo this one.
    await trx.updateTable('password_resets').set({ used_at: deps.clock() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    return deleteOtherSessions(trx, userId, keepSecret);
  });
}

export interface ActiveSession {
  /** A handle for "sign out" (the first half of the stored hash: never the secret). */
  id: string;
  device: string;
  kind: 'web' | 'api';
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

const HANDLE_LENGTH = 32;

export async function listSessions(deps: AppDeps, userId: number, currentSecret: string | null): Promise<ActiveSession[]> {
  const currentId = currentSecret ? sessionIdFor(currentSecret) : null;
  // Shown on the account page: read like the rest of a page (decision 800).
  const rows = await read(deps.db.pageReads, (db) =>
    db
      .selectFrom('sessions')
      .select(['id', 'device', 'kind', 'created_at', 'last_seen_at'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', deps.clock())
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .limit(200)
      .execute(),
  );
  return rows.map((row) => ({
    id: row.id.slice(0, HANDLE_LENGTH),
    device: row.device || 'Unknown device',
    kind: row.kind,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    current: row.id === currentId,
  }));
}

export const SESSION_HANDLE = /^[0-9a-f]{32}$/;

/** "Sign out" one session of one's own (the current one too: that is logging out). */
export async function endSession(deps: AppDeps, userId: number, handle: string): Promise<void> {
  if (!SESSION_HANDLE.test(handle)) throw new NotFoundError('Session');
  await write(
    deps.db.writer,
    async (trx) => {
      const ended = await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id', 'like', `${handle}%`).returning('id').execute();
      if (ended.length === 0) throw new NotFoundError('Session');
      await publishAccessChange(trx, userId);
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/** "Sign out everywhere else": returns how many sessions ended. */
export async function endOtherSessions(deps: AppDeps, userId: number, keepSecret: string | null): Promise<number> {
  return write(deps.db.writer, (trx) => deleteOtherSessions(trx, userId, keepSecret), { guardedBy: 'idempotent by nature' });
}
