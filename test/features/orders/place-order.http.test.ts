// Placing orders through the API: the snapshot, each test card, validation,
// store state, and double submits (sequential and concurrent) on both databases.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, count, effects, fillBasket, newCustomer, orderRow, place, type Auth } from './helpers.js';

describe('placing an order', () => {
  let t: TestApp;
  let auth: Auth;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    auth = await newCustomer(t);
  });

  it('snapshots the basket, holds the card, empties the basket and queues the "order placed" email', async () => {
    const basket = await fillBasket(t, auth);
    const response = await place(t, auth);
    assert.equal(response.statusCode, 201, response.body);
    const order = response.json().order;
    assert.equal(order.state, 'authorised');
    assert.equal(order.store, 'colchester');
    assert.equal(order.totalPence, basket.totalPence);
    assert.deepEqual(
      order.lines.map((l: any) => [l.product, l.quantity, l.unitPence, l.totalPence]),
      basket.lines.map((l: any) => [l.product, l.quantity, l.unitPence, l.totalPence]),
    );
    assert.deepEqual(order.lines[0].options, { milk: 'oat', shots: 'double', blend: 'regular' });
    assert.deepEqual(
      order.events.map((e: any) => [e.from, e.to]),
      [
        [null, 'authorising'],
        ['authorising', 'authorised'],
      ],
    );
    assert.deepEqual(order.payment, { brand: 'visa', last4: '4242', failure: null });
    assert.ok(order.number >= 1001);
    assert.equal(new Date(order.checkInBy).getTime(), t.deps.clock().getTime() + 12 * 3_600_000);

    const after = (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json();
    assert.equal(after.lines.length, 0);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed']);

    const row = await orderRow(t, order.id);
    assert.equal(row.customer_first_name, 'Grace');
    assert.equal(row.customer_last_initial, 'H');
    assert.ok(!JSON.stringify(row).includes(CARDS.ok), 'the card number is never stored');
    const lines = await t.deps.db.writer.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('position').execute();
    const oat = (lines[0]!.options as any[]).find((o) => o.slug === 'oat');
    assert.deepEqual(oat, { group: 'milk', groupName: 'Milk', selection: 'single', slug: 'oat', name: 'Oat', priceDeltaPence: 45 });
  });

  for (const [card, message] of [
    [CARDS.declined, 'Your card was declined.'],
    [CARDS.insufficient, 'Your card has insufficient funds.'],
  ] as const) {
    it(`card ${card}: 402 with the reason, a declined attempt not listed in the history, basket kept, nothing queued`, async () => {
      await fillBasket(t, auth);
      const key = randomUUID();
      const response = await place(t, auth, card, key);
      assert.equal(response.statusCode, 402, response.body);
      assert.equal(response.json().error.code, 'payment_declined');
      assert.equal(response.json().error.message, message);
      assert.deepEqual((await t.app.inject({ url: '/api/v1/orders', headers: auth })).json(), []);
      const attempt = await t.deps.db.writer
        .selectFrom('orders')
        .select(['id', 'state', 'payment_failure'])
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
      assert.equal(attempt.state, 'declined');
      assert.equal(attempt.payment_failure, message);
      assert.equal((await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.length, 2);
      assert.deepEqual(await effects(t, attempt.id), []);
    });
  }

  it('card 4000 0000 0000 0341 authorises (its capture fails later)', async () => {
    await fillBasket(t, auth);
    const response = await place(t, auth, CARDS.captureFails);
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().order.state, 'authorised');
  });

  it('refuses bad card details with 400 naming the field, and writes nothing', async () => {
    await fillBasket(t, auth);
    const before = await count(t, 'orders');
    const calls = bank(t).ledger.authoriseCalls;
    for (const [extra, field] of [
      [{ card: '4242424242424241' }, 'payment.card'],
      [{ card: '42' }, 'payment.card'],
      [{ expiry: '01/20' }, 'payment.expiry'],
      [{ expiry: '13/30' }, 'payment.expiry'],
      [{ expiry: 'soon' }, 'payment.expiry'],
      [{ cvc: '12' }, 'payment.cvc'],
      [{ cvc: 'abc' }, 'payment.cvc'],
    ] as const) {
      const { card, ...rest } = extra as { card?: string; expiry?: string; cvc?: string };
      const response = await place(t, auth, card ?? CARDS.ok, randomUUID(), rest as Record<string, string>);
      assert.equal(response.statusCode, 400, JSON.stringify(extra));
      assert.ok(response.json().error.fields[field], `${JSON.stringify(extra)} → ${response.body}`);
    }
    const noKey = await place(t, auth, CARDS.ok, null);
    assert.equal(noKey.statusCode, 400);
    assert.ok(noKey.json().error.fields['Idempotency-Key']);
    assert.equal(await count(t, 'orders'), before);
    assert.equal(bank(t).ledger.authoriseCalls, calls);
  });

  it('accepts the card number alone, as in the API contract', async () => {
    await fillBasket(t, auth);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...auth, 'idempotency-key': randomUUID() },
      payload: { payment: { card: CARDS.ok } },
    });
    assert.equal(response.statusCode, 201, response.body);
  });

  it('refuses an empty basket, a paused store and a closed store with 409 and a clear message', async () => {
    assert.equal((await place(t, auth)).json().error.code, 'basket_empty');
    await fillBasket(t, auth);
    await t.deps.db.writer.updateTable('stores').set({ paused: true }).where('slug', '=', 'colchester').execute();
    try {
      const paused = await place(t, auth);
      assert.equal(paused.statusCode, 409);
      assert.equal(paused.json().error.code, 'store_paused');
      assert.match(paused.json().error.message, /paused new orders/);
    } finally {
      await t.deps.db.writer.updateTable('stores').set({ paused: false }).where('slug', '=', 'colchester').execute();
    }
    t.setNow(new Date('2026-11-25T03:00:00Z')); // 3 am in Colchester
    try {
      const closed = await place(t, auth);
      assert.equal(closed.statusCode, 409);
      assert.equal(closed.json().error.code, 'store_closed');
      assert.match(closed.json().error.message, /closed/);
    } finally {
      t.setNow(new Date('2026-11-25T12:00:00Z'));
    }
    assert.equal((await t.app.inject({ url: '/api/v1/orders', headers: auth })).json().length, 0);
  });

  it('refuses a basket with a line the store can no longer make (409, basket kept)', async () => {
    await fillBasket(t, auth);
    await t.deps.db.writer
      .updateTable('store_products')
      .set({ available: false })
      .where('product_id', '=', (eb) => eb.selectFrom('products').select('id').where('slug', '=', 'flat-white'))
      .where('store_id', '=', (eb) => eb.selectFrom('stores').select('id').where('slug', '=', 'colchester'))
      .execute();
    try {
      const response = await place(t, auth);
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'basket_problems');
      assert.equal(Object.keys(response.json().error.fields).length, 1);
    } finally {
      await t.deps.db.writer.updateTable('store_products').set({ available: true }).execute();
    }
  });

  it('a repeated request with the same key returns the same order, held once', async () => {
    await fillBasket(t, auth);
    const key = randomUUID();
    const calls = bank(t).ledger.authoriseCalls;
    const first = await place(t, auth, CARDS.ok, key);
    const second = await place(t, auth, CARDS.ok, key);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().order.id, first.json().order.id);
    assert.equal(bank(t).ledger.authoriseCalls, calls + 1);
    assert.equal((await t.app.inject({ url: '/api/v1/orders', headers: auth })).json().length, 1);
  });

  it('a repeated declined request answers 402 again without asking the bank again', async () => {
    await fillBasket(t, auth);
    const key = randomUUID();
    assert.equal((await place(t, auth, CARDS.declined, key)).statusCode, 402);
    const calls = bank(t).ledger.authoriseCalls;
    assert.equal((await place(t, auth, CARDS.declined, key)).statusCode, 402);
    assert.equal(bank(t).ledger.authoriseCalls, calls);
  });

  it('the same key used by two customers makes two orders (keys are per customer)', async () => {
    const other = await newCustomer(t, 'Alan');
    await fillBasket(t, auth);
    await fillBasket(t, other);
    const key = randomUUID();
    const a = await place(t, auth, CARDS.ok, key);
    const b = await place(t, other, CARDS.ok, key);
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.notEqual(a.json().order.id, b.json().order.id);
  });
});

describe('concurrent double submit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    t.deps.payments = new SimulatedGateway({ latencyMs: 150 }); // a slow bank widens the race
  });
  after(() => t.close());

  it('five simultaneous requests with one key: one order, one authorisation, one email', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => place(t, auth, CARDS.ok, key)));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [201, 201, 201, 201, 201],
    );
    assert.equal(new Set(responses.map((r) => r.json().order.id)).size, 1);
    assert.equal(await count(t, 'orders'), 1);
    assert.equal(bank(t).ledger.authoriseCalls, 1);
    assert.equal(bank(t).ledger.holds.size, 1);
    assert.deepEqual(await effects(t, responses[0]!.json().order.id), ['email:order-placed']);
  });
});
