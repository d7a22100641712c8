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
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.raw(where)}`.execute(t.deps.db.writer);
  return result.rows[0]!.n;
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
  browser: Browser,
  url: string,
  fields: Record<string, string | string[]>,
  file?: { field: string; filename: string; contentType: string; data: Buffer },
) {
  if (!browser.csrf) await browser.get('/');
  const boundary = `----alpaca${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const add = (name: string, value: string) => parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  add('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) add(name, v);
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\ncontent-type: ${file.contentType}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return browser.request({
    method: 'POST',
    url,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A tiny valid PNG (1×1). */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export async function userId(t: TestApp, email: string): Promise<number> {
  return (await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

export async function storeId(t: TestApp, slug: string): Promise<number> {
  return (await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** Writes an order straight into the orders tables (the orders feature's schema), for reports and user pages. */
export async function insertOrder(
  t: TestApp,
  order: {
    store: string;
    email: string;
    state: string;
    at: string;
    lines: { product: string; quantity: number; unitPence: number }[];
  },
): Promise<string> {
  const db = t.deps.db.writer;
  const total = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPence, 0);
  const paid = ['paid', 'ready', 'completed'].includes(order.state);
  const result = await sql<{ id: string }>`
    INSERT INTO orders (store_id, user_id, state, total_pence, customer_first_name, customer_last_initial,
                        payment_gateway, idempotency_key, created_at, paid_at)
    VALUES (${await storeId(t, order.store)}, ${await userId(t, order.email)}, ${order.state}, ${total}, 'Ada', 'L',
            'simulated', ${`test-${Math.random()}`}, ${order.at}::timestamptz, ${paid ? order.at : null}::timestamptz)
    RETURNING id`.execute(db);
  const id = result.rows[0]!.id;
  for (const [position, line] of order.lines.entries()) {
    const product = await db.selectFrom('products').select(['id', 'name']).where('slug', '=', line.product).executeTakeFirstOrThrow();
    await sql`
      INSERT INTO order_lines (order_id, position, product_id, product_slug, product_name, options, quantity, unit_pence, total_pence)
      VALUES (${id}, ${position}, ${product.id}, ${line.product}, ${product.name}, cast('[]' as text)::jsonb,
              ${line.quantity}, ${line.unitPence}, ${line.quantity * line.unitPence})`.execute(db);
  }
  return id;
}
