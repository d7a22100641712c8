// After placing: "I'm here" (capture once), cancel, staff ready/collected,
// every refused step, and who may do what — on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { transition } from '../../../src/db/order-transition.js';
import { voidHeldPayment } from '../../../src/payments/void.js';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, newCustomer, orderRow, placedOrder, post, type Auth } from './helpers.js';

describe('check-in, cancel and the counter', () => {
  let t: TestApp;
  let auth: Auth;
  let barista: Auth;
  before(async () => {
    t = await startTestApp();
    auth = await newCustomer(t);
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
  });
  after(() => t.close());

  it("I'm here captures once: paid, ticket and receipt queued; a second tap changes nothing", async () => {
    const order = await placedOrder(t, auth);
    const captures = bank(t).ledger.captures;
    const first = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().state, 'paid');
    assert.deepEqual(
      first.json().events.map((e: any) => e.to),
      ['authorising', 'authorised', 'capturing', 'paid'],
    );
    const second = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().state, 'paid');
    assert.equal(bank(t).ledger.captures, captures + 1);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'ticket', 'email:payment-receipt']);
    const row = await orderRow(t, order.id);
    assert.ok(row.checked_in_at && row.paid_at);
    assert.equal(row.captured_pence, order.totalPence, 'the capture is what can be refunded');
    assert.equal(row.paid_with, 'card');
    const events = await t.deps.db.writer.selectFrom('order_events').select(['transition', 'actor']).where('order_id', '=', order.id).orderBy('id').execute();
    assert.deepEqual(
      events.map((e) => e.transition),
      [null, 'authorise', 'check_in', 'capture'],
    );
  });

  it('a transition made by an actor the lifecycle does not allow changes nothing', async () => {
    const order = await placedOrder(t, auth);
    const now = t.deps.clock();
    for (const actor of ['staff:1', 'system', 'nobody']) {
      // Only the customer (or the gateway) checks in; staff cancel only orders that need payment.
      assert.equal(await transition(t.deps.db.writer, order.id, 'check_in', { now, actor }), null, actor);
    }
    assert.equal(await transition(t.deps.db.writer, order.id, 'cancel', { now, actor: 'staff:1' }), null);
    assert.equal((await orderRow(t, order.id)).state, 'authorised');
  });

  it('the barista marks it ready (email) and collected; each step only from the right state', async () => {
    const order = await placedOrder(t, auth);
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/ready`)).statusCode, 409, 'not paid yet');
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/collected`)).statusCode, 409, 'not ready');
    await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/collected`)).statusCode, 409, 'paid, not ready');
    const ready = await post(t, barista, `/api/v1/orders/${order.id}/ready`);
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().state, 'ready');
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/ready`)).json().state, 'ready', 'a double tap is harmless');
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/cancel`)).statusCode, 409);
    const done = await post(t, barista, `/api/v1/orders/${order.id}/collected`);
    assert.equal(done.json().state, 'completed');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'ticket', 'email:payment-receipt', 'email:order-ready']);
    const row = await orderRow(t, order.id);
    assert.ok(row.ready_at && row.completed_at);
    // A bump arriving after collection (another tablet's, or one replayed after a blip) changes nothing and says so.
    const late = await post(t, barista, `/api/v1/orders/${order.id}/ready`);
    assert.equal(late.statusCode, 200, late.body);
    assert.equal(late.json().outcome, 'already_done');
    assert.equal(late.json().state, 'completed');
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/recall`)).statusCode, 409, 'collected: recall is refused');
  });

  it('a capture refused at check-in (card 0341): 402, needs_payment, customer told to pay with another card or at the till, email and void queued', async () => {
    const order = await placedOrder(t, auth, CARDS.captureFails);
    const response = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(response.statusCode, 402);
    assert.match(response.json().error.message, /Pay with another card \(POST \/api\/v1\/orders\/\{id\}\/pay\) or at the till\./);
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'needs_payment');
    assert.equal(row.closed_at, null, 'not closed: it can still be paid');
    assert.equal(row.captured_pence, 0);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'payment-void', 'email:payment-failed']);
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 409);
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/ready`)).statusCode, 409);
  });

  it('cancel while authorised: cancelled, hold void and email queued; the void releases the hold once', async () => {
    const order = await placedOrder(t, auth);
    const response = await post(t, auth, `/api/v1/orders/${order.id}/cancel`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().state, 'cancelled');
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/cancel`)).json().state, 'cancelled');
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 409);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'payment-void', 'email:order-cancelled']);
    const row = await orderRow(t, order.id);
    assert.equal(await voidHeldPayment(t.deps, order.id), 'voided');
    assert.equal(await voidHeldPayment(t.deps, order.id), 'voided', 'a repeat is harmless');
    assert.equal(bank(t).ledger.holds.get(row.payment_reference!)?.status, 'cancelled');
  });

  it('voidHeldPayment never releases a paid order', async () => {
    const order = await placedOrder(t, auth);
    await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(await voidHeldPayment(t.deps, order.id), 'not-voidable');
    assert.equal(bank(t).ledger.holds.get((await orderRow(t, order.id)).payment_reference!)?.status, 'captured');
  });

  it("someone else's order is not found; staff of another store and customers are refused", async () => {
    const order = await placedOrder(t, auth);
    const stranger = await newCustomer(t, 'Mallory');
    for (const path of ['', '/events']) {
      assert.equal((await t.app.inject({ url: `/api/v1/orders/${order.id}${path}`, headers: stranger })).statusCode, 404);
    }
    for (const action of ['check-in', 'cancel']) {
      assert.equal((await post(t, stranger, `/api/v1/orders/${order.id}/${action}`)).statusCode, 404);
    }
    assert.equal((await t.app.inject({ url: `/api/v1/orders/${order.id}` })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/orders/not-a-uuid', headers: auth })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/api/v1/orders/00000000-0000-4000-8000-000000000000', headers: auth })).statusCode, 404);
    await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    const ipswich = await apiLogin(t.app, 'barista.ipswich@alpaca.test');
    for (const who of [ipswich, stranger, auth]) {
      const response = await post(t, who, `/api/v1/orders/${order.id}/ready`);
      assert.equal(response.statusCode, 403, response.body);
    }
    assert.equal((await orderRow(t, order.id)).state, 'paid');
    // Staff of the store may read it; the manager and the admin may move it.
    assert.equal((await t.app.inject({ url: `/api/v1/orders/${order.id}`, headers: barista })).statusCode, 200);
    assert.equal((await post(t, await apiLogin(t.app, 'manager.colchester@alpaca.test'), `/api/v1/orders/${order.id}/ready`)).statusCode, 200);
    assert.equal((await post(t, await apiLogin(t.app, 'admin@alpaca.test'), `/api/v1/orders/${order.id}/collected`)).statusCode, 200);
  });
});

describe('concurrent check-in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('five simultaneous taps capture once', async () => {
    const auth = await newCustomer(t);
    const order = await placedOrder(t, auth);
    const slow = new SimulatedGateway({ latencyMs: 150 });
    slow.ledger.holds = bank(t).ledger.holds;
    t.deps.payments = slow;
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(t, auth, `/api/v1/orders/${order.id}/check-in`)));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [200, 200, 200, 200, 200],
    );
    assert.ok(responses.every((r) => ['capturing', 'paid'].includes(r.json().state)));
    assert.equal(slow.ledger.captureCalls, 1);
    assert.equal(slow.ledger.captures, 1);
    assert.equal((await orderRow(t, order.id)).state, 'paid');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'ticket', 'email:payment-receipt']);
    const events = await t.deps.db.writer.selectFrom('order_events').select('to_state').where('order_id', '=', order.id).execute();
    assert.equal(events.filter((e) => e.to_state === 'capturing').length, 1);
  });
});
