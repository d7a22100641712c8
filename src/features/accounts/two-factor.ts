// Two-step sign-in (issue 15 item 5, decision 512): a TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s)
// enrolled from the account page, and ten single-use recovery codes kept only as hashes. A code
// is checked like a password: a wrong one counts in the same failed-login buckets (per account and
// per IP), and a full bucket refuses before the code is even looked at. A code is accepted once
// (the step it belongs to is recorded), within one step either side for clocks that drift.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { write } from '../../db/unit-of-work.js';
import { AppError, ConflictError, ForbiddenError } from '../../domain/errors.js';
import { isAdmin } from '../../domain/permissions.js';
import type { CurrentUser } from '../../web/current-user.js';
import { deleteOtherSessions } from '../../web/session-store.js';
import { bucketName, recordFailure, refuseIfFull } from '../../web/throttle.js';
import { normaliseEmail } from './service.js';

const ISSUER = 'Alpaca Cafe';
const PERIOD_S = 30;
const RECOVERY_CODES = 10;
const TOO_MANY = 'Too many wrong codes. Please wait a few minutes and try again.';

export class InvalidCodeError extends AppError {
  constructor() {
    super(401, 'invalid_code', 'That code is not right. Type the 6 digits your app shows now, or one of your recovery codes.', {
      code: 'That code is not right.',
    });
  }
}

function totp(secret: string, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** A recovery code as typed: case, spaces and dashes don't matter. */
const normaliseRecovery = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
const recoveryHash = (code: string) =>
  createHash('sha256')
    .update(`totp-recovery:${normaliseRecovery(code)}`)
    .digest('hex');

/** Ten codes like `K7QPA-M2XWD` (base32, 50 bits each). */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const text = OTPAuth.Secret.fromHex(randomBytes(7).toString('hex')).base32.slice(0, 10);
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

export interface Enrolment {
  secret: string;
  /** The otpauth:// URI an authenticator app takes (typed, pasted, or scanned from another device). */
  uri: string;
}

export interface SecondFactorState {
  enabled: boolean;
  pending: Enrolment | null;
  recoveryCodesLeft: number;
}

export async function secondFactorState(db: Kysely<DB>, user: { id: number; email: string }): Promise<SecondFactorState> {
  const row = await db.selectFrom('user_totp').select(['secret', 'enabled_at']).where('user_id', '=', user.id).executeTakeFirst();
  if (!row) return { enabled: false, pending: null, recoveryCodesLeft: 0 };
  if (!row.enabled_at) return { enabled: false, pending: { secret: row.secret, uri: totp(row.secret, user.email).toString() }, recoveryCodesLeft: 0 };
  const left = await db
    .selectFrom('totp_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: true, pending: null, recoveryCodesLeft: Number(left.n) };
}

/** Whether signing in as this user takes a code. */
export async function hasSecondFactor(db: Kysely<DB>, userId: number): Promise<boolean> {
  const row = await db.selectFrom('user_totp').select('user_id').where('user_id', '=', userId).where('enabled_at', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

/** A new secret, pending until a code from it is typed (a second start replaces a pending one). */
export async function startEnrolment(deps: AppDeps, user: CurrentUser): Promise<Enrolment> {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await write(deps.db.writer, async (trx) => {
    const existing = await trx.selectFrom('user_totp').select('enabled_at').where('user_id', '=', user.id).forUpdate().executeTakeFirst();
    if (existing?.enabled_at) throw new ConflictError('Two-step sign-in is already on.', 'already_enabled');
    await trx
      .insertInto('user_totp')
      .values({ user_id: user.id, secret, created_at: deps.clock() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, last_step: null }))
      .execute();
  });
  return { secret, uri: totp(secret, user.email).toString() };
}

/** The step a 6-digit code belongs to (within one step of now), or null. */
function stepOf(secret: string, email: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret, email).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
}

/**
 * Turns the pending secret on with a code from it; answers the recovery codes (shown once). Every
 * other session of the account ends: from now on each one was opened with a code.
 */
export async function confirmEnrolment(deps: AppDeps, user: CurrentUser, code: string, ip: string, keepSession: string | null): Promise<string[]> {
  const limits = throttles(deps, user.email, ip);
  await refuseIfFull(deps.db.writer, limits.byIp, TOO_MANY);
  await refuseIfFull(deps.db.writer, limits.byAccount, TOO_MANY);
  const codes = newRecoveryCodes();
  const accepted = await write(deps.db.writer, async (trx) => {
    const row = await trx.selectFrom('user_totp').select(['secret', 'enabled_at']).where('user_id', '=', user.id).forUpdate().executeTakeFirst();
    if (!row) throw new ConflictError('Start setting up two-step sign-in first.', 'not_started');
    if (row.enabled_at) throw new ConflictError('Two-step sign-in is already on.', 'already_enabled');
    const step = stepOf(row.secret, user.email, code.trim(), deps.clock());
    if (step === null) return false;
    await trx.updateTable('user_totp').set({ enabled_at: deps.clock(), last_step: step }).where('user_id', '=', user.id).execute();
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', user.id).execute();
    await trx
      .insertInto('totp_recovery_codes')
      .values(codes.map((c) => ({ user_id: user.id, code_hash: recoveryHash(c) })))
      .execute();
    await deleteOtherSessions(trx, user.id, keepSession);
    return true;
  });
  if (!accepted) {
    await recordFailures(deps, limits);
    throw new InvalidCodeError();
  }
  return codes;
}

function throttles(deps: AppDeps, email: string, ip: string) {
  const { loginFailuresPerAccount, loginFailuresPerIp } = deps.config.rateLimits;
  return {
    byAccount: { bucket: bucketName('login-failures:account', normaliseEmail(email)), ...loginFailuresPerAccount },
    byIp: { bucket: bucketName('login-failures:ip', ip), ...loginFailuresPerIp },
  };
}

async function recordFailures(deps: AppDeps, limits: ReturnType<typeof throttles>): Promise<void> {
  await recordFailure(deps.db.writer, limits.byIp);
  await recordFailure(deps.db.writer, limits.byAccount);
}

/**
 * Checks a code at sign-in (or to turn the factor off): a TOTP code not used before, or an unused
 * recovery code, which is then spent. Throttled like a password.
 */
export async function verifySecondFactor(deps: AppDeps, user: { id: number; email: string }, code: string, ip: string): Promise<'totp' | 'recovery'> {
  const limits = throttles(deps, user.email, ip);
  await refuseIfFull(deps.db.writer, limits.byIp, TOO_MANY);
  await refuseIfFull(deps.db.writer, limits.byAccount, TOO_MANY);
  const typed = code.trim();
  const how = await write(deps.db.writer, async (trx) => {
    const row = await trx
      .selectFrom('user_totp')
      .select(['secret', 'last_step'])
      .where('user_id', '=', user.id)
      .where('enabled_at', 'is not', null)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    const step = stepOf(row.secret, user.email, typed, deps.clock());
    if (step !== null) {
      if (row.last_step !== null && step <= row.last_step) return null; // already used: a replay
      await trx.updateTable('user_totp').set({ last_step: step }).where('user_id', '=', user.id).execute();
      return 'totp' as const;
    }
    if (normaliseRecovery(typed).length !== 10) return null;
    const spent = await trx
      .updateTable('totp_recovery_codes')
      .set({ used_at: deps.clock() })
      .where('user_id', '=', user.id)
      .where('code_hash', '=', recoveryHash(typed))
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return spent ? ('recovery' as const) : null;
  });
  if (!how) {
    await recordFailures(deps, limits);
    throw new InvalidCodeError();
  }
  return how;
}

/** Whether this user must have a second factor before using admin pages. */
export function mustHaveSecondFactor(deps: AppDeps, user: CurrentUser | null): boolean {
  return user !== null && isAdmin(user) && deps.config.adminSecondFactor === 'required';
}

/** Turns the second factor off with a current code; an admin who must keep it cannot. */
export async function disableSecondFactor(deps: AppDeps, user: CurrentUser, code: string, ip: string): Promise<void> {
  if (mustHaveSecondFactor(deps, user)) throw new ForbiddenError('Admins must keep two-step sign-in on.');
  await verifySecondFactor(deps, user, code, ip);
  await write(deps.db.writer, async (trx) => {
    await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('user_totp').where('user_id', '=', user.id).execute();
  });
}
