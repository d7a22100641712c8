// The sweeper: held orders past CHECKIN_WINDOW expire (hold voided, email), once,
// however often it runs; orders that never heard back from the bank are failed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { sweepOrders } from '../../../src/features/orders/expiry-sweeper.js';
import { OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { effects, fillBasket, newCustomer, orderRow, placedOrder, post, type Auth } from './helpers.js';

describe('expiry sweep', () => {
  let t: TestApp;
  let auth: Auth;
  before(async () => {
    t = await startTestApp({ CHECKIN_WINDOW: '2h' });
    auth = await newCustomer(t);
  });
  after(() => t.close());

  it('expires held orders past the window, voids the hold and emails, exactly once', async () => {
    t.setNow(OPEN_HOURS);
    const order = await placedOrder(t, auth);
    const paid = await placedOrder(t, auth);
    await post(t, auth, `/api/v1/orders/${paid.id}/check-in`);

    t.setNow(new Date(OPEN_HOURS.getTime() + 2 * 3_600_000 - 1000));
    assert.equal((await sweepOrders(t.deps)).expired, 0, 'one second early');
    assert.equal((await orderRow(t, order.id)).state, 'authorised');

    t.setNow(new Date(OPEN_HOURS.getTime() + 2 * 3_600_000));
    const [first, second] = await Promise.all([sweepOrders(t.deps), sweepOrders(t.deps)]);
    assert.equal(first.expired + second.expired, 1);
    assert.equal((await sweepOrders(t.deps)).expired, 0);
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'expired');
    assert.ok(row.closed_at);
    assert.equal((await orderRow(t, paid.id)).state, 'paid');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'payment-void', 'email:order-expired']);
    const checkIn = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(checkIn.statusCode, 409);
    assert.match(checkIn.json().error.message, /expired/);
  });

  it('a tap after the window but before a sweep expires the order instead of charging it', async () => {
    t.setNow(OPEN_HOURS);
    const order = await placedOrder(t, auth);
    t.setNow(new Date(OPEN_HOURS.getTime() + 3 * 3_600_000));
    const response = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(response.statusCode, 409);
    assert.equal((await orderRow(t, order.id)).state, 'expired');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'payment-void', 'email:order-expired']);
  });

  it('an order left authorising past AUTHORISATION_TIMEOUT fails; the basket is kept', async () => {
    t.setNow(OPEN_HOURS);
    await fillBasket(t, auth);
    const user = await t.deps.db.writer.selectFrom('users').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const store = await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    const stuck = await t.deps.db.writer
      .insertInto('orders')
      .values({
        store_id: store.id,
        user_id: user.id,
        state: 'authorising',
        total_pence: 300,
        customer_first_name: 'Grace',
        customer_last_initial: 'H',
        payment_gateway: 'simulated',
        idempotency_key: 'lost-in-flight',
        created_at: sql<Date>`now() - interval '16 minutes'` as never,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = await sweepOrders(t.deps);
    assert.equal(result.abandoned, 1);
    const row = await orderRow(t, stuck.id);
    assert.equal(row.state, 'declined');
    assert.match(row.payment_failure!, /not charged/);
    assert.equal((await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.length, 2);
  });
});
