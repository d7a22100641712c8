// Throttled logins and registrations (issue 15 item 2, DESIGN.md §3). Failed logins count per
// account (10 per 15 min) and per IP (100 per 15 min: a cafe's wifi is one IP); only failures
// count, so the right password always works until a bucket is full. When an account's bucket
// fills, its owner is emailed once per window. Registrations count per IP (20 an hour), failed
// ones included: an existing email is said plainly, so throttling is what guards against probing.
import type { AppDeps } from '../../deps.js';
import { write } from '../../db/unit-of-work.js';
import { enqueue } from '../../outbox/enqueue.js';
import { recordAudit } from '../audit/index.js';
import { bucketName, recordFailure, refuseIfFull, takeOrRefuse } from '../../web/throttle.js';
import { authenticate, InvalidCredentialsError, normaliseEmail, type AccountUser } from './service.js';

const TOO_MANY_LOGINS = 'Too many failed logins. Please wait a few minutes and try again, or reset your password.';

export async function logIn(deps: AppDeps, input: { email: string; password: string; ip: string }): Promise<AccountUser> {
  const db = deps.db.writer;
  const { loginFailuresPerAccount, loginFailuresPerIp } = deps.config.rateLimits;
  const email = normaliseEmail(input.email);
  const byAccount = { bucket: bucketName('login-failures:account', email), ...loginFailuresPerAccount };
  const byIp = { bucket: bucketName('login-failures:ip', input.ip), ...loginFailuresPerIp };
  await refuseIfFull(db, byIp, TOO_MANY_LOGINS);
  await refuseIfFull(db, byAccount, TOO_MANY_LOGINS);
  try {
    return await authenticate(db, email, input.password);
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error;
    await auditFailedLogin(db, email);
    await recordFailure(db, byIp);
    if ((await recordFailure(db, byAccount)) === byAccount.limit) await tellOwner(deps, email, byAccount.windowMs);
    throw error;
  }
}

/**
 * A failed login is audited (issue 15): the account's id when the email is one, else nothing that
 * names anyone — never the email typed, the password or the IP.
 */
async function auditFailedLogin(db: AppDeps['db']['writer'], email: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  await recordAudit(db, { actorId: null, action: 'login.failed', entity: 'user', entityId: user?.id ?? null });
}

/** The owner of a throttled account hears of it (once per window), whoever was trying. */
async function tellOwner(deps: AppDeps, email: string, windowMs: number): Promise<void> {
  await write(deps.db.writer, async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'first_name']).where('email', '=', email).executeTakeFirst();
    if (!user) return;
    const windowIndex = Math.floor(Date.now() / windowMs);
    await enqueue(
      trx,
      { kind: 'email', template: 'login-throttled', to: user.email, data: { firstName: user.first_name } },
      `login-throttled:${user.id}:${windowIndex}`,
    );
  });
}

export async function throttleRegistration(deps: AppDeps, ip: string): Promise<void> {
  const limit = { bucket: bucketName('registrations:ip', ip), ...deps.config.rateLimits.registrationsPerIp };
  await takeOrRefuse(deps.db.writer, limit, 'Too many accounts were made from this network recently. Please try again later.');
}
