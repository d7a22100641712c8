// Races on one basket and on one order (issue 15 item 4), truly concurrent on PostgreSQL (each
// request on its own pooled connection) and serialised on PGlite: concurrent placements with
// different Idempotency-Keys make one order and one hold, the rest a 409; check-in, cancel and
// the expiry sweep racing on one order leave it in one end state with effects to match.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { sweepOrders } from '../../../src/features/orders/expiry-sweeper.js';
import { OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, fillBasket, newCustomer, orderRow, place, placedOrder, post } from './helpers.js';

const PLACEMENTS = 10;

describe('one basket, one order', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ CHECKIN_WINDOW: '2h' });
    t.deps.payments = new SimulatedGateway({ latencyMs: 150 }); // a slow bank widens the race
  });
  after(() => t.close());

  it(`${PLACEMENTS} concurrent placements with different keys: one order, one hold, the rest 409`, async () => {
    t.setNow(OPEN_HOURS);
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const calls = bank(t).ledger.authoriseCalls;
    const holds = bank(t).ledger.holds.size;
    const responses = await Promise.all(Array.from({ length: PLACEMENTS }, () => place(t, auth, CARDS.ok, randomUUID())));
    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, ...Array(PLACEMENTS - 1).fill(409)], responses.map((r) => r.body).join('\n'));
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      assert.ok(['order_in_progress', 'basket_empty'].includes(refused.json().error.code), refused.body);
      assert.ok(refused.json().error.message.length > 0);
    }
    assert.equal(bank(t).ledger.authoriseCalls, calls + 1);
    assert.equal(bank(t).ledger.holds.size, holds + 1);
    const orders = (await t.app.inject({ url: '/api/v1/orders', headers: auth })).json();
    assert.equal(orders.length, 1);
  });

  it('after a declined attempt the same basket can be placed again', async () => {
    t.setNow(OPEN_HOURS);
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    assert.equal((await place(t, auth, CARDS.declined)).statusCode, 402);
    assert.equal((await place(t, auth, CARDS.ok)).statusCode, 201);
  });

  it('check-in and cancel racing: one wins, and the charge or the release matches it', async () => {
    t.setNow(OPEN_HOURS);
    const auth = await newCustomer(t);
    for (let round = 0; round < 3; round++) {
      const order = await placedOrder(t, auth);
      const captures = bank(t).ledger.captures;
      const [checkIn, cancel] = await Promise.all([post(t, auth, `/api/v1/orders/${order.id}/check-in`), post(t, auth, `/api/v1/orders/${order.id}/cancel`)]);
      const row = await orderRow(t, order.id);
      const done = await effects(t, order.id);
      if (row.state === 'paid') {
        assert.equal(checkIn.statusCode, 200, checkIn.body);
        assert.equal(cancel.statusCode, 409, cancel.body);
        assert.equal(bank(t).ledger.captures, captures + 1);
        assert.ok(!done.includes('payment-void'), done.join());
      } else {
        assert.equal(row.state, 'cancelled');
        assert.equal(cancel.statusCode, 200, cancel.body);
        assert.equal(checkIn.statusCode, 409, checkIn.body);
        assert.equal(bank(t).ledger.captures, captures);
        assert.deepEqual(
          done.filter((e) => e === 'payment-void'),
          ['payment-void'],
        );
      }
    }
  });

  it('check-in, cancel and the expiry sweep racing at the end of the window: never charged, released once', async () => {
    t.setNow(OPEN_HOURS);
    const auth = await newCustomer(t);
    const order = await placedOrder(t, auth);
    t.setNow(new Date(OPEN_HOURS.getTime() + 2 * 3_600_000));
    const captures = bank(t).ledger.captures;
    const [checkIn, cancel] = await Promise.all([
      post(t, auth, `/api/v1/orders/${order.id}/check-in`),
      post(t, auth, `/api/v1/orders/${order.id}/cancel`),
      sweepOrders(t.deps),
      sweepOrders(t.deps),
    ]);
    const row = await orderRow(t, order.id);
    assert.ok(['expired', 'cancelled'].includes(row.state), row.state);
    assert.equal(checkIn.statusCode, 409, checkIn.body);
    assert.equal(bank(t).ledger.captures, captures);
    if (row.state === 'cancelled') assert.equal(cancel.statusCode, 200, cancel.body);
    const done = await effects(t, order.id);
    assert.deepEqual(
      done.filter((e) => e === 'payment-void'),
      ['payment-void'],
    );
  });
});
