// Order history and "order again" through the API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { CARDS, fillBasket, newCustomer, place, placedOrder, post, type Auth } from './helpers.js';

describe('order history and order again', () => {
  let t: TestApp;
  let auth: Auth;
  before(async () => {
    t = await startTestApp();
    auth = await newCustomer(t);
  });
  after(() => t.close());

  it("lists my orders, newest first, with state, total and lines — not a declined attempt, and nobody else's", async () => {
    const first = await placedOrder(t, auth);
    await post(t, auth, `/api/v1/orders/${first.id}/check-in`);
    await fillBasket(t, auth);
    await place(t, auth, CARDS.declined);
    const other = await newCustomer(t, 'Mallory');
    await placedOrder(t, other);

    const second = await placedOrder(t, auth);
    const list = (await t.app.inject({ url: '/api/v1/orders', headers: auth })).json();
    assert.deepEqual(
      list.map((o: any) => [o.id, o.state]),
      [
        [second.id, 'authorised'],
        [first.id, 'paid'],
      ],
    );
    assert.equal(list[1].totalPence, first.totalPence);
    assert.equal(list[1].lines.length, 2);
    assert.deepEqual(Object.keys(list[1]).sort(), [
      'checkInBy',
      'createdAt',
      'events',
      'id',
      'lines',
      'note',
      'number',
      'payment',
      'readyEstimate',
      'refundedPence',
      'refunds',
      'state',
      'store',
      'totalPence',
      'trigger',
    ]);
    assert.equal((await t.app.inject({ url: '/api/v1/orders' })).statusCode, 401);
  });

  it("order again puts the same lines back, switching the basket to the order's store, and reports what cannot be made", async () => {
    const auth = await newCustomer(t, 'Nora');
    const order = await placedOrder(t, auth);
    await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'ipswich' } });
    await t.deps.db.writer
      .updateTable('store_options')
      .set({ available: false })
      .where('option_id', '=', (eb) => eb.selectFrom('options').select('id').where('slug', '=', 'oat'))
      .execute();
    try {
      const response = await post(t, auth, `/api/v1/orders/${order.id}/reorder`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.store, 'colchester');
      assert.deepEqual(body.added, [{ name: 'Flat White', quantity: 1 }]);
      assert.equal(body.problems.length, 1);
      assert.equal(body.problems[0].name, 'Latte');
      assert.match(body.problems[0].reason, /Oat is not available/);
      assert.equal(body.basket.store, 'colchester');
      assert.deepEqual(
        body.basket.lines.map((l: any) => l.product),
        ['flat-white'],
      );
    } finally {
      await t.deps.db.writer.updateTable('store_options').set({ available: true }).execute();
    }
    const again = (await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/reorder`, headers: auth, payload: { mode: 'add' } })).json();
    assert.equal(again.problems.length, 0);
    assert.deepEqual(again.added, [
      { name: 'Latte', quantity: 2 },
      { name: 'Flat White', quantity: 1 },
    ]);
    assert.deepEqual(
      again.basket.lines.map((l: any) => [l.product, l.quantity]),
      [
        ['flat-white', 2],
        ['latte', 2],
      ],
    );
    assert.deepEqual(again.basket.lines[1].options, { milk: 'oat', shots: 'double', blend: 'regular' });
    const stranger = await newCustomer(t, 'Eve');
    assert.equal((await post(t, stranger, `/api/v1/orders/${order.id}/reorder`)).statusCode, 404);
  });
});
