// Shared bits for the admin tests: signed-in browsers and row counts.
import { sql } from 'kysely';
import { Browser, type TestApp } from '../../support/test-app.js';

export const ADMIN = 'admin@alpaca.test';
export const NON_ADMINS = ['customer@alpaca.test', 'barista.colchester@alpaca.test', 'manager.colchester@alpaca.test'];

export async function signedIn(t: TestApp, email: string): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(email);
  return browser;
}

export async function count(t: TestApp, table: string, where = 'true'): Promise<number> {
  const result = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(t.deps.db.writer);
  return Number(result.rows[0]!.n);
}

export async function auditRows(t: TestApp, action: string) {
  return t.deps.db.writer.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

/** The error message rendered beside a field (FieldError gives it the id `<field>-error`). */
export function fieldError(html: string, field: string): string | undefined {
  const match = new RegExp(`id="${field}-error"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}
