// Every input bounded (issue 15 item 1, decision 524): the route table is walked and every field a
// route reads (JSON body, query string, path parameters, headers, and a page's form fields as
// form-decode.ts reads them) must carry an explicit limit, by the rules in
// test/support/schema-bounds.ts. A new route or field without one fails here, named. Then a
// representative set of just-over-limit values is sent: each gets a 400 naming the field, and
// changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MAX_ID, MAX_OPTION_GROUPS, MAX_PREP_CATEGORIES, MAX_RETURN_TO_LENGTH } from '../../src/domain/limits.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../../src/domain/idempotency-key.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError } from '../support/api.js';
import { unchanged } from '../support/db-state.js';
import { patternBoundsLength, READERS, unboundedFields } from '../support/schema-bounds.js';
import { ADMIN, fieldError, signedIn } from '../features/admin/helpers.js';
import { newCustomer } from '../features/orders/helpers.js';

const PARTS = ['body', 'querystring', 'params', 'headers'] as const;

describe('input bounds', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('the rules catch what they are meant to', () => {
    // Not vacuous: each kind of unbounded field is found, and each bounded one passes.
    assert.deepEqual(unboundedFields({ type: 'string' }, 'a'), ['a: string without maxLength']);
    assert.deepEqual(unboundedFields({ type: 'integer', minimum: 1 }, 'n'), ['n: integer without both minimum and maximum']);
    assert.deepEqual(unboundedFields({ type: 'array', items: { type: 'boolean' } }, 'l'), ['l: array without maxItems']);
    assert.deepEqual(unboundedFields({ type: 'object', properties: {} }, ''), ['(top): object takes other properties without maxProperties']);
    assert.deepEqual(unboundedFields({ type: 'object', patternProperties: { '^.*$': { type: 'boolean' } } }, '', READERS.form), [
      '(top): object takes other properties without maxProperties',
    ]);
    assert.deepEqual(unboundedFields({}, 'x'), ['x: any value (no type)']);
    assert.deepEqual(
      unboundedFields(
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            s: { type: 'string', maxLength: 3 },
            e: { type: 'string', enum: ['a'] },
            d: { type: 'string', format: 'date' },
            p: { type: 'string', pattern: '^[0-9]{1,9}$' },
            n: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
            u: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 1 }] },
            r: { type: 'object', patternProperties: { '^.*$': { type: 'boolean' } }, maxProperties: 3 },
          },
        },
        '',
      ),
      [],
    );
    assert.ok(patternBoundsLength('^[a-z]{1,8}(-[a-z]{2})?$'));
    for (const open of ['^[a-z]+$', '^a*$', '^a{2,}$', '[a-z]{1,8}', '^a|b$', '^a{1,2}\\$']) assert.ok(!patternBoundsLength(open), open);
  });

  it('every field of every route in the route table has an explicit limit', () => {
    const problems: string[] = [];
    let fields = 0;
    for (const route of t.app.registeredRoutes) {
      const parts: [keyof typeof READERS, unknown][] = [];
      for (const part of PARTS) if (route.schema?.[part]) parts.push([part, route.schema[part]]);
      for (const form of route.forms ?? []) parts.push(['form', form]);
      for (const [part, schema] of parts) {
        fields += Object.keys((schema as { properties?: object }).properties ?? {}).length;
        for (const problem of unboundedFields(schema, '', READERS[part])) problems.push(`${route.method} ${route.url} ${part} ${problem}`);
      }
    }
    assert.ok(t.app.registeredRoutes.length > 150, `only ${t.app.registeredRoutes.length} routes`);
    assert.ok(fields > 200, `only ${fields} declared fields`);
    assert.deepEqual(problems, [], `fields without a limit:\n  ${problems.join('\n  ')}`);
  });

  it('a path parameter is bounded by the router: a long one is refused at once', async () => {
    const response = await t.app.inject({ url: `/stores/${'a'.repeat(101)}` });
    assert.ok([400, 404, 414].includes(response.statusCode), `${response.statusCode}`);
  });

  // Just over each limit, on the JSON API: 400, the field named, nothing written.
  it('a choice naming more option groups than a product can have is refused', async () => {
    const auth = await newCustomer(t);
    const options = Object.fromEntries(Array.from({ length: MAX_OPTION_GROUPS + 1 }, (_, i) => [`group-${i}`, 'x']));
    await unchanged(t.deps.db.writer, async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth, payload: { product: 'latte', options, quantity: 1 } });
      assertApiError(response, 400, 'invalid', 'options');
      const favourite = await t.app.inject({ method: 'POST', url: '/api/v1/favourites', headers: auth, payload: { product: 'latte', options } });
      assertApiError(favourite, 400, 'invalid', 'options');
    });
  });

  it('an Idempotency-Key one character too long is refused on every route that reads one', async () => {
    const auth = await newCustomer(t);
    const key = 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1);
    await unchanged(t.deps.db.writer, async () => {
      const add = await t.app.inject({
        method: 'POST',
        url: '/api/v1/basket/lines',
        headers: { ...auth, 'idempotency-key': key },
        payload: { product: 'latte', options: {}, quantity: 1 },
      });
      assertApiError(add, 400, 'invalid', 'idempotency-key');
      const place = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...auth, 'idempotency-key': key },
        payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
      });
      assertApiError(place, 400, 'invalid', 'idempotency-key');
    });
  });

  it('ids past PostgreSQL integer are refused as fields, not sent to the database', async () => {
    const auth = await newCustomer(t);
    const manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    const order = randomUUID();
    await unchanged(t.deps.db.writer, async () => {
      const pay = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order}/pay`, headers: auth, payload: { payment: { savedCard: MAX_ID + 1 } } });
      assertApiError(pay, 400, 'invalid', 'payment.savedCard');
      const refund = await t.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order}/refunds`,
        headers: { ...manager, 'idempotency-key': randomUUID() },
        payload: { reason: 'test', lines: [{ lineId: MAX_ID + 1, quantity: 1 }] },
      });
      assertApiError(refund, 400, 'invalid', 'lines.0.lineId');
    });
  });

  it('weekly hours refuse a field they do not know', async () => {
    const manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    await unchanged(t.deps.db.writer, async () => {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/stores/colchester/hours',
        headers: manager,
        payload: { hours: [{ day: 1, opens: '07:00', closes: '18:00', extra: 'x'.repeat(1000) }] },
      });
      assertApiError(response, 400, 'invalid', 'hours.0.extra');
    });
  });

  // DESIGN.md §3: every date range at most 366 days, every date in 2000–2100, on every route that takes one.
  it('every date range is at most 366 days and every date in 2000–2100, on each route that takes one', async () => {
    const admin = await signedIn(t, ADMIN);
    const manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    const managerApi = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    const tooLong = { from: '2026-01-01', to: '2027-01-02' }; // 367 days
    const fine = { from: '2026-01-01', to: '2026-12-31' }; // 365
    const pages = ['/admin/reports', '/admin/exports/orders.csv', '/admin/exports/orders.jsonl', '/admin/logs/audit', '/admin/logs/payments'];
    await unchanged(t.deps.db.writer, async () => {
      for (const path of pages) {
        for (const [query, field] of [
          [`from=${tooLong.from}&to=${tooLong.to}`, 'from'],
          ['from=0000-01-01&to=2026-01-01', 'from'],
          ['from=2026-01-01&to=10000-01-01', 'to'],
          ['from=2026-01-01&to=2101-01-01', 'to'],
        ] as const) {
          const page = await admin.get(`${path}?${query}`);
          assert.equal(page.statusCode, 400, `${path}?${query}`);
          assert.ok(fieldError(page.body, field) ?? page.body.includes(`<code>${field}</code>`), `${path}?${query}: ${field} named`);
        }
        assert.equal((await admin.get(`${path}?from=${fine.from}&to=${fine.to}`)).statusCode, 200, path);
      }
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stores/colchester/special-days',
        headers: managerApi,
        payload: { firstDate: '2026-12-01', lastDate: '2027-12-02', closed: true, reason: 'Long' },
      });
      assertApiError(api, 400, 'invalid', 'lastDate');
      for (const [firstDate, lastDate] of [
        ['2026-12-01', '2027-12-02'],
        ['0000-01-01', '0000-01-02'],
        ['2026-12-01', '10000-01-01'],
      ]) {
        const form = await manager.post('/staff/colchester/hours/special-days', { firstDate: firstDate!, lastDate: lastDate!, closed: 'true', reason: 'Long' });
        assert.equal(form.statusCode, 400, `${firstDate}…${lastDate}`);
      }
    });
  });

  // Page forms: shown again with 400 and the field's problem, nothing written.
  it('an admin product form with an id past PostgreSQL integer names the field', async () => {
    const admin = await signedIn(t, ADMIN);
    await unchanged(t.deps.db.writer, async () => {
      const page = await admin.post('/admin/products', { name: 'Too far', price: '3.00', categoryId: String(MAX_ID + 1), groups: [String(MAX_ID + 1)] });
      assert.equal(page.statusCode, 400);
      assert.ok(fieldError(page.body, 'categoryId'), 'categoryId named');
    });
  });

  it('a capacity form with more prep fields than categories allowed is refused', async () => {
    const manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    const fields: Record<string, string> = { drinksPerSlot: '12' };
    for (let i = 0; i <= MAX_PREP_CATEGORIES; i++) fields[`prep.category-${i}`] = '1';
    await unchanged(t.deps.db.writer, async () => {
      const page = await manager.post('/staff/colchester/capacity', fields);
      assert.equal(page.statusCode, 400);
      assert.match(fieldError(page.body, 'prep') ?? '', new RegExp(`at most ${MAX_PREP_CATEGORIES}`));
    });
  });

  it('a returnTo longer than the limit is refused before the password is even checked; one at the limit still works', async () => {
    const browser = new Browser(t.app);
    await unchanged(t.deps.db.writer, async () => {
      const page = await browser.post('/login', {
        email: 'customer@alpaca.test',
        password: 'alpaca-demo-password',
        returnTo: `/${'x'.repeat(MAX_RETURN_TO_LENGTH)}`,
      });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /Log in/);
    });
    const fine = await browser.post('/login', {
      email: 'customer@alpaca.test',
      password: 'alpaca-demo-password',
      returnTo: `/${'x'.repeat(MAX_RETURN_TO_LENGTH - 1)}`,
    });
    assert.equal(fine.statusCode, 303);
    assert.equal(fine.headers.location, `/${'x'.repeat(MAX_RETURN_TO_LENGTH - 1)}`);
  });
});
