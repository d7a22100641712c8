// Route parameters and database errors shared by the admin pages.
import { NotFoundError } from '../../domain/errors.js';

/** A positive integer id from the URL, or a 404 (never a 500 from a bad cast). */
export function idParam(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9]\d{0,8}$/.test(value)) throw new NotFoundError(what);
  return Number(value);
}

/** PostgreSQL unique_violation, as both node-postgres and PGlite report it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
