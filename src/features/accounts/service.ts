// Registering and logging in. Passwords are argon2id; emails are stored lower-case.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { write } from '../../db/unit-of-work.js';
import { sendAccountLink } from './account-tokens.js';
import { AppError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { burnPasswordCheck, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../../domain/passwords.js';

export interface RegisterInput {
  firstName: string;
  lastName: string;
  email: string;
  password: string;
}

export interface AccountUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The problem with a (trimmed) name, or null: 1–60 characters, as the column allows. */
export function validName(name: string, what: 'first name' | 'last name'): string | null {
  if (name.length < 1) return `Enter your ${what}.`;
  if (name.length > 60) return `${what[0]!.toUpperCase()}${what.slice(1)} must be 60 characters or fewer.`;
  return null;
}

export function validEmail(email: string): boolean {
  return EMAIL.test(email) && email.length <= 254;
}

export function validateRegistration(input: RegisterInput): FieldErrors {
  const fields: FieldErrors = {};
  const firstProblem = validName(input.firstName.trim(), 'first name');
  if (firstProblem) fields['firstName'] = firstProblem;
  const lastProblem = validName(input.lastName.trim(), 'last name');
  if (lastProblem) fields['lastName'] = lastProblem;
  const email = normaliseEmail(input.email);
  if (!validEmail(email)) fields['email'] = 'Enter a valid email address, like name@example.com.';
  if (input.password.length < MIN_PASSWORD_LENGTH) fields['password'] = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  else if (input.password.length > MAX_PASSWORD_LENGTH) fields['password'] = `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return fields;
}

/** Creates the account (unverified) and queues the link that verifies its address, in one transaction. */
export async function register(deps: AppDeps, input: RegisterInput): Promise<AccountUser> {
  const fields = validateRegistration(input);
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return write(deps.db.writer, async (trx) => {
    const row = await trx
      .insertInto('users')
      .values({ email, first_name: input.firstName.trim(), last_name: input.lastName.trim(), password_hash: passwordHash })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning(['id', 'email', 'first_name', 'last_name'])
      .executeTakeFirst();
    if (!row) throw new ValidationError({ email: 'An account with this email already exists. Log in instead?' });
    await sendAccountLink(deps, trx, { id: row.id, firstName: row.first_name }, 'verify', row.email);
    return { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name };
  });
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super(401, 'invalid_credentials', 'That email and password do not match an account.');
  }
}

export async function authenticate(db: Kysely<DB>, emailInput: string, password: string): Promise<AccountUser> {
  const email = normaliseEmail(emailInput);
  const row =
    email.length <= 254 && password.length <= MAX_PASSWORD_LENGTH
      ? await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
      : undefined;
  if (!row) {
    await burnPasswordCheck(password);
    throw new InvalidCredentialsError();
  }
  if (!(await verifyPassword(row.password_hash, password))) throw new InvalidCredentialsError();
  if (row.disabled_at) throw new AppError(403, 'account_disabled', 'This account has been disabled. Please contact the cafe.');
  return { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name };
}
