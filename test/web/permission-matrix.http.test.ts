// The permission matrix: every route the real app registers × six callers —
// a guest, a customer, the Colchester barista, the Colchester manager, the
// Ipswich barista and an admin — against Colchester-scoped resources (the
// customer's Colchester order and basket, Colchester's queue and switches).
//
//   allowed ⇒ 2xx or 3xx (a 3xx that is not the bounce to /login?returnTo=…)
//   refused ⇒ 401, 403 or 404 (a page may send a guest to /login instead)
//
// A route with no entry in MATRIX fails the test, and so does an entry for a
// route that no longer exists: adding a route means deciding who may use it here.
// Allowed requests send valid input, so "allowed" really reaches the handler and
// succeeds; fixtures that a request uses up (orders, basket lines, grants) are
// made fresh for each request.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { stores as seedStores } from '../../src/db/seed/catalogue-data.js';
import { insertResetToken, tokenHash } from '../../src/features/password-reset/queries.js';
import { FileMailbox } from '../../src/outbox/email/file-mailbox.js';
import { insertOrder } from '../features/admin/helpers.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { securityRecorder } from '../support/security-record.js';

const ROLES = ['guest', 'customer', 'baristaColchester', 'managerColchester', 'baristaIpswich', 'admin'] as const;
type Role = (typeof ROLES)[number];

const EMAIL: Record<Exclude<Role, 'guest'>, string> = {
  customer: 'customer@alpaca.test',
  baristaColchester: 'barista.colchester@alpaca.test',
  managerColchester: 'manager.colchester@alpaca.test',
  baristaIpswich: 'barista.ipswich@alpaca.test',
  admin: 'admin@alpaca.test',
};
const PASSWORD = 'alpaca-demo-password';

const EVERYONE: readonly Role[] = ROLES;
const SIGNED_IN: readonly Role[] = ['customer', 'baristaColchester', 'managerColchester', 'baristaIpswich', 'admin'];
const COLCHESTER_STAFF: readonly Role[] = ['baristaColchester', 'managerColchester', 'admin'];
const COLCHESTER_MANAGERS: readonly Role[] = ['managerColchester', 'admin'];
const ADMINS: readonly Role[] = ['admin'];
/** The customer who owns the Colchester order or basket line in the URL. */
const OWNER: readonly Role[] = ['customer'];
/** Whoever may read the customer's Colchester order: the owner and that store's staff. */
const ORDER_READERS: readonly Role[] = ['customer', ...COLCHESTER_STAFF];

type Params = Record<string, string>;
type Fields = Record<string, string | string[]>;

interface Case {
  allow: readonly Role[];
  /** Values for the pattern's :params, fixed or made fresh for each caller. */
  params?: Params | ((role: Role) => Promise<Params>);
  /** A concrete path for patterns with wildcards. */
  path?: string;
  /** A query string (without "?"), made fresh for each caller. */
  query?: () => Promise<string>;
  /** JSON body for /api routes, form fields for pages. */
  body?: unknown | ((role: Role, params: Params) => unknown);
  headers?: (role: Role) => Record<string, string>;
  /** A new session for this request (logins and logouts must not end the shared one). */
  fresh?: true;
  /** A Server-Sent Events stream: only the status is read, over a real socket. */
  sse?: true;
  /** Statuses that count as refused instead of 401/403/404, with the reason. */
  refusedWith?: { statuses: number[]; why: string };
  /** Built only with that configuration (e.g. the Stripe webhook). */
  app?: 'stripe';
  /** The request ends the caller's other sessions: the shared ones are made again after it. */
  renewsSessions?: true;
}

interface World {
  t: TestApp;
  stripe: FastifyInstance;
  baseUrl: string;
  ids: {
    colchester: number;
    customer: number;
    category: number;
    product: number;
    milkGroup: number;
    oat: number;
    readOrder: string;
  };
  tokens: Partial<Record<Role, Record<string, string>>>;
  browsers: Partial<Record<Role, Browser>>;
}

let w: World;
let unique = 0;
/** Route × role outcomes checked, for the security summary (test/support/security-report.ts). */
const checked = { routes: 0, cases: 0, failures: 0 };
const recordChecked = securityRecorder('authorisation');
const next = () => `${Date.now().toString(36)}${(unique++).toString(36)}`;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const auth = (role: Role) => w.tokens[role] ?? {};

async function customerLine(): Promise<Params> {
  const customer = auth('customer');
  await w.t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: customer, payload: { store: 'colchester' } });
  const basket = (
    await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: customer,
      payload: { product: 'americano', quantity: 1 },
    })
  ).json();
  const line = basket.lines.find((l: { product: string }) => l.product === 'americano');
  assert.ok(line, 'fixture: the customer has a basket line');
  return { id: String(line.id) };
}

/** A saved card of the customer's (a fresh one each time: a request may remove it). */
async function customerCard(): Promise<Params> {
  const customer = auth('customer');
  await fillBasket('customer');
  const placed = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...customer, 'idempotency-key': randomUUID() },
    payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123', save: true } },
  });
  assert.equal(placed.statusCode, 201, `fixture: an order that saves a card (${placed.body})`);
  await w.t.app.inject({ method: 'POST', url: `/api/v1/orders/${placed.json().order.id}/cancel`, headers: customer });
  const cards = (await w.t.app.inject({ url: '/api/v1/account/cards', headers: customer })).json();
  return { id: String(cards[0].id) };
}

/** A favourite of the customer's (a fresh one each time: a request may remove it). */
async function customerFavourite(): Promise<Params> {
  const customer = auth('customer');
  await w.t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: customer, payload: { store: 'colchester' } });
  const quantity = 1 + (unique++ % 20);
  const saved = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/favourites',
    headers: customer,
    payload: { product: 'americano', options: {}, quantity },
  });
  // 201 the first time, 200 when that drink is already a favourite (another quantity of it).
  assert.ok([200, 201].includes(saved.statusCode), `fixture: the customer has a favourite (${saved.body})`);
  return { id: String(saved.json().id) };
}

/** Puts a latte in the caller's basket at Colchester (so they can place an order). */
async function fillBasket(role: Role): Promise<void> {
  if (role === 'guest') return;
  await w.t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth(role), payload: { store: 'colchester' } });
  await w.t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth(role), payload: { product: 'latte', quantity: 1 } });
}

let specialDays = 0;
/** A date no other holiday entry of the matrix uses (a day apart, from 2027 on). */
function specialDate(): string {
  return new Date(Date.UTC(2027, 0, 1 + specialDays++)).toISOString().slice(0, 10);
}

/** A fresh Colchester holiday entry, for its Remove button. */
async function specialDay(): Promise<number> {
  const row = await w.t.deps.db.writer
    .insertInto('store_special_days')
    .values({ store_id: w.ids.colchester, first_date: specialDate(), last_date: specialDate(), reason: 'Matrix' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fresh order of the customer's at Colchester, in a given state. */
async function customerOrder(state: 'paid' | 'ready' | 'completed' | 'needs_payment'): Promise<Params> {
  const id = await insertOrder(w.t, {
    store: 'colchester',
    email: EMAIL.customer,
    state,
    at: new Date().toISOString(),
    lines: [{ product: 'latte', quantity: 1, unitPence: 340 }],
  });
  return { id };
}

/** A paid order with a line 1 (placed orders number their lines from 1), for a line bump. */
async function paidOrderLine(): Promise<Params> {
  const { id } = await customerOrder('paid');
  // The fixture numbers its lines from 0 and lines can't be changed: add the order's line 1.
  await sql`INSERT INTO order_lines (order_id, position, product_id, product_slug, product_name, options, quantity, unit_pence, total_pence)
    SELECT order_id, 1, product_id, product_slug, product_name, options, quantity, unit_pence, total_pence FROM order_lines WHERE order_id = ${id}`.execute(
    w.t.deps.db.writer,
  );
  return { id: id!, line: '1' };
}

/** An order collected a moment ago (so "undo collected" is still allowed), collected by an admin. */
async function collectedJustNow(): Promise<Params> {
  const { id } = await customerOrder('ready');
  const response = await w.t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/collected`, headers: w.tokens.admin });
  assert.equal(response.statusCode, 200, `fixture collected order: ${response.body}`);
  return { id: id! };
}

/** A fresh authorised (card held) order of the customer's, placed through the API. */
async function authorisedOrder(): Promise<Params> {
  await fillBasket('customer');
  const response = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth('customer'), 'idempotency-key': randomUUID() },
    payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
  });
  assert.equal(response.statusCode, 201, `fixture order: ${response.body}`);
  return { id: response.json().order.id };
}

/** A fresh order of the customer's at Colchester, paid by card through check-in (so it can be refunded). */
async function paidCustomerOrder(): Promise<Params> {
  const { id } = await authorisedOrder();
  const response = await w.t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/check-in`, headers: auth('customer') });
  assert.equal(response.json().state, 'paid', `fixture paid order: ${response.body}`);
  return { id: id! };
}

/** A fresh order of the customer's whose capture the bank refused at check-in (it needs payment). */
async function unpaidCustomerOrder(): Promise<Params> {
  await fillBasket('customer');
  const placed = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth('customer'), 'idempotency-key': randomUUID() },
    payload: { payment: { card: '4000000000000341', expiry: '12/30', cvc: '123' } },
  });
  const id = placed.json().order.id as string;
  await w.t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/check-in`, headers: auth('customer') });
  const row = await w.t.deps.db.writer.selectFrom('orders').select('state').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.state, 'needs_payment', 'fixture: an order that needs payment');
  return { id };
}

async function newUser(): Promise<number> {
  const email = `matrix.${next()}@example.test`;
  const response = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { firstName: 'Matrix', lastName: 'User', email, password: 'a-long-enough-password' },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().user.id;
}

async function parkedOutboxMessage(): Promise<Params> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO outbox (kind, payload, attempts, last_error, parked_at)
    VALUES ('email', cast(${JSON.stringify({ to: 'a@b.c' })} as text)::jsonb, 8, 'SMTP 550', now()) RETURNING id`.execute(w.t.deps.db.writer);
  return { id: String(rows[0]!.id) };
}

const colchesterSeed = seedStores.find((s) => s.slug === 'colchester')!;
const colchesterHours = colchesterSeed.hours.map((h) => ({ day: h.isoDay, opens: h.opens, closes: h.closes }));

/** The admin store form for Colchester with its current values (so an allowed save changes nothing). */
function colchesterStoreForm(): Fields {
  const fields: Fields = {
    name: colchesterSeed.name,
    slug: colchesterSeed.slug,
    addressLine1: colchesterSeed.addressLine1,
    addressLine2: colchesterSeed.addressLine2 ?? '',
    town: colchesterSeed.town,
    postcode: colchesterSeed.postcode,
    phone: colchesterSeed.phone,
    timezone: colchesterSeed.timezone,
  };
  for (let day = 1; day <= 7; day++) {
    const h = colchesterSeed.hours.find((x) => x.isoDay === day);
    fields[`opens${day}`] = h?.opens ?? '';
    fields[`closes${day}`] = h?.closes ?? '';
  }
  return fields;
}

async function productForm(): Promise<Fields> {
  const db = w.t.deps.db.writer;
  const p = await db.selectFrom('products').selectAll().where('id', '=', w.ids.product).executeTakeFirstOrThrow();
  const groups = await db.selectFrom('product_option_groups').select('group_id').where('product_id', '=', p.id).execute();
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    price: (p.price_pence / 100).toFixed(2),
    categoryId: String(p.category_id),
    groups: groups.map((g) => String(g.group_id)),
    imageUrl: p.image_url ?? '',
  };
}

async function groupForm(): Promise<Fields> {
  const g = await w.t.deps.db.writer.selectFrom('option_groups').selectAll().where('id', '=', w.ids.milkGroup).executeTakeFirstOrThrow();
  return { name: g.name, slug: g.slug, selection: g.selection, maxChoices: String(g.max_choices), ...(g.required ? { required: 'on' } : {}) };
}

async function optionForm(): Promise<Fields> {
  const o = await w.t.deps.db.writer.selectFrom('options').selectAll().where('id', '=', w.ids.oat).executeTakeFirstOrThrow();
  return { name: o.name, slug: o.slug, priceDelta: (o.price_delta_pence / 100).toFixed(2), ...(o.is_default ? { isDefault: 'on' } : {}) };
}

async function categoryForm(): Promise<Fields> {
  const c = await w.t.deps.db.writer.selectFrom('categories').selectAll().where('id', '=', w.ids.category).executeTakeFirstOrThrow();
  return { name: c.name, slug: c.slug, description: c.description };
}

/** A usable password-reset token for a fresh account (as the emailed link would carry). */
async function resetToken(): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertResetToken(w.t.deps.db.writer, await newUser(), tokenHash(token), 30 * 60_000);
  return token;
}

/** A message in the development mailbox (DATA_DIR/mail), as the email outbox writes it. */
const MAIL_ID = '0d0d0d0d-0000-4000-8000-000000000001';

/** The caller's details as they are (an allowed save changes nothing). */
async function ownDetails(role: Role): Promise<Fields> {
  const user = await w.t.deps.db.writer
    .selectFrom('users')
    .select(['first_name', 'last_name', 'email'])
    .where('email', '=', EMAIL[role === 'guest' ? 'customer' : role])
    .executeTakeFirstOrThrow();
  return { firstName: user.first_name, lastName: user.last_name, email: user.email };
}

/** A usable email-verification link token for a fresh account (as the emailed link would carry). */
async function accountToken(): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const id = await newUser();
  const { email } = await w.t.deps.db.writer.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow();
  await w.t.deps.db.writer
    .insertInto('account_tokens')
    .values({
      user_id: id,
      purpose: 'verify',
      email,
      token_hash: createHash('sha256').update(token).digest('hex'),
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
  return token;
}

/** The handle the sessions list shows for a bearer token's session. */
function sessionHandle(authorization: string): string {
  return createHash('sha256')
    .update(authorization.replace(/^Bearer /, ''))
    .digest('hex')
    .slice(0, 32);
}

const tapForm = () => ({ idempotencyKey: randomUUID() });
const checkoutForm = () => ({ idempotencyKey: randomUUID(), cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' });
const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });

// ---------------------------------------------------------------------------------------------
// The matrix: every route, who may use it
// ---------------------------------------------------------------------------------------------

const MATRIX: Record<string, Case> = {
  // Platform
  'GET /healthz': { allow: EVERYONE },
  'GET /readyz': { allow: EVERYONE },
  'GET /readyz/writer': { allow: EVERYONE },
  'GET /static/*': { allow: EVERYONE, path: '/static/styles.css' },
  'GET /api/openapi.json': { allow: EVERYONE },
  // Loopback callers that come straight in read metrics (see test/features/metrics).
  'GET /metrics': { allow: EVERYONE },
  'GET /uploads/:name': { allow: EVERYONE, params: { name: 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0.png' } },
  'POST /webhooks/stripe': {
    allow: [],
    app: 'stripe',
    body: { id: 'evt_matrix' },
    refusedWith: { statuses: [400], why: "authenticated by Stripe's signature, never by a session: no caller without one gets in" },
  },

  // Accounts and sessions
  'POST /api/v1/accounts': {
    allow: EVERYONE,
    body: () => ({ firstName: 'New', lastName: 'Person', email: `new.${next()}@example.test`, password: 'a-long-enough-password' }),
  },
  'POST /api/v1/sessions': { allow: EVERYONE, body: (role: Role) => ({ email: EMAIL[role === 'guest' ? 'customer' : role], password: PASSWORD }) },
  'DELETE /api/v1/sessions/current': { allow: SIGNED_IN, fresh: true },
  'GET /login': { allow: EVERYONE },
  // Two-step sign-in's code (decision 512): without a password typed first it sends back to /login.
  'GET /login/code': { allow: EVERYONE },
  'POST /login/code': { allow: EVERYONE, body: { code: '123456', returnTo: '/' } },
  'GET /account/two-factor': { allow: SIGNED_IN },
  'POST /account/two-factor/setup': { allow: SIGNED_IN, body: {} },
  'POST /account/two-factor/confirm': {
    allow: [],
    body: { code: '000000' },
    refusedWith: {
      statuses: [401, 409],
      why: 'a wrong code (turning it on would ask every later login of the matrix for a code): signed in, 401, or 409 before setup; a guest goes to log in',
    },
  },
  'POST /account/two-factor/disable': {
    allow: [],
    body: { code: '000000' },
    refusedWith: { statuses: [401], why: 'a wrong code (nobody in the matrix has it on): signed in, 401; a guest goes to log in' },
  },
  'POST /login': {
    allow: EVERYONE,
    fresh: true,
    body: (role: Role) => ({ email: EMAIL[role === 'guest' ? 'customer' : role], password: PASSWORD, returnTo: '/' }),
  },
  'GET /register': { allow: EVERYONE },
  'POST /register': {
    allow: EVERYONE,
    fresh: true,
    body: () => ({ firstName: 'New', lastName: 'Person', email: `reg.${next()}@example.test`, password: 'a-long-enough-password', returnTo: '/' }),
  },
  'POST /logout': { allow: EVERYONE, fresh: true },
  'GET /account': { allow: SIGNED_IN },
  // The account page's forms (issue 14): the caller's own account only.
  'POST /account/profile': { allow: SIGNED_IN, body: (role: Role) => ownDetails(role) },
  'POST /account/notifications': { allow: SIGNED_IN, body: { receipt: 'on', ready: 'on' } },
  'POST /account/password': {
    allow: [],
    body: { currentPassword: 'not-the-password', newPassword: 'a-new-long-password' },
    refusedWith: {
      statuses: [400],
      why: 'a wrong current password (the shared sessions must survive): signed in, the form again with 400; a guest goes to log in',
    },
  },
  'POST /account/email/resend': { allow: SIGNED_IN },
  // The emailed link's token is the proof: anyone holding one may use it.
  'GET /account/email/confirm': { allow: EVERYONE, query: async () => `token=${await accountToken()}` },
  'POST /account/email/confirm': { allow: EVERYONE, body: async () => ({ token: await accountToken() }) },
  'POST /account/sessions/:id/end': {
    allow: SIGNED_IN,
    params: async (role: Role) => ({ id: sessionHandle((await apiLogin(w.t.app, EMAIL[role === 'guest' ? 'customer' : role])).authorization) }),
  },
  'POST /account/sessions/end-others': { allow: SIGNED_IN, fresh: true, renewsSessions: true },
  'GET /account/export': { allow: SIGNED_IN },
  'GET /account/delete': { allow: SIGNED_IN },
  'POST /account/delete': {
    allow: [],
    body: { password: 'not-the-password' },
    refusedWith: { statuses: [400], why: 'a wrong password (deleting the demo accounts would end the matrix): signed in, 400; a guest goes to log in' },
  },
  // The account's own API (issue 14): about the caller only, so every signed-in caller may.
  'GET /api/v1/account': { allow: SIGNED_IN },
  'PATCH /api/v1/account': { allow: SIGNED_IN, body: { notifications: { receipt: true } } },
  // Demo accounts are verified already: an allowed call answers "already-verified" and sends nothing.
  'POST /api/v1/account/email-verification': { allow: SIGNED_IN, body: {} },
  'GET /api/v1/account/sessions': { allow: SIGNED_IN },
  'DELETE /api/v1/account/sessions/:id': {
    allow: SIGNED_IN,
    // A session of the caller's own, made for the request; a guest names one of the customer's.
    params: async (role: Role) => ({ id: sessionHandle((await apiLogin(w.t.app, EMAIL[role === 'guest' ? 'customer' : role])).authorization) }),
  },
  // It ends the caller's shared sessions (the "others"): the matrix logs them in again after it.
  'POST /api/v1/account/sessions/sign-out-others': { allow: SIGNED_IN, fresh: true, renewsSessions: true },
  'GET /api/v1/account/export': { allow: SIGNED_IN },
  // Changing the password or deleting the account would end the shared demo sessions, so the matrix
  // sends a wrong current password: a signed-in caller gets past authorisation to 400 wrong_password,
  // a guest is refused with 401. The real change and erasure: test/features/accounts/*.http.test.ts.
  'POST /api/v1/account/password': {
    allow: [],
    body: { currentPassword: 'not-the-password', newPassword: 'a-new-long-password' },
    refusedWith: { statuses: [400, 401], why: 'a wrong current password (signed in: 400) or no session (401)' },
  },
  'POST /api/v1/account/deletion': {
    allow: [],
    body: { password: 'not-the-password' },
    refusedWith: { statuses: [400, 401], why: 'a wrong password (signed in: 400) or no session (401)' },
  },
  // Forgotten passwords: anyone may ask; the emailed single-use token is the proof.
  'GET /password-reset': { allow: EVERYONE },
  'POST /password-reset': { allow: EVERYONE, body: () => ({ email: `forgot.${next()}@example.test` }) },
  'GET /password-reset/sent': { allow: EVERYONE },
  'GET /password-reset/confirm': { allow: EVERYONE, query: async () => `token=${await resetToken()}` },
  // Fresh session: a successful reset ends the browser's session.
  'POST /password-reset/confirm': {
    allow: EVERYONE,
    fresh: true,
    body: async () => ({ token: await resetToken(), password: 'a-new-long-password', confirmPassword: 'a-new-long-password' }),
  },
  // Development only, and only without SMTP (never registered in production: decision 033):
  // the mailbox is open to whoever can reach a development instance.
  'GET /dev/mailbox': { allow: EVERYONE },
  'GET /dev/mailbox/:id': { allow: EVERYONE, params: { id: MAIL_ID } },
  'GET /dev/mailbox/:id/raw': { allow: EVERYONE, params: { id: MAIL_ID } },

  // Stores and menus: public
  'GET /api/v1/stores': { allow: EVERYONE },
  'GET /': { allow: EVERYONE },
  'GET /stores': { allow: EVERYONE },
  'POST /stores/choose': { allow: EVERYONE, body: { store: 'colchester' } },
  'GET /api/v1/stores/:store/menu': { allow: EVERYONE, params: { store: 'colchester' } },
  'GET /stores/:store': { allow: EVERYONE, params: { store: 'colchester' } },
  'GET /stores/:store/products/:product': { allow: EVERYONE, params: { store: 'colchester', product: 'latte' } },
  // "Update total" without JavaScript: a priced preview of the product form (a POST so its CSRF token stays out of URLs).
  'POST /stores/:store/products/:product': {
    allow: EVERYONE,
    params: { store: 'colchester', product: 'latte' },
    body: { 'options.milk': 'oat', quantity: '2' },
  },
  'GET /products/:product': { allow: EVERYONE, params: { product: 'latte' } },

  // Baskets: your own only. The API needs an account; pages also serve a guest's basket.
  // Line ids are the customer's: anyone else gets 404, never their line.
  'GET /api/v1/basket': { allow: SIGNED_IN },
  'PUT /api/v1/basket/store': { allow: SIGNED_IN, body: { store: 'colchester' } },
  'POST /api/v1/basket/lines': { allow: SIGNED_IN, body: { product: 'latte', quantity: 1 } },
  'PATCH /api/v1/basket/lines/:id': { allow: OWNER, params: customerLine, body: { quantity: 2 } },
  'DELETE /api/v1/basket/lines/:id': { allow: OWNER, params: customerLine },
  'GET /basket': { allow: EVERYONE },
  'POST /basket/lines': { allow: EVERYONE, body: { store: 'colchester', product: 'latte', quantity: '1' } },
  'POST /basket/lines/:id': { allow: OWNER, params: customerLine, body: { quantity: '3' } },
  'POST /basket/lines/:id/remove': { allow: OWNER, params: customerLine },
  'GET /basket/lines/:id/edit': { allow: OWNER, params: customerLine },
  'POST /basket/lines/:id/preview': { allow: OWNER, params: customerLine, body: { quantity: '2' } },
  'POST /basket/lines/:id/edit': { allow: OWNER, params: customerLine, body: { product: 'americano', quantity: '2' } },
  'GET /checkout': { allow: SIGNED_IN },

  // Saved cards: each account's own; ids of someone else's answer 404.
  'GET /api/v1/account/cards': { allow: SIGNED_IN },
  'DELETE /api/v1/account/cards/:id': { allow: OWNER, params: customerCard },
  'POST /account/cards/:id/remove': { allow: OWNER, params: customerCard },

  // Favourites: each account's own; ids of someone else's answer 404.
  'GET /api/v1/favourites': { allow: SIGNED_IN },
  'POST /api/v1/favourites': { allow: SIGNED_IN, body: { store: 'colchester', product: 'latte', options: { milk: 'oat' } } },
  'DELETE /api/v1/favourites/:id': { allow: OWNER, params: customerFavourite },
  'POST /api/v1/favourites/:id/order': { allow: OWNER, params: customerFavourite, body: { mode: 'add' } },
  'GET /favourites': { allow: SIGNED_IN },
  'POST /favourites': { allow: SIGNED_IN, body: { store: 'colchester', product: 'latte', quantity: '1' } },
  'POST /favourites/:id/remove': { allow: OWNER, params: customerFavourite },
  'POST /favourites/:id/order': { allow: OWNER, params: customerFavourite, body: { mode: 'add' } },

  // Orders: customers place and act on their own; the store's staff may read them.
  'POST /api/v1/orders': {
    allow: SIGNED_IN,
    headers: idempotencyKey,
    params: async (role) => {
      await fillBasket(role);
      return {};
    },
    body: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
  },
  'GET /api/v1/orders': { allow: SIGNED_IN },
  'GET /api/v1/orders/:id': { allow: ORDER_READERS, params: () => Promise.resolve({ id: w.ids.readOrder }) },
  'GET /api/v1/orders/:id/events': { allow: ORDER_READERS, sse: true, params: () => Promise.resolve({ id: w.ids.readOrder }) },
  'POST /api/v1/orders/:id/check-in': { allow: OWNER, params: authorisedOrder },
  'POST /api/v1/orders/:id/cancel': { allow: OWNER, params: authorisedOrder },
  'POST /api/v1/orders/:id/pay': {
    allow: OWNER,
    headers: idempotencyKey,
    params: () => customerOrder('needs_payment'),
    body: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
  },
  'POST /api/v1/orders/:id/trigger': { allow: OWNER, params: authorisedOrder, body: { kind: 'here' } },
  'GET /api/v1/stores/:store/pickup-times': { allow: SIGNED_IN, params: { store: 'colchester' } },
  'POST /api/v1/orders/:id/reorder': { allow: OWNER, params: () => customerOrder('completed') },
  'POST /api/v1/orders/:id/ready': { allow: COLCHESTER_STAFF, params: () => customerOrder('paid') },
  'POST /api/v1/orders/:id/collected': { allow: COLCHESTER_STAFF, params: () => customerOrder('ready') },
  // Refunds: managers of the order's store and admins.
  'POST /api/v1/orders/:id/refunds': { allow: COLCHESTER_MANAGERS, params: paidCustomerOrder, headers: idempotencyKey, body: { reason: 'Matrix refund' } },
  // The kitchen display's taps (issue 10): staff of the order's store, each with its own key.
  'POST /api/v1/orders/:id/recall': { allow: COLCHESTER_STAFF, params: () => customerOrder('ready'), headers: idempotencyKey },
  'POST /api/v1/orders/:id/undo-collected': { allow: COLCHESTER_STAFF, params: collectedJustNow, headers: idempotencyKey },
  'POST /api/v1/orders/:id/reprint': { allow: COLCHESTER_STAFF, params: () => customerOrder('paid'), headers: idempotencyKey },
  'POST /api/v1/orders/:id/lines/:line/bump': { allow: COLCHESTER_STAFF, params: paidOrderLine, headers: idempotencyKey },
  'POST /orders': {
    allow: SIGNED_IN,
    params: async (role) => {
      await fillBasket(role);
      return {};
    },
    body: checkoutForm,
  },
  // The order page is the customer's own (staff use the queue).
  'GET /orders/:id': { allow: OWNER, params: () => Promise.resolve({ id: w.ids.readOrder }) },
  'POST /orders/:id/check-in': { allow: OWNER, params: authorisedOrder },
  'GET /orders/:id/cancel': { allow: OWNER, params: authorisedOrder },
  'POST /orders/:id/cancel': { allow: OWNER, params: authorisedOrder },
  'POST /orders/:id/pay': {
    allow: OWNER,
    params: () => customerOrder('needs_payment'),
    body: () => ({ idempotencyKey: randomUUID(), cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' }),
  },
  'POST /orders/:id/trigger': { allow: OWNER, params: authorisedOrder, body: { when: 'here' } },
  'POST /orders/:id/reorder': { allow: OWNER, params: () => customerOrder('completed') },

  // The counter: staff of the store (and admins).
  'GET /api/v1/stores/:store/queue': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'GET /api/v1/stores/:store/queue/events': { allow: COLCHESTER_STAFF, params: { store: 'colchester' }, sse: true },
  'GET /staff/:store': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'GET /staff/:store/queue': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'GET /staff/:store/tickets': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'POST /staff/:store/queue/:id/ready': { allow: COLCHESTER_STAFF, params: async () => ({ store: 'colchester', ...(await customerOrder('paid')) }) },
  // Needs attention, the order lookup and one order: the store's staff; refunds: its managers.
  'GET /staff/:store/attention': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'GET /staff/:store/orders': { allow: COLCHESTER_STAFF, params: { store: 'colchester' }, query: async () => 'q=Ada' },
  'GET /staff/:store/orders/:id': { allow: COLCHESTER_STAFF, params: async () => ({ store: 'colchester', id: w.ids.readOrder }) },
  'POST /staff/:store/orders/:id/refunds': {
    allow: COLCHESTER_MANAGERS,
    params: async () => ({ store: 'colchester', ...(await paidCustomerOrder()) }),
    body: { reason: 'Matrix refund', scope: 'all' },
  },
  'POST /staff/:store/orders/:id/pay-at-till': { allow: COLCHESTER_STAFF, params: async () => ({ store: 'colchester', ...(await unpaidCustomerOrder()) }) },
  'POST /staff/:store/orders/:id/cancel': {
    allow: COLCHESTER_STAFF,
    params: async () => ({ store: 'colchester', ...(await unpaidCustomerOrder()) }),
    body: { confirm: 'yes' },
  },
  'POST /staff/:store/queue/:id/collected': { allow: COLCHESTER_STAFF, params: async () => ({ store: 'colchester', ...(await customerOrder('ready')) }) },
  'POST /staff/:store/queue/:id/recall': {
    allow: COLCHESTER_STAFF,
    params: async () => ({ store: 'colchester', ...(await customerOrder('ready')) }),
    body: tapForm,
  },
  'POST /staff/:store/queue/:id/undo-collected': {
    allow: COLCHESTER_STAFF,
    params: async () => ({ store: 'colchester', ...(await collectedJustNow()) }),
    body: tapForm,
  },
  'POST /staff/:store/queue/:id/reprint': {
    allow: COLCHESTER_STAFF,
    params: async () => ({ store: 'colchester', ...(await customerOrder('paid')) }),
    body: tapForm,
  },
  'POST /staff/:store/queue/:id/lines/:line/bump': {
    allow: COLCHESTER_STAFF,
    params: async () => ({ store: 'colchester', ...(await paidOrderLine()) }),
    body: tapForm,
  },
  // The staff app's front door: any staff member (it sends each to their own store); customers are refused.
  'GET /staff': { allow: ['baristaColchester', 'managerColchester', 'baristaIpswich', 'admin'] },
  'GET /staff/:store/settings': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  'POST /staff/:store/settings': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' }, body: { amberMinutes: '5', redMinutes: '10' } },

  // Running the store: its managers (and admins). Allowed writes set what is already there.
  'PUT /api/v1/stores/:store/products/:product/availability': {
    allow: COLCHESTER_STAFF,
    params: { store: 'colchester', product: 'latte' },
    body: { available: true },
  },
  'PUT /api/v1/stores/:store/options/:option/availability': {
    allow: COLCHESTER_STAFF,
    params: { store: 'colchester', option: 'oat' },
    body: { available: true },
  },
  'PUT /api/v1/stores/:store/busy': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' }, body: { paused: false } },
  'PUT /api/v1/stores/:store/hours': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' }, body: { hours: colchesterHours } },
  'GET /staff/:store/availability': { allow: COLCHESTER_STAFF, params: { store: 'colchester' } },
  'POST /staff/:store/availability/products/:item': { allow: COLCHESTER_STAFF, params: { store: 'colchester', item: 'latte' }, body: { available: 'true' } },
  'POST /staff/:store/availability/options/:item': { allow: COLCHESTER_STAFF, params: { store: 'colchester', item: 'oat' }, body: { available: 'true' } },
  'GET /staff/:store/busy': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  // A 15-minute pause that the next case lifts again.
  'POST /staff/:store/busy': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' }, body: { resume: '15' } },
  'POST /staff/:store/busy/resume': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  'GET /staff/:store/hours': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  'POST /staff/:store/hours': {
    allow: COLCHESTER_MANAGERS,
    params: { store: 'colchester' },
    body: () =>
      Object.fromEntries(
        colchesterSeed.hours.flatMap((h) => [
          [`open.${h.isoDay}`, 'on'],
          [`opens.${h.isoDay}`, h.opens],
          [`closes.${h.isoDay}`, h.closes],
        ]),
      ),
  },

  // Holiday hours and closures (a fresh future date each time, so none overlaps), prep times and capacity.
  'POST /staff/:store/hours/special-days': {
    allow: COLCHESTER_MANAGERS,
    params: { store: 'colchester' },
    body: () => ({ firstDate: specialDate(), lastDate: '', closed: 'true', reason: 'Matrix' }),
  },
  'POST /staff/:store/hours/special-days/:id/remove': {
    allow: COLCHESTER_MANAGERS,
    params: async () => ({ store: 'colchester', id: String(await specialDay()) }),
  },
  'GET /api/v1/stores/:store/special-days': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  'POST /api/v1/stores/:store/special-days': {
    allow: COLCHESTER_MANAGERS,
    params: { store: 'colchester' },
    body: () => ({ firstDate: specialDate(), closed: true, reason: 'Matrix' }),
  },
  'DELETE /api/v1/stores/:store/special-days/:id': {
    allow: COLCHESTER_MANAGERS,
    params: async () => ({ store: 'colchester', id: String(await specialDay()) }),
  },
  'GET /staff/:store/capacity': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' } },
  'POST /staff/:store/capacity': { allow: COLCHESTER_MANAGERS, params: { store: 'colchester' }, body: { drinksPerSlot: '12' } },

  // Administration: admins only.
  'GET /admin': { allow: ADMINS },
  'GET /admin/stores': { allow: ADMINS },
  'GET /admin/stores/new': { allow: ADMINS },
  'POST /admin/stores': { allow: ADMINS, body: () => ({ ...colchesterStoreForm(), name: `Alpaca Cafe Matrix ${next()}`, slug: '' }) },
  'GET /admin/stores/:id/edit': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.colchester) }) },
  'POST /admin/stores/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.colchester) }), body: colchesterStoreForm },
  'GET /admin/categories': { allow: ADMINS },
  'GET /admin/categories/new': { allow: ADMINS },
  'POST /admin/categories': { allow: ADMINS, body: () => ({ name: `Matrix ${next()}`, description: '' }) },
  'GET /admin/categories/:id/edit': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.category) }) },
  'POST /admin/categories/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.category) }), body: categoryForm },
  'POST /admin/categories/:id/move': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.category) }), body: { direction: 'down' } },
  'GET /admin/products': { allow: ADMINS },
  'GET /admin/products/new': { allow: ADMINS },
  'POST /admin/products': {
    allow: ADMINS,
    body: () => ({ name: `Matrix Brew ${next()}`, description: '', price: '2.50', categoryId: String(w.ids.category), groups: [] }),
  },
  'GET /admin/products/:id/edit': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.product) }) },
  'POST /admin/products/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.product) }), body: productForm },
  'GET /admin/option-groups': { allow: ADMINS },
  'GET /admin/option-groups/new': { allow: ADMINS },
  'POST /admin/option-groups': { allow: ADMINS, body: () => ({ name: `Matrix ${next()}`, selection: 'multi', maxChoices: '2' }) },
  'GET /admin/option-groups/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.milkGroup) }) },
  'POST /admin/option-groups/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.milkGroup) }), body: groupForm },
  'GET /admin/option-groups/:id/options/new': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.milkGroup) }) },
  'POST /admin/option-groups/:id/options': {
    allow: ADMINS,
    params: () => Promise.resolve({ id: String(w.ids.milkGroup) }),
    body: () => ({ name: `Matrix milk ${next()}`, priceDelta: '0.10' }),
  },
  'GET /admin/option-groups/:id/options/:optionId/edit': {
    allow: ADMINS,
    params: () => Promise.resolve({ id: String(w.ids.milkGroup), optionId: String(w.ids.oat) }),
  },
  'POST /admin/option-groups/:id/options/:optionId': {
    allow: ADMINS,
    params: () => Promise.resolve({ id: String(w.ids.milkGroup), optionId: String(w.ids.oat) }),
    body: optionForm,
  },
  'GET /admin/users': { allow: ADMINS },
  'GET /admin/users/:id': { allow: ADMINS, params: () => Promise.resolve({ id: String(w.ids.customer) }) },
  // Roles are granted to someone else (nobody edits their own: see permissions.test.ts).
  'POST /admin/users/:id/roles': {
    allow: ADMINS,
    params: async () => ({ id: String(await newUser()) }),
    body: () => ({ role: 'barista', storeId: String(w.ids.colchester) }),
  },
  'POST /admin/users/:id/roles/:grantId/revoke': {
    allow: ADMINS,
    params: async () => {
      const id = await newUser();
      const grant = await w.t.deps.db.writer
        .insertInto('user_roles')
        .values({ user_id: id, role: 'barista', store_id: w.ids.colchester })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: String(id), grantId: String(grant.id) };
    },
    body: { confirm: 'yes' },
  },
  'POST /admin/users/:id/disable': { allow: ADMINS, params: async () => ({ id: String(await newUser()) }), body: { confirm: 'yes' } },
  'POST /admin/users/:id/enable': { allow: ADMINS, params: async () => ({ id: String(await newUser()) }) },
  // Their data, for someone who can't sign in (issue 14): admins only, audited.
  'GET /admin/users/:id/export': { allow: ADMINS, params: async () => ({ id: String(await newUser()) }) },
  'POST /admin/users/:id/erase': { allow: ADMINS, params: async () => ({ id: String(await newUser()) }), body: { confirm: 'on' } },
  'GET /admin/exports': { allow: ADMINS },
  'GET /admin/exports/catalogue.jsonl': { allow: ADMINS },
  'GET /admin/exports/catalogue.csv': { allow: ADMINS },
  'GET /admin/exports/orders.csv': { allow: ADMINS, query: async () => 'store=colchester&from=2026-11-01&to=2026-11-30' },
  'GET /admin/exports/orders.jsonl': { allow: ADMINS, query: async () => 'store=all&from=2026-11-01&to=2026-11-30' },
  'GET /admin/logs/outbox': { allow: ADMINS },
  'POST /admin/logs/outbox/:id/retry': { allow: ADMINS, params: parkedOutboxMessage },
  'GET /admin/logs/webhooks': { allow: ADMINS },
  'GET /admin/logs/audit': { allow: ADMINS },
  'GET /admin/logs/payments': { allow: ADMINS },
  'GET /admin/reports': { allow: ADMINS },
};

// ---------------------------------------------------------------------------------------------
// Walking it
// ---------------------------------------------------------------------------------------------

/** Every route of an app, as "METHOD /pattern"; HEAD twins of GET routes answer like the GET. */
function routeKeys(app: FastifyInstance): string[] {
  const all = app.registeredRoutes.map((r) => `${r.method} ${r.url}`);
  return [...new Set(all.filter((key) => !(key.startsWith('HEAD ') && all.includes(`GET ${key.slice(5)}`))))].sort();
}

interface Outcome {
  status: number;
  location?: string;
}

async function freshBrowser(role: Role): Promise<Browser> {
  const browser = new Browser(w.t.app);
  if (role !== 'guest') await browser.login(EMAIL[role]);
  return browser;
}

async function call(key: string, entry: Case, role: Role): Promise<Outcome> {
  const app = entry.app === 'stripe' ? w.stripe : w.t.app;
  const [method, pattern] = key.split(' ') as [string, string];
  const params = typeof entry.params === 'function' ? await entry.params(role) : (entry.params ?? {});
  const query = entry.query ? `?${await entry.query()}` : '';
  const url =
    (entry.path ??
      pattern.replace(/:(\w+)/g, (_, name: string) => {
        const value = params[name];
        assert.ok(value !== undefined, `${key}: no value for :${name}`);
        return encodeURIComponent(value);
      })) + query;
  const body = typeof entry.body === 'function' ? await (entry.body as (r: Role, p: Params) => unknown)(role, params) : entry.body;
  const isApi = url.startsWith('/api/') || url.startsWith('/webhooks/') || url === '/metrics';

  if (isApi) {
    const token = role === 'guest' ? {} : entry.fresh ? await apiLogin(app, EMAIL[role]) : auth(role);
    const headers = { ...token, ...(entry.headers?.(role) ?? {}) };
    if (entry.sse) {
      const controller = new AbortController();
      const response = await fetch(`${w.baseUrl}${url}`, { headers: { ...headers, accept: 'text/event-stream' }, signal: controller.signal });
      controller.abort();
      return { status: response.status };
    }
    const response = await app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: response.statusCode, location: response.headers.location as string | undefined };
  }

  const browser = entry.fresh ? await freshBrowser(role) : w.browsers[role]!;
  const response = method === 'GET' ? await browser.get(url) : await browser.post(url, (body ?? {}) as Fields);
  return { status: response.statusCode, location: response.headers.location as string | undefined };
}

function verdict(entry: Case, role: Role, outcome: Outcome, isPage: boolean): string | null {
  const allowed = entry.allow.includes(role);
  // The error handler bounces a guest to /login?returnTo=…; a plain /login is a page's own success path.
  const toLogin = outcome.status >= 300 && outcome.status < 400 && (outcome.location ?? '').startsWith('/login?returnTo=');
  if (allowed) {
    if (outcome.status >= 200 && outcome.status < 400 && !toLogin) return null;
    return `expected allowed (2xx/3xx), got ${outcome.status}${outcome.location ? ` → ${outcome.location}` : ''}`;
  }
  const refused = entry.refusedWith?.statuses ?? [401, 403, 404];
  if (refused.includes(outcome.status)) return null;
  if (isPage && role === 'guest' && toLogin) return null;
  return `expected refused (${refused.join('/')}${isPage && role === 'guest' ? ' or a redirect to /login' : ''}), got ${outcome.status}${outcome.location ? ` → ${outcome.location}` : ''}`;
}

describe('permission matrix: every route × every role', () => {
  before(async () => {
    const t = await startTestApp({ SSE_HEARTBEAT_INTERVAL: '1s' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP port');
    // The same app with Stripe configured: only to reach routes that exist only then.
    const stripeConfig = {
      PAYMENT_GATEWAY: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_matrix',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_matrix',
      STRIPE_WEBHOOK_SECRET: 'whsec_matrix',
    };
    const { loadConfig } = await import('../../src/config.js');
    const stripe = await buildApp({
      ...t.deps,
      config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: t.deps.config.dataDir, ...stripeConfig }),
    });
    await stripe.ready();

    const db = t.deps.db.writer;
    const id = async (table: 'stores' | 'categories' | 'products' | 'option_groups' | 'options', slug: string) =>
      (await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    w = {
      t,
      stripe,
      baseUrl: `http://127.0.0.1:${address.port}`,
      ids: {
        colchester: await id('stores', 'colchester'),
        customer: (await db.selectFrom('users').select('id').where('email', '=', EMAIL.customer).executeTakeFirstOrThrow()).id,
        category: await id('categories', 'teas'),
        product: await id('products', 'latte'),
        milkGroup: await id('option_groups', 'milk'),
        oat: await id('options', 'oat'),
        readOrder: '',
      },
      tokens: {},
      browsers: {},
    };
    for (const role of ROLES) {
      w.browsers[role] = await freshBrowser(role);
      if (role !== 'guest') w.tokens[role] = await apiLogin(t.app, EMAIL[role]);
    }
    w.ids.readOrder = (await customerOrder('paid')).id!;
    await new FileMailbox(t.deps.config.dataDir).write({
      messageId: MAIL_ID,
      template: 'order-placed',
      from: 'Alpaca Cafe <orders@alpaca.cafe>',
      to: EMAIL.customer,
      subject: 'Your order',
      text: 'Thanks for your order.',
      html: '<p>Thanks for your order.</p>',
      date: new Date().toISOString(),
    });
    // An uploaded image for the public /uploads route.
    const uploads = path.join(t.deps.config.dataDir, 'uploads');
    await fs.mkdir(uploads, { recursive: true });
    await fs.writeFile(
      path.join(uploads, 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0.png'),
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
    );
  });
  after(async () => {
    recordChecked({ kind: 'authorisation', routes: checked.routes, roles: ROLES.length, cases: checked.cases, failures: checked.failures });
    await w?.stripe.close();
    await w?.t.close();
  });

  it('has an entry for every registered route, and no entry for a route that is gone', () => {
    const registered = new Set([...routeKeys(w.t.app), ...routeKeys(w.stripe)]);
    checked.routes = registered.size;
    const missing = [...registered].filter((key) => !(key in MATRIX));
    const stale = Object.keys(MATRIX).filter((key) => !registered.has(key));
    assert.deepEqual(missing, [], `routes with no entry in the permission matrix (add who may use them): ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `matrix entries for routes that no longer exist: ${stale.join(', ')}`);
  });

  for (const [key, entry] of Object.entries(MATRIX)) {
    it(key, async (test) => {
      const app = entry.app === 'stripe' ? w.stripe : w.t.app;
      if (!routeKeys(app).includes(key)) {
        test.skip('not registered (reported by the coverage case above)');
        return;
      }
      const isPage = !/^\S+ \/(api|webhooks)\//.test(key) && key !== 'GET /metrics';
      const problems: string[] = [];
      for (const role of ROLES) {
        const outcome = await call(key, entry, role);
        if (entry.renewsSessions && role !== 'guest') {
          w.browsers[role] = await freshBrowser(role);
          w.tokens[role] = await apiLogin(w.t.app, EMAIL[role]);
        }
        const problem = verdict(entry, role, outcome, isPage);
        checked.cases++;
        if (problem) {
          checked.failures++;
          problems.push(`${role}: ${problem}`);
        }
      }
      assert.deepEqual(problems, [], `${key}\n  ${problems.join('\n  ')}`);
    });
  }
});
