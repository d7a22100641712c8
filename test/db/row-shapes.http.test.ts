// Every column of every table reads back as the same JS type on PGlite and on PostgreSQL
// (decision 220: src/db/column-types.ts). The PostgreSQL run opens a PGlite from the template
// beside its own database, drives the same orders through both apps, and compares the two
// column by column; the PGlite run checks its own engine against the decided types.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { freshPgliteDatabase, TEST_DATABASE } from '../support/database.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { fillBasket, newCustomer, place, post } from '../features/orders/helpers.js';

/** The JS kind each PostgreSQL type must read as, on every engine. */
const DECIDED: Record<string, string> = {
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float8: 'number',
  numeric: 'number',
  text: 'string',
  varchar: 'string',
  uuid: 'string',
  time: 'string',
  date: 'string',
  bool: 'boolean',
  timestamptz: 'Date',
  jsonb: 'object|array',
  json: 'object|array',
  _int4: 'array<number>',
  _text: 'array<string>',
};

/** A value of the type, for a column that holds only NULLs after the scenario. */
const SAMPLE: Record<string, string> = {
  int2: '1',
  int4: '1',
  int8: '1',
  float8: '1.5',
  numeric: '1.5',
  text: `'a'`,
  varchar: `'a'`,
  uuid: `'7f0c1a52-1e1b-4a37-9a4e-2f5d3c2b1a00'`,
  time: `'12:30'`,
  date: `'2026-11-30'`,
  bool: 'true',
  timestamptz: 'now()',
  jsonb: `'{"a":1}'`,
  json: `'{"a":1}'`,
  _int4: `'{1,2}'`,
  _text: `'{a,b}'`,
};

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) {
    const inner = [...new Set(value.map(kind))];
    return inner.length === 1 ? `array<${inner[0]}>` : 'array';
  }
  return typeof value;
}

function matchesDecided(udt: string, actual: string): boolean {
  const decided = DECIDED[udt];
  if (decided === 'object|array') return actual === 'object' || actual.startsWith('array');
  return decided === actual;
}

interface Column {
  table: string;
  column: string;
  udt: string;
  type: string;
}

async function columns(db: Kysely<DB>): Promise<Column[]> {
  const { rows } = await sql<Column>`
    SELECT c.table_name AS table, c.column_name AS column, c.udt_name AS udt,
           format_type(a.atttypid, a.atttypmod) AS type
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
    ORDER BY 1, 2`.execute(db);
  return rows;
}

/** The JS kind of one column as the engine reads it: a stored value, or a cast sample when all are NULL. */
async function readKind(db: Kysely<DB>, c: Column): Promise<{ kind: string; from: 'row' | 'sample' }> {
  // An empty array says nothing about its elements' type: arrays are read from a row that has some.
  const nonEmpty = c.udt.startsWith('_') ? sql`AND cardinality(${sql.ref(c.column)}) > 0` : sql``;
  const { rows } = await sql<{ v: unknown }>`
    SELECT ${sql.ref(c.column)} AS v FROM ${sql.table(c.table)} WHERE ${sql.ref(c.column)} IS NOT NULL ${nonEmpty} LIMIT 1`.execute(db);
  if (rows.length > 0) return { kind: kind(rows[0]!.v), from: 'row' };
  const sample = SAMPLE[c.udt];
  assert.ok(sample, `${c.table}.${c.column}: type ${c.udt} has no decided JS type yet (add it to column-types.ts and this test)`);
  const cast = await sql<{ v: unknown }>`SELECT CAST(${sql.raw(sample)} AS ${sql.raw(c.type)}) AS v`.execute(db);
  return { kind: kind(cast.rows[0]!.v), from: 'sample' };
}

/** Seeded data plus one order placed, paid, made ready and delivered, a busy pause and a reset request. */
async function fillEveryTable(t: TestApp): Promise<void> {
  const auth = await newCustomer(t);
  await fillBasket(t, auth);
  const placed = await place(t, auth);
  assert.equal(placed.statusCode, 201, placed.body);
  const orderId = placed.json().order.id as string;
  assert.equal((await post(t, auth, `/api/v1/orders/${orderId}/check-in`)).statusCode, 200);
  const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
  // One drink bumped on the kitchen display (order_line_bumps), then the order made ready.
  const bump = await t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${orderId}/lines/1/bump`,
    headers: { ...barista, 'idempotency-key': randomUUID() },
  });
  assert.equal(bump.statusCode, 200, bump.body);
  assert.equal((await post(t, barista, `/api/v1/orders/${orderId}/ready`)).statusCode, 200);
  // A favourite, and a second order whose card is saved (favourites, saved_cards, payment_customers).
  const favourite = await t.app.inject({ method: 'POST', url: '/api/v1/favourites', headers: auth, payload: { product: 'latte', options: { milk: 'oat' } } });
  assert.equal(favourite.statusCode, 201, favourite.body);
  await fillBasket(t, auth);
  const saving = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth, 'idempotency-key': randomUUID() },
    payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123', save: true } },
  });
  assert.equal(saving.statusCode, 201, saving.body);
  // A basket left with a line (keyed, so applied_requests has a row too).
  const keyed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/basket/lines',
    headers: { ...auth, 'idempotency-key': randomUUID() },
    payload: { product: 'latte', quantity: 1 },
  });
  assert.equal(keyed.statusCode, 201, keyed.body);
  await t.outbox.drainOnce(); // emails delivered, the ticket recorded in the store's feed
  const manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
  const busy = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/stores/colchester/busy',
    headers: manager,
    payload: { paused: true, resumeAt: '2026-11-25T13:00:00Z' },
  });
  assert.equal(busy.statusCode, 200, busy.body);
  const browser = new Browser(t.app);
  await browser.get('/password-reset');
  assert.equal((await browser.post('/password-reset', { email: 'customer@alpaca.test' })).statusCode, 303);
  // No Stripe in the test app: a received webhook as the webhook route stores it.
  await sql`INSERT INTO stripe_webhook_events (event_id, type, payload, processed_at, result)
    VALUES ('evt_shape', 'payment_intent.succeeded', cast(${JSON.stringify({ id: 'evt_shape' })} as text)::jsonb, now(), 'ignored')`.execute(t.deps.db.writer);
  // No refund route yet (issue 9's staff work): a refund as the refunds table takes it (migration 300).
  await sql`INSERT INTO refunds (order_id, amount_pence, lines, reason, actor, method, status, gateway_reference, idempotency_key, settled_at)
    VALUES (${orderId}, 100, cast(${JSON.stringify([{ position: 1, quantity: 1 }])} as text)::jsonb, 'Spilt', 'staff:1', 'gateway', 'succeeded',
      're_shape', 'refund-shape', now())`.execute(t.deps.db.writer);
  // The simulated gateway never fails with an error: a payments-log row as the gateway wrapper writes it (migration 430).
  await sql`INSERT INTO payment_errors (gateway, operation, kind, order_id, payment_reference, message)
    VALUES ('stripe', 'capture', 'transient', ${orderId}, 'pi_shape', 'api_error (HTTP 500): stand-in outage')`.execute(t.deps.db.writer);
  // A second factor as enrolment leaves it (migration 500): a secret and one hashed recovery code.
  await sql`INSERT INTO user_totp (user_id, secret, enabled_at, last_step)
    SELECT id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now(), 1 FROM users WHERE email = 'admin@alpaca.test'`.execute(t.deps.db.writer);
  await sql`INSERT INTO totp_recovery_codes (user_id, code_hash)
    SELECT id, 'shape-hash' FROM users WHERE email = 'admin@alpaca.test'`.execute(t.deps.db.writer);
  // The manager's screens: a tea's preparation time (store_category_prep) and holiday hours (store_special_days).
  const managerPages = new Browser(t.app);
  await managerPages.login('manager.colchester@alpaca.test');
  const prep = await managerPages.post('/staff/colchester/capacity', { drinksPerSlot: '12', 'prep.teas': '3.5' });
  assert.equal(prep.statusCode, 303, prep.body);
  const holiday = await managerPages.post('/staff/colchester/hours/special-days', {
    firstDate: '2026-12-24',
    lastDate: '',
    closed: 'false',
    opens: '08:00',
    closes: '14:00',
    reason: 'Christmas Eve',
  });
  assert.equal(holiday.statusCode, 303, holiday.body);
}

async function shapes(t: TestApp): Promise<Map<string, { udt: string; kind: string; from: string }>> {
  const result = new Map<string, { udt: string; kind: string; from: string }>();
  for (const c of await columns(t.deps.db.writer)) result.set(`${c.table}.${c.column}`, { udt: c.udt, ...(await readKind(t.deps.db.writer, c)) });
  return result;
}

describe('row shapes are the same on both engines', () => {
  const apps: TestApp[] = [];
  before(async () => {
    apps.push(await startTestApp());
    if (TEST_DATABASE === 'postgres') apps.push(await startTestApp({}, await freshPgliteDatabase()));
    for (const t of apps) await fillEveryTable(t);
  });
  after(async () => {
    for (const t of apps) await t.close();
  });

  it('every table has rows to read after the scenario', async () => {
    for (const t of apps) {
      const tables = [...new Set((await columns(t.deps.db.writer)).map((c) => c.table))];
      assert.ok(tables.length >= 26, `only ${tables.length} tables`);
      for (const table of tables) {
        const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.deps.db.writer);
        assert.ok(rows[0]!.n > 0, `${t.deps.db.kind}: ${table} is empty`);
      }
    }
  });

  it('every column reads as its decided JS type (int8 and numeric as numbers, jsonb parsed, timestamptz as Date)', async () => {
    for (const t of apps) {
      for (const [name, shape] of await shapes(t)) {
        assert.ok(matchesDecided(shape.udt, shape.kind), `${t.deps.db.kind}: ${name} (${shape.udt}) reads as ${shape.kind}, decided ${DECIDED[shape.udt]}`);
      }
    }
  });

  // Both engines at once: the PostgreSQL run only (the PGlite run has no server to compare with).
  if (TEST_DATABASE !== 'postgres') return;

  it('PGlite and PostgreSQL hand back the same JS type for every column', async () => {
    assert.equal(apps.length, 2);
    const [pg, pglite] = await Promise.all(apps.map(shapes));
    assert.deepEqual([...pglite!.keys()], [...pg!.keys()], 'the same tables and columns');
    const differing = [...pg!]
      .filter(([name, shape]) => pglite!.get(name)!.kind !== shape.kind)
      .map(([name, shape]) => `${name}: postgres ${shape.kind}, pglite ${pglite!.get(name)!.kind}`);
    assert.deepEqual(differing, []);
  });
});
