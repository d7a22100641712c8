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

/** Submits a multipart form (fields plus one optional file) with the browser's cookies and CSRF token. */
export async function postMultipart(
  browser: Browser, url: string, fields: Record<string, string | string[]>,
  file?: { field: string; filename: string; contentType: string; data: Buffer },
) {
  if (!browser.csrf) await browser.get('/');
  const boundary = `----alpaca${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const add = (name: string, value: string) =>
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  add('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) add(name, v);
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: ${file.contentType}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return browser.request({
    method: 'POST', url, payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A tiny valid PNG (1×1). */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
