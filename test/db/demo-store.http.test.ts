// A newcomer at any hour (issue 9 item 9, decision 316): the always-open demo store takes an order
// at 23:30 while the real stores are closed, and its automatic barista makes it ready and collected
// with no staff login. The start-up lines say where to go, who to log in as and what to try.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoStore, DEMO_STORE_SLUG } from '../../src/db/seed/demo-store.js';
import { newcomerHelp } from '../../src/db/seed/newcomer-help.js';
import { listStores } from '../../src/db/stores.js';
import { demoBaristaPass } from '../../src/features/orders/index.js';
import { DEMO_COLLECT_AFTER_MS, DEMO_MAKING_MS } from '../../src/features/orders/demo-barista.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CARDS, fillBasket, newCustomer, orderRow, place, post } from '../features/orders/helpers.js';

// Wednesday 25 November 2026, 23:30 in London: both real stores closed.
const LATE = new Date('2026-11-25T23:30:00Z');

describe('the always-open demo store', () => {
  let t: TestApp;
  let storeId: number;
  before(async () => {
    t = await startTestApp();
    storeId = await seedDemoStore(t.deps.db.writer);
  });
  after(() => t.close());

  it('is seeded once, open every day from midnight to midnight, with every product available', async () => {
    assert.equal(await seedDemoStore(t.deps.db.writer), storeId, 'a second start finds it');
    const db = t.deps.db.writer;
    const hours = await db.selectFrom('store_hours').selectAll().where('store_id', '=', storeId).orderBy('iso_day').execute();
    assert.deepEqual(
      hours.map((h) => [h.iso_day, String(h.opens).slice(0, 5), String(h.closes).slice(0, 5)]),
      [1, 2, 3, 4, 5, 6, 7].map((d) => [d, '00:00', '24:00']),
    );
    const missing = await db
      .selectFrom('products')
      .select('id')
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('store_products').select('product_id').where('store_id', '=', storeId).whereRef('product_id', '=', 'products.id'))),
      )
      .execute();
    assert.equal(missing.length, 0);
  });

  it('at 23:30 a new customer orders there, checks in, and the automatic barista makes it ready, then collected', async () => {
    t.setNow(LATE);
    try {
      const auth = await newCustomer(t, 'Owl');
      // A real store is closed: placing there is refused…
      await fillBasket(t, auth, 'colchester');
      const refused = await place(t, auth);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'store_closed');
      // …and the demo store takes the same basket.
      await fillBasket(t, auth, DEMO_STORE_SLUG);
      const placed = await place(t, auth, CARDS.ok);
      assert.equal(placed.statusCode, 201, placed.body);
      const id = placed.json().order.id as string;
      assert.equal((await post(t, auth, `/api/v1/orders/${id}/check-in`)).json().state, 'paid');

      const barista = (await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', 'barista.demo@alpaca.test').executeTakeFirstOrThrow()).id;
      const pass = () => demoBaristaPass(t.deps, { storeId, baristaId: barista });
      assert.equal(await pass(), 0, 'not before its making time');
      t.setNow(new Date(LATE.getTime() + DEMO_MAKING_MS));
      assert.equal(await pass(), 1);
      assert.equal((await orderRow(t, id)).state, 'ready');
      t.setNow(new Date(LATE.getTime() + DEMO_MAKING_MS + DEMO_COLLECT_AFTER_MS));
      assert.equal(await pass(), 1);
      assert.equal((await orderRow(t, id)).state, 'completed');
      const events = await t.deps.db.writer.selectFrom('order_events').select(['to_state', 'actor']).where('order_id', '=', id).orderBy('id').execute();
      assert.deepEqual(
        events.slice(-2).map((e) => [e.to_state, e.actor]),
        [
          ['ready', `staff:${barista}`],
          ['completed', `staff:${barista}`],
        ],
      );
    } finally {
      t.setNow(new Date('2026-11-25T12:00:00Z'));
    }
  });

  it('never touches another store’s orders', async () => {
    const auth = await newCustomer(t, 'Real');
    await fillBasket(t, auth, 'colchester');
    const id = (await place(t, auth)).json().order.id as string;
    await post(t, auth, `/api/v1/orders/${id}/check-in`);
    t.setNow(new Date(Date.parse('2026-11-25T12:00:00Z') + 10 * DEMO_COLLECT_AFTER_MS));
    try {
      await demoBaristaPass(t.deps, { storeId, baristaId: 1 });
      assert.equal((await orderRow(t, id)).state, 'paid');
    } finally {
      t.setNow(new Date('2026-11-25T12:00:00Z'));
    }
  });

  it('the start-up lines give the address, the demo accounts and what to try, and name the closed stores', async () => {
    const lines = newcomerHelp({ publicUrl: 'http://localhost:3000', database: 'embedded', stores: await listStores(t.deps.db.writer), now: LATE });
    const text = lines.join('\n');
    assert.match(text, /running at http:\/\/localhost:3000/);
    assert.match(text, /customer@alpaca\.test/);
    assert.match(text, /barista\.demo@alpaca\.test/);
    assert.match(text, /4242 4242 4242 4242/);
    assert.match(text, /Demo \(open all hours\) never closes/);
    assert.match(text, /Closed right now \(real opening hours\): Colchester, Ipswich/);
    assert.ok(lines.length <= 20, `a few lines, not ${lines.length}`);
  });
});
