// "Forgotten your password?": ask for a link, then choose a new password with it.
// The answer to a request never depends on whether the account exists.
import { createHash, randomBytes } from 'node:crypto';
import type { AppDeps } from '../../deps.js';
import { write } from '../../db/unit-of-work.js';
import { RateLimitedError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { enqueue } from '../../outbox/enqueue.js';
import { RESET_TOKEN_PURPOSE } from '../../outbox/email/handler.js';
import { seal } from '../../outbox/sealed.js';
import { takeRateLimit } from '../../web/rate-limit.js';
import { retryAfterSeconds } from '../../web/throttle.js';
import { deleteUserSessions } from '../../web/session-store.js';
import { normaliseEmail } from '../accounts/index.js';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/passwords.js';
import { consumeToken, findResettableUser, insertResetToken, isUsableToken, retireOpenTokens, tokenHash } from './queries.js';

// Limits per address (enough for "I didn't get it, send again" twice; not enough to flood an inbox)
// and per client IP (a shared office or café Wi-Fi still gets through; a script does not): config.rateLimits.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class ResetLinkInvalidError extends ValidationError {
  constructor() {
    super({ token: 'This link has expired or has already been used.' }, 'This reset link has expired or has already been used. Ask for a new one.');
  }
}

function bucketFor(kind: string, value: string): string {
  // Hashed: the table needn't hold addresses to do its job.
  return `password-reset:${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}

export async function requestPasswordReset(deps: AppDeps, input: { email: string; ip: string }): Promise<void> {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) {
    throw new ValidationError({ email: 'Enter a valid email address, like name@example.com.' });
  }
  const { config } = deps;
  await write(deps.db.writer, async (trx) => {
    const { passwordResetsPerIp, passwordResetsPerEmail } = config.rateLimits;
    const byIp = { bucket: bucketFor('ip', input.ip), ...passwordResetsPerIp };
    const byEmail = { bucket: bucketFor('email', email), ...passwordResetsPerEmail };
    for (const limit of [byIp, byEmail]) {
      if (!(await takeRateLimit(trx, limit))) {
        throw new RateLimitedError('Too many reset requests. Please wait and try again.', await retryAfterSeconds(trx, limit));
      }
    }
    const user = await findResettableUser(trx, email);
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    await insertResetToken(trx, user.id, hash, config.passwordResetTtlMs);
    await enqueue(
      trx,
      {
        kind: 'email',
        template: 'password-reset',
        to: user.email,
        data: { firstName: user.first_name, sealedToken: seal(config.sessionSecret, RESET_TOKEN_PURPOSE, token) },
      },
      `password-reset:${hash}`,
    );
  });
}

/** Whether a link's token can still be used (for showing the form or the "expired" page). */
export async function resetLinkUsable(deps: AppDeps, token: string): Promise<boolean> {
  return TOKEN.test(token) && isUsableToken(deps.db.writer, tokenHash(token));
}

export function validateNewPassword(password: string, confirmation: string): FieldErrors {
  const fields: FieldErrors = {};
  if (password.length < MIN_PASSWORD_LENGTH) fields['password'] = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (password.length > MAX_PASSWORD_LENGTH) fields['password'] = `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  else if (confirmation !== password) fields['confirmPassword'] = 'The two passwords are not the same.';
  return fields;
}

/**
 * Sets the new password with a token, once: the token is used up, every other
 * open link retired, and every session of the account ended — all or nothing.
 */
export async function resetPassword(deps: AppDeps, input: { token: string; password: string; confirmPassword: string }): Promise<void> {
  if (!(await resetLinkUsable(deps, input.token))) throw new ResetLinkInvalidError();
  const fields = validateNewPassword(input.password, input.confirmPassword);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const passwordHash = await hashPassword(input.password); // slow on purpose: outside the transaction
  await write(deps.db.writer, async (trx) => {
    const userId = await consumeToken(trx, tokenHash(input.token));
    if (userId === undefined) throw new ResetLinkInvalidError();
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await retireOpenTokens(trx, userId);
    await deleteUserSessions(trx, userId);
  });
}
