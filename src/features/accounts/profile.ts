// The customer's own details: name, email (a new one only once confirmed by its link, the old one
// told), notification choices, and the verification of the address they registered with.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { read, write } from '../../db/unit-of-work.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { enqueue } from '../../outbox/enqueue.js';
import { ACCOUNT_TOKEN, consumeAccountToken, sendAccountLink, takeAccountEmailAllowance } from './account-tokens.js';
import { normaliseEmail, validEmail, validName } from './service.js';

export interface Profile {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  /** A new address waiting for its confirmation link. */
  pendingEmail: string | null;
  notifyReceipt: boolean;
  notifyReady: boolean;
  createdAt: Date;
}

export interface ProfileChanges {
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  notifyReceipt?: boolean | undefined;
  notifyReady?: boolean | undefined;
}

export async function loadProfile(db: Kysely<DB>, userId: number): Promise<Profile> {
  const row = await read(db, (r) => r.selectFrom('users').selectAll().where('id', '=', userId).where('erased_at', 'is', null).executeTakeFirst());
  if (!row) throw new NotFoundError('Account');
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    emailVerified: row.email_verified_at !== null,
    pendingEmail: row.pending_email,
    notifyReceipt: row.notify_receipt,
    notifyReady: row.notify_ready,
    createdAt: row.created_at,
  };
}

export interface ProfileOutcome {
  profile: Profile;
  /** The address a confirmation link was sent to (the change waits for it). */
  confirmationSentTo: string | null;
}

/** Applies what changed; a new email only queues its confirmation (and the notice to the old address). */
export async function updateProfile(deps: AppDeps, userId: number, changes: ProfileChanges): Promise<ProfileOutcome> {
  const fields: FieldErrors = {};
  const firstName = changes.firstName?.trim();
  const lastName = changes.lastName?.trim();
  const email = changes.email === undefined ? undefined : normaliseEmail(changes.email);
  if (firstName !== undefined) {
    const problem = validName(firstName, 'first name');
    if (problem) fields['firstName'] = problem;
  }
  if (lastName !== undefined) {
    const problem = validName(lastName, 'last name');
    if (problem) fields['lastName'] = problem;
  }
  if (email !== undefined && !validEmail(email)) fields['email'] = 'Enter a valid email address, like name@example.com.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  let confirmationSentTo: string | null = null;
  await write(deps.db.writer, async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
    if (!user) throw new NotFoundError('Account');
    const set: Partial<{ first_name: string; last_name: string; notify_receipt: boolean; notify_ready: boolean; pending_email: string | null }> = {};
    if (firstName !== undefined) set.first_name = firstName;
    if (lastName !== undefined) set.last_name = lastName;
    if (changes.notifyReceipt !== undefined) set.notify_receipt = changes.notifyReceipt;
    if (changes.notifyReady !== undefined) set.notify_ready = changes.notifyReady;
    if (email !== undefined && email !== user.email && email !== user.pending_email) {
      const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (taken) throw new ValidationError({ email: 'Another account uses that address.' });
      await takeAccountEmailAllowance(deps, trx, userId);
      set.pending_email = email;
      const name = firstName ?? user.first_name;
      await sendAccountLink(deps, trx, { id: userId, firstName: name }, 'change', email);
      await enqueue(trx, { kind: 'email', template: 'email-change-notice', to: user.email, data: { firstName: name, newEmail: email } });
      confirmationSentTo = email;
    } else if (email !== undefined && email === user.email && user.pending_email !== null) {
      set.pending_email = null; // typing the old address back cancels the change
      await trx
        .updateTable('account_tokens')
        .set({ used_at: deps.clock() })
        .where('user_id', '=', userId)
        .where('purpose', '=', 'change')
        .where('used_at', 'is', null)
        .execute();
    }
    if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', userId).execute();
  });
  return { profile: await loadProfile(deps.db.writer, userId), confirmationSentTo };
}

/** "Resend the link": a new verification link to the current address (rate-limited per account). */
export async function resendVerification(deps: AppDeps, userId: number): Promise<'sent' | 'already-verified'> {
  return write(deps.db.writer, async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
    if (!user) throw new NotFoundError('Account');
    if (user.email_verified_at !== null) return 'already-verified' as const;
    await takeAccountEmailAllowance(deps, trx, userId);
    await sendAccountLink(deps, trx, { id: userId, firstName: user.first_name }, 'verify', user.email);
    return 'sent' as const;
  });
}

export class AccountLinkInvalidError extends ValidationError {
  constructor() {
    super(
      { token: 'This link has expired or has already been used.' },
      'This link has expired or has already been used. Ask for a new one from your account page.',
    );
  }
}

/** Follows a link: verifies the address, or switches the account to its confirmed new address. */
export async function confirmAccountLink(deps: AppDeps, token: string): Promise<'verified' | 'changed'> {
  if (!ACCOUNT_TOKEN.test(token)) throw new AccountLinkInvalidError();
  return write(deps.db.writer, async (trx) => {
    const used = await consumeAccountToken(trx, token);
    if (!used) throw new AccountLinkInvalidError();
    const now = deps.clock();
    if (used.purpose === 'verify') {
      // Only the address it was sent to: a link for an address since replaced proves nothing.
      const done = await trx
        .updateTable('users')
        .set({ email_verified_at: now })
        .where('id', '=', used.user_id)
        .where('email', '=', used.email)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw new AccountLinkInvalidError();
      return 'verified' as const;
    }
    const taken = await trx.selectFrom('users').select('id').where('email', '=', used.email).where('id', '<>', used.user_id).executeTakeFirst();
    if (taken)
      throw new ValidationError({ email: 'Another account uses that address now.' }, 'Another account uses that address now, so yours kept its old one.');
    const done = await trx
      .updateTable('users')
      .set({ email: used.email, pending_email: null, email_verified_at: now })
      .where('id', '=', used.user_id)
      .where('pending_email', '=', used.email)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AccountLinkInvalidError();
    return 'changed' as const;
  });
}
