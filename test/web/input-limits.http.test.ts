// Every input bounded (issue 15 item 1, DESIGN.md §3): a report range that never ended, year-0
// dates, discounts below nothing, basket and order sizes, body size. Each answers a 400 (or 409,
// 413) naming the field, quickly, and changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError, newCustomer as newAccount } from '../support/api.js';
import { unchanged } from '../support/db-state.js';
import { ADMIN, fieldError, signedIn } from '../features/admin/helpers.js';
import { fillBasket, newCustomer, place } from '../features/orders/helpers.js';

// The old report walked a range past the year 9999 for ever (until the heap ran out): a
// deadline turns that hang into a failure.
const QUICK = { timeout: 20_000 };

describe('input limits', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('the sales report refuses ranges outside the years 2000–2100 at once, never walking them', QUICK, async () => {
    const admin = await signedIn(t, ADMIN);
    for (const [query, field] of [
      ['from=9999-12-01&to=9999-12-31', 'from'],
      ['from=0000-01-01&to=0000-01-02', 'from'],
      ['from=2026-01-01&to=2101-01-01', 'to'],
      ['from=2000-01-01&to=2100-12-31', 'from'],
    ] as const) {
      const page = await admin.get(`/admin/reports?${query}`);
      assert.equal(page.statusCode, 400, query);
      assert.ok(fieldError(page.body, field), `${query}: ${field}`);
    }
  });

  it('the audit log filter refuses year-0 and year-10000 dates (was a 500)', async () => {
    const admin = await signedIn(t, ADMIN);
    for (const [query, field] of [
      ['from=0000-01-01', 'from'],
      ['to=0000-12-31', 'to'],
      ['from=1999-12-31', 'from'],
    ] as const) {
      const page = await admin.get(`/admin/logs/audit?${query}`);
      assert.equal(page.statusCode, 400, query);
      assert.ok(fieldError(page.body, field), query);
    }
  });

  it('busy mode refuses a resume time outside the years 2000–2100', async () => {
    const manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    await unchanged(t.deps.db.writer, async () => {
      for (const resumeAt of ['0000-01-01T00:00:00Z', '2101-01-01T00:00:00Z']) {
        const response = await t.app.inject({ method: 'PUT', url: '/api/v1/stores/colchester/busy', headers: manager, payload: { paused: true, resumeAt } });
        assertApiError(response, 400, 'invalid', 'resumeAt');
      }
    });
  });

  it('a discount that would price a line below nothing is refused when adding (was a 500 at checkout)', async () => {
    const db = t.deps.db.writer;
    const oat = await db.selectFrom('options').select(['id', 'price_delta_pence']).where('slug', '=', 'oat').executeTakeFirstOrThrow();
    await db.updateTable('options').set({ price_delta_pence: -1000 }).where('id', '=', oat.id).execute();
    try {
      const auth = await newCustomer(t);
      await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } });
      await unchanged(db, async () => {
        const add = await t.app.inject({
          method: 'POST',
          url: '/api/v1/basket/lines',
          headers: auth,
          payload: { product: 'latte', options: { milk: 'oat' }, quantity: 1 },
        });
        assertApiError(add, 400, 'invalid', 'options');
      });
    } finally {
      await db.updateTable('options').set({ price_delta_pence: oat.price_delta_pence }).where('id', '=', oat.id).execute();
    }
  });

  it('a basket holds at most 50 items and 30 lines; an order larger than that is refused (was 3 000 items)', async () => {
    const { auth, id } = await newAccount(t.app);
    await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } });
    const add = (product: string, quantity: number, options: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth, payload: { product, options, quantity } });
    assert.equal((await add('latte', 20)).statusCode, 201);
    assert.equal((await add('flat-white', 20)).statusCode, 201);
    await unchanged(t.deps.db.writer, async () => assertApiError(await add('latte', 11, { milk: 'oat' }), 400, 'invalid', 'quantity'));
    assert.equal((await add('latte', 10, { milk: 'oat' })).statusCode, 201);

    // 31 lines, as a basket filled before the caps (or merged at login) might hold.
    const basket = await t.deps.db.writer.selectFrom('baskets').select('id').where('user_id', '=', id).executeTakeFirstOrThrow();
    const latte = await t.deps.db.writer.selectFrom('products').select('id').where('slug', '=', 'latte').executeTakeFirstOrThrow();
    await t.deps.db.writer.deleteFrom('basket_lines').where('basket_id', '=', basket.id).execute();
    for (let i = 0; i < 31; i++) {
      await sql`INSERT INTO basket_lines (basket_id, product_id, option_ids, options_key, quantity)
                VALUES (${basket.id}, ${latte.id}, ${sql`ARRAY[]::integer[]`}, ${`fake-${i}`}, 1)`.execute(t.deps.db.writer);
    }
    await unchanged(t.deps.db.writer, async () => assertApiError(await place(t, auth), 409, 'basket_too_large'));
  });

  it('refuses a request body over 64 KB with 413', async () => {
    const auth = await newCustomer(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: auth,
      payload: { product: 'latte', options: { note: 'x'.repeat(70 * 1024) }, quantity: 1 },
    });
    assert.equal(response.statusCode, 413, response.body);
  });

  it('places a basket within the limits', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    assert.equal((await place(t, auth)).statusCode, 201);
  });
});
