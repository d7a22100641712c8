// Single-use links that prove an address is the customer's: "verify" (the address they registered
// with) and "change" (a new address, which takes effect only when its link is followed). Only a
// SHA-256 of each token is stored; the token itself rides sealed in the email's outbox row.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { RateLimitedError } from '../../domain/errors.js';
import { enqueue } from '../../outbox/enqueue.js';
import { ACCOUNT_TOKEN_PURPOSE } from '../../outbox/email/handler.js';
import { seal } from '../../outbox/sealed.js';
import { takeRateLimit } from '../../web/rate-limit.js';

const HOUR = 3_600_000;
export const ACCOUNT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function accountTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Every account email counts against the account's hourly allowance (ACCOUNT_EMAILS_PER_HOUR): a 429 beyond it. */
export async function takeAccountEmailAllowance(deps: AppDeps, trx: Kysely<DB>, userId: number): Promise<void> {
  const allowed = await takeRateLimit(trx, { bucket: `account-email:user:${userId}`, limit: deps.config.accountEmailsPerHour, windowMs: HOUR });
  if (!allowed) throw new RateLimitedError('Too many emails asked for this hour. Please wait a while and try again.');
}

/**
 * Makes a link for `email` and queues its email, retiring the account's open links of that purpose
 * (only the newest works). Call inside the transaction that makes the change.
 */
export async function sendAccountLink(
  deps: AppDeps,
  trx: Kysely<DB>,
  user: { id: number; firstName: string },
  purpose: 'verify' | 'change',
  email: string,
): Promise<void> {
  await trx
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', user.id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  const token = randomBytes(32).toString('base64url');
  const hash = accountTokenHash(token);
  await trx
    .insertInto('account_tokens')
    .values({
      user_id: user.id,
      purpose,
      email,
      token_hash: hash,
      expires_at: sql<Date>`now() + ${Math.round(deps.config.accountTokenTtlMs)}::double precision * interval '1 millisecond'`,
    })
    .execute();
  await enqueue(
    trx,
    {
      kind: 'email',
      template: purpose === 'verify' ? 'verify-email' : 'confirm-new-email',
      to: email,
      data: { firstName: user.firstName, newEmail: email, sealedToken: seal(deps.config.sessionSecret, ACCOUNT_TOKEN_PURPOSE, token) },
    },
    `account-link:${hash}`,
  );
}

/** Uses the token up: its purpose, account and address when it was usable (unused, unexpired, account live). */
export async function consumeAccountToken(trx: Kysely<DB>, token: string) {
  return trx
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', accountTokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.disabled_at', 'is', null))
    .returning(['user_id', 'purpose', 'email'])
    .executeTakeFirst();
}
