// Every operation of the OpenAPI document, driven from the document itself (issue 12 item 1,
// decision 711): each status the document declares for every operation because a rule answers it
// before any route runs is exercised here once per operation, and the contract check (contract.ts)
// validates each answer against that operation's declared response:
// - 400: a control character in the query string (web/control-characters.ts);
// - 401: a bearer token that is no token (web/session.ts), public operations included;
// - 403: an unsafe call riding on the session cookie without X-CSRF-Token;
// - 413 / 415: a body over BODY_LIMIT_BYTES / a body that is not JSON;
// - 503: the heap protection (web/overload.ts) refusing every request while the heap is over its limit;
// - 404: well-formed ids and slugs that name nothing, for every operation that declares 404 and
//   can reach it (the few that cannot are listed with their reason in contract-coverage.ts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HANG_MS } from '../support/hang.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { CARDS, fillBasket, newCustomer, place, placedOrder } from '../features/orders/helpers.js';

type Json = Record<string, any>;
interface Operation {
  method: string;
  template: string;
  operation: Json;
}

function operationsOf(document: Json): Operation[] {
  return Object.entries(document['paths'] as Json).flatMap(([template, methods]) =>
    Object.entries(methods as Json).map(([method, operation]) => ({ method, template, operation })),
  );
}

const declares = (op: Operation, status: number) => String(status) in op.operation['responses'];
const label = (op: Operation) => `${op.method.toUpperCase()} ${op.template}`;

/** Path parameters that are well formed and name nothing (the ids of the schemas' patterns). */
const NOTHING: Record<string, string> = { id: '', store: 'no-such-store', product: 'no-such-product', option: 'no-such-option', line: '1' };

function urlFor(op: Operation, params: Record<string, string> = {}): string {
  return op.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name]) return params[name];
    if (name !== 'id') return NOTHING[name] ?? 'x';
    // An order id is a UUID; every other {id} here is a positive integer (basket lines, favourites, cards) or a session's.
    return op.template.startsWith('/api/v1/orders/') ? randomUUID() : '999999999';
  });
}

/** A valid body for every operation whose body has required fields, so validation passes and the rule under test answers. */
const BODIES: Record<string, unknown> = {
  'post /api/v1/accounts': { firstName: 'Ada', lastName: 'Lovelace', email: 'declared.statuses@example.test', password: 'a-long-enough-password' },
  'post /api/v1/sessions': { email: 'customer@alpaca.test', password: 'alpaca-demo-password' },
  'post /api/v1/account/password': { currentPassword: 'alpaca-demo-password', newPassword: 'another-long-password' },
  'post /api/v1/account/deletion': { password: 'alpaca-demo-password' },
  'put /api/v1/basket/store': { store: 'colchester' },
  'post /api/v1/basket/lines': { product: 'latte' },
  'patch /api/v1/basket/lines/{id}': { quantity: 1 },
  'put /api/v1/stores/{store}/products/{product}/availability': { available: true },
  'put /api/v1/stores/{store}/options/{option}/availability': { available: true },
  'put /api/v1/stores/{store}/busy': { paused: false },
  'put /api/v1/stores/{store}/hours': { hours: [] },
  'post /api/v1/orders': { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
  'post /api/v1/orders/{id}/pay': { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
  'post /api/v1/orders/{id}/trigger': { kind: 'here' },
  'post /api/v1/orders/{id}/refunds': { reason: 'Spilt at the counter' },
  'post /api/v1/favourites': { product: 'latte' },
  'post /api/v1/stores/{store}/special-days': { firstDate: '2026-12-25', closed: true, reason: 'Christmas' },
};
const bodyFor = (op: Operation): unknown => BODIES[`${op.method} ${op.template}`] ?? (op.operation['requestBody'] ? {} : undefined);
/** Headers an operation needs before its route answers anything else (a fresh Idempotency-Key where one is read). */
const headersFor = (op: Operation): Record<string, string> =>
  (op.operation['parameters'] ?? []).some((p: Json) => p['in'] === 'header' && p['name'] === 'idempotency-key') ? { 'idempotency-key': randomUUID() } : {};

/** Notes (rather than stops at) an operation that answered otherwise, so one run names them all. */
function expect(problems: string[], op: Operation, response: { statusCode: number; body: string }, status: number, code?: string): void {
  let error: string | undefined;
  try {
    error = JSON.parse(response.body)?.error?.code;
  } catch {
    error = undefined;
  }
  if (response.statusCode !== status || (code && error !== code)) problems.push(`${label(op)} → ${response.statusCode}: ${response.body.slice(0, 160)}`);
}

describe('every operation answers the statuses the document declares for it', () => {
  let t: TestApp;
  let operations: Operation[];
  let admin: { authorization: string };
  before(async () => {
    t = await startTestApp();
    operations = operationsOf(t.app.swagger() as Json);
    admin = await apiLogin(t.app, 'admin@alpaca.test');
  });
  after(() => t.close());

  const send = (op: Operation, options: { url?: string; headers?: Record<string, string>; payload?: unknown } = {}) =>
    t.app.inject({
      method: op.method.toUpperCase() as 'GET',
      url: options.url ?? urlFor(op),
      headers: options.headers ?? {},
      ...(options.payload === undefined ? {} : { payload: options.payload as string }),
    });

  it('finds the operations to walk (the document is read, not a list kept here)', () => {
    assert.ok(operations.length >= 40, `${operations.length} operations`);
  });

  it('400 for a control character in the query string, on every operation', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => declares(o, 400))) {
      const response = await send(op, { url: `${urlFor(op)}?q=%01`, headers: { ...admin, ...headersFor(op) }, payload: bodyFor(op) });
      expect(problems, op, response, 400, 'invalid');
    }
    assert.deepEqual(problems, []);
  });

  it('401 for a bearer token that is no token, on every operation (public ones too)', async () => {
    const problems: string[] = [];
    // The menu is sessionless (features/menu/api.ts: cacheable, the same bytes for everyone): it never reads
    // the header, so it is the one operation that cannot answer the 401 declared for all (contract-coverage.ts).
    for (const op of operations.filter((o) => declares(o, 401) && o.template !== '/api/v1/stores/{store}/menu')) {
      // Real names: a public route that finds nothing must not answer 404 first.
      const url = urlFor(op, { store: 'colchester', product: 'latte', option: 'oat' });
      const response = await send(op, { url, headers: { authorization: 'Bearer not-a-token', ...headersFor(op) }, payload: bodyFor(op) });
      expect(problems, op, response, 401);
    }
    assert.deepEqual(problems, []);
  });

  it('403 for an unsafe call on the session cookie without X-CSRF-Token, on every unsafe operation', async () => {
    const problems: string[] = [];
    // The admin: allowed everywhere, so the CSRF rule is what refuses (a customer meets the role check first).
    const browser = new Browser(t.app);
    await browser.login('admin@alpaca.test');
    for (const op of operations.filter((o) => o.method !== 'get' && declares(o, 403))) {
      const response = await browser.request({
        method: op.method.toUpperCase() as 'POST',
        url: urlFor(op),
        headers: headersFor(op),
        ...(bodyFor(op) === undefined ? {} : { payload: bodyFor(op) as string }),
      });
      expect(problems, op, response, 403, 'csrf');
    }
    assert.deepEqual(problems, []);
  });

  it('413 for a body over the limit and 415 for a body that is not JSON, on every operation that takes a body', async () => {
    const problems: string[] = [];
    const withBody = operations.filter((o) => o.operation['requestBody']);
    assert.ok(withBody.length > 0);
    for (const op of withBody) {
      const large = await send(op, {
        headers: { ...admin, ...headersFor(op), 'content-type': 'application/json' },
        payload: JSON.stringify({ note: 'x'.repeat(70 * 1024) }),
      });
      expect(problems, op, large, 413);
      const text = await send(op, { headers: { ...admin, ...headersFor(op), 'content-type': 'application/xml' }, payload: '<hello/>' });
      expect(problems, op, text, 415);
    }
    assert.deepEqual(problems, []);
  });

  it('404 for ids and slugs that name nothing, on every operation that declares 404 and names something', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => declares(o, 404) && o.template.includes('{'))) {
      const response = await send(op, { headers: { ...admin, ...headersFor(op) }, payload: bodyFor(op) });
      expect(problems, op, response, 404, 'not_found');
    }
    assert.deepEqual(problems, []);
  });

  it('503 from the heap protection, on every operation', async () => {
    const problems: string[] = [];
    const pressed = await startTestApp({ HEAP_USED_LIMIT_MB: '1' });
    try {
      const deadline = Date.now() + HANG_MS;
      let first = await pressed.app.inject({ url: '/api/v1/stores' });
      while (first.statusCode !== 503 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200)); // the heap is sampled every second
        first = await pressed.app.inject({ url: '/api/v1/stores' });
      }
      for (const op of operations.filter((o) => declares(o, 503))) {
        const response = await pressed.app.inject({
          method: op.method.toUpperCase() as 'GET',
          url: urlFor(op),
          headers: headersFor(op),
          ...(bodyFor(op) === undefined ? {} : { payload: bodyFor(op) as string }),
        });
        expect(problems, op, response, 503, 'overloaded');
        if (!response.headers['retry-after']) problems.push(`${label(op)}: no Retry-After`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await pressed.close();
    }
  });
});

// The statuses an operation answers for its own reasons, once each, on orders in the state that
// refuses: a cancelled order (409 for every step of it), declined cards (402), the menu's ETag (304),
// a customer at the counter's queue (403).
describe('every operation answers its own refusals once', () => {
  let t: TestApp;
  let customer: { authorization: string };
  let barista: { authorization: string };
  let admin: { authorization: string };
  before(async () => {
    // One account email an hour, so the second is refused (429) without sending a flood first.
    t = await startTestApp({ ACCOUNT_EMAILS_PER_HOUR: '1' });
    customer = await newCustomer(t);
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    admin = await apiLogin(t.app, 'admin@alpaca.test');
  });
  after(() => t.close());

  const call = (method: string, url: string, auth: Record<string, string>, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: method as 'POST', url, headers: { ...auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

  it('409 for each step on an order that is cancelled, and for the checks before an order', async () => {
    const order = await placedOrder(t, customer);
    assert.equal((await call('POST', `/api/v1/orders/${order.id}/cancel`, customer)).statusCode, 200);
    const key = { 'idempotency-key': randomUUID() };
    const refused: [string, string, Record<string, string>, unknown?, Record<string, string>?][] = [
      ['POST', `/api/v1/orders/${order.id}/check-in`, customer],
      ['POST', `/api/v1/orders/${order.id}/pay`, customer, { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' } }, key],
      ['POST', `/api/v1/orders/${order.id}/trigger`, customer, { kind: 'here' }],
      ['POST', `/api/v1/orders/${order.id}/refunds`, admin, { reason: 'Spilt at the counter' }, { 'idempotency-key': randomUUID() }],
      ['POST', `/api/v1/orders/${order.id}/ready`, barista],
      ['POST', `/api/v1/orders/${order.id}/recall`, barista],
      ['POST', `/api/v1/orders/${order.id}/collected`, barista],
      ['POST', `/api/v1/orders/${order.id}/undo-collected`, barista],
      ['POST', `/api/v1/orders/${order.id}/reprint`, barista, undefined, { 'idempotency-key': randomUUID() }],
      ['POST', `/api/v1/orders/${order.id}/lines/1/bump`, barista],
    ];
    const problems: string[] = [];
    for (const [method, url, auth, payload, headers] of refused) {
      const response = await call(method, url, auth, payload, headers);
      if (response.statusCode !== 409) problems.push(`${method} ${url} → ${response.statusCode}: ${response.body.slice(0, 160)}`);
    }
    // Cancelling twice is no error (the same answer); cancelling a paid order is.
    const paid = await placedOrder(t, customer);
    assert.equal((await call('POST', `/api/v1/orders/${paid.id}/check-in`, customer)).statusCode, 200);
    const late = await call('POST', `/api/v1/orders/${paid.id}/cancel`, customer);
    if (late.statusCode !== 409) problems.push(`cancel a paid order → ${late.statusCode}: ${late.body.slice(0, 160)}`);
    // An empty basket cannot be placed.
    const empty = await place(t, customer);
    if (empty.statusCode !== 409) problems.push(`POST /api/v1/orders (empty basket) → ${empty.statusCode}`);
    // Order again into a basket that has something, without saying replace or add; the same for a favourite.
    await fillBasket(t, customer);
    const again = await call('POST', `/api/v1/orders/${order.id}/reorder`, customer, {});
    if (again.statusCode !== 409) problems.push(`reorder → ${again.statusCode}: ${again.body.slice(0, 160)}`);
    // Favourites are capped at 50 (the same drink saved again is the same favourite): past 50 distinct ones, 409.
    // Distinct drinks: each product of the menu with each choice of each of its single-choice groups.
    const menu = (await t.app.inject({ url: '/api/v1/stores/colchester/menu' })).json() as {
      categories: { products: { slug: string; groups: { slug: string; selection: string; options: { slug: string }[] }[] }[] }[];
    };
    const drinks = menu.categories.flatMap((c) =>
      c.products.flatMap((p) => [
        { product: p.slug },
        ...p.groups.filter((g) => g.selection === 'single').flatMap((g) => g.options.map((o) => ({ product: p.slug, options: { [g.slug]: o.slug } }))),
      ]),
    );
    const ids = new Set<number>();
    let over: { statusCode: number; body: string } | undefined;
    for (const drink of drinks) {
      const response = await call('POST', '/api/v1/favourites', customer, { store: 'colchester', ...drink });
      if (response.statusCode === 201) ids.add(response.json().id);
      else if (response.statusCode === 409) {
        over = response;
        break;
      }
    }
    if (over?.statusCode !== 409 || ids.size !== 50) problems.push(`favourites: ${ids.size} saved, then ${over?.statusCode}: ${over?.body.slice(0, 160)}`);
    const saved = { json: () => ({ id: [...ids][0] }) };
    const favourite = await call('POST', `/api/v1/favourites/${saved.json().id}/order`, customer, {});
    if (favourite.statusCode !== 409) problems.push(`favourite ordered into a full basket → ${favourite.statusCode}: ${favourite.body.slice(0, 160)}`);
    assert.deepEqual(problems, []);
  });

  it('409 for deleting an account that holds a staff role; 429 for account emails past the hourly allowance', async () => {
    const refused = await call('POST', '/api/v1/account/deletion', barista, { password: 'alpaca-demo-password' });
    assert.equal(refused.statusCode, 409, refused.body);
    const asker = await newCustomer(t, 'Mailer');
    const until429 = async (send: (i: number) => Promise<{ statusCode: number; body: string }>) => {
      const seen: number[] = [];
      for (let i = 0; i < 5 && !seen.includes(429); i++) seen.push((await send(i)).statusCode);
      return seen;
    };
    const changes = await until429((i) => call('PATCH', '/api/v1/account', asker, { email: `changed.${i}.${randomUUID().slice(0, 6)}@example.test` }));
    assert.equal(changes.at(-1), 429, `PATCH /api/v1/account answered ${changes.join(', ')}`);
    const links = await until429(() => call('POST', '/api/v1/account/email-verification', asker, {}));
    assert.equal(links.at(-1), 429, `POST /api/v1/account/email-verification answered ${links.join(', ')}`);
  });

  it('402 for a declined card at checkout, at check-in and when paying again', async () => {
    const buyer = await newCustomer(t, 'Declined');
    await fillBasket(t, buyer);
    const declined = await place(t, buyer, CARDS.declined);
    assert.equal(declined.statusCode, 402, declined.body);
    const order = await placedOrder(t, buyer, CARDS.captureFails);
    const checkIn = await call('POST', `/api/v1/orders/${order.id}/check-in`, buyer);
    assert.equal(checkIn.statusCode, 402, checkIn.body);
    const pay = await call(
      'POST',
      `/api/v1/orders/${order.id}/pay`,
      buyer,
      { payment: { card: CARDS.declined, expiry: '12/30', cvc: '123' } },
      { 'idempotency-key': randomUUID() },
    );
    assert.equal(pay.statusCode, 402, pay.body);
  });

  it("304 for the menu when the ETag sent is current; 403 for a customer at the counter's queue", async () => {
    const menu = await t.app.inject({ url: '/api/v1/stores/colchester/menu' });
    assert.equal(menu.statusCode, 200);
    const etag = String(menu.headers['etag']);
    const again = await t.app.inject({ url: '/api/v1/stores/colchester/menu', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    for (const url of ['/api/v1/stores/colchester/queue', '/api/v1/stores/colchester/queue/events']) {
      const response = await t.app.inject({ url, headers: customer });
      assert.equal(response.statusCode, 403, `${url}: ${response.body}`);
    }
  });
});
