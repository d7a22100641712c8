// Busy mode and opening hours as the customer meets them at checkout: new
// orders are refused with a clear 409, orders already placed carry on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';
import { fillBasket, newCustomer, place, placedOrder, post } from '../orders/helpers.js';

describe('busy mode and hours at checkout', () => {
  let t: TestApp;
  let manager: { authorization: string };
  before(async () => {
    t = await startTestApp();
    manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
  });
  after(() => t.close());

  const busy = (paused: boolean) => t.app.inject({ method: 'PUT', url: '/api/v1/stores/colchester/busy', headers: manager, payload: { paused } });

  it('refuses new orders while paused with a 409 naming the reason, and lets placed orders carry on', async () => {
    const early = await newCustomer(t, 'Early');
    const placedBefore = await placedOrder(t, early);

    assert.equal((await busy(true)).statusCode, 200);
    const customer = await newCustomer(t, 'Late');
    await fillBasket(t, customer);
    const refused = await place(t, customer);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'store_paused');
    assert.match(refused.json().error.message, /paused new orders/);
    const orders = await t.deps.db.writer.selectFrom('orders').select('id').where('customer_first_name', '=', 'Late').execute();
    assert.equal(orders.length, 0, 'nothing was written');

    // The order placed before the pause is checked in, made and collected as usual.
    const checkIn = await post(t, early, `/api/v1/orders/${placedBefore.id}/check-in`);
    assert.equal(checkIn.json().state, 'paid');
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    assert.equal((await post(t, barista, `/api/v1/orders/${placedBefore.id}/ready`)).statusCode, 200);

    assert.equal((await busy(false)).statusCode, 200);
    assert.equal((await place(t, customer)).statusCode, 201);
  });

  it('refuses new orders outside opening hours with a 409', async () => {
    const customer = await newCustomer(t, 'Night');
    await fillBasket(t, customer);
    t.setNow(new Date('2026-11-25T22:00:00Z'));
    try {
      const refused = await place(t, customer);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'store_closed');
    } finally {
      t.setNow(new Date('2026-11-25T12:00:00Z'));
    }
  });
});
