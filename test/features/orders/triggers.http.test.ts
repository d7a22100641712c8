// When making starts (issue 9 item 1): "I'm on my way" and a pickup time, through the API and the
// pages; the time-driven start (charged at its moment, never unpaid in the queue, held back when
// the store can't make it); full slots; a closed store taking pickup orders — on both databases.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDueOrders } from '../../../src/features/orders/index.js';
import { Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, fillBasket, newCustomer, orderRow, post, type Auth } from './helpers.js';

const MIN = 60_000;

function placeWith(t: TestApp, auth: Auth, trigger: Record<string, unknown>, card: string = CARDS.ok) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth, 'idempotency-key': randomUUID() },
    payload: { payment: { card, expiry: '12/30', cvc: '123' }, trigger },
  });
}

describe('when making starts: on my way and pickup times', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    t.setNow(OPEN_HOURS);
    await t.deps.db.writer
      .updateTable('stores')
      .set({ paused: false, paused_until: null, drinks_per_slot: 12, busy_extra_minutes: null, busy_until: null })
      .execute();
    // Orders of earlier tests out of the way: each test sees its own queue.
    await t.deps.db.writer.updateTable('orders').set({ state: 'completed' }).where('state', 'in', ['paid', 'capturing']).execute();
    // Made long ago: they no longer shape the queue's stream (decision 303's lookback).
    await t.deps.db.writer
      .updateTable('orders')
      .set({ paid_at: new Date(OPEN_HOURS.getTime() - 3 * 3_600_000) })
      .where('paid_at', 'is not', null)
      .execute();
    await t.deps.db.writer.updateTable('orders').set({ state: 'cancelled', making_starts_at: null }).where('state', '=', 'authorised').execute();
  });

  it('on my way at checkout: held now, making starts so it is ready on arrival, charged at that moment', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const placed = await placeWith(t, auth, { kind: 'on_my_way', arrivalMinutes: 20 });
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order;
    assert.equal(order.state, 'authorised');
    assert.equal(order.trigger.kind, 'on_my_way');
    assert.equal(order.trigger.arriveBy, new Date(OPEN_HOURS.getTime() + 20 * MIN).toISOString());
    // 3 drinks (2 lattes, a flat white) at 12 per slot, coffee 3 minutes: ETA 3 min 50 s.
    const starts = new Date(order.trigger.makingStartsAt).getTime();
    assert.equal(starts, OPEN_HOURS.getTime() + 20 * MIN - (3 * MIN + 50_000));
    assert.equal(order.readyEstimate, order.trigger.arriveBy);
    const row = await orderRow(t, order.id);
    assert.equal(row.drinks, 3);
    assert.equal(row.prep_seconds, 180);
    assert.ok(row.expires_at! > new Date(OPEN_HOURS.getTime() + 20 * MIN), 'the hold outlasts the arrival');

    const captures = bank(t).ledger.captures;
    t.setNow(new Date(starts - 1000));
    assert.deepEqual(await startDueOrders(t.deps), { started: 0, blocked: 0, charged: 0, needsPayment: 0 }, 'not before its moment');
    assert.equal((await orderRow(t, order.id)).state, 'authorised');
    t.setNow(new Date(starts));
    assert.deepEqual(await startDueOrders(t.deps), { started: 1, blocked: 0, charged: 1, needsPayment: 0 });
    const paid = await orderRow(t, order.id);
    assert.equal(paid.state, 'paid');
    assert.equal(bank(t).ledger.captures, captures + 1);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'ticket', 'email:payment-receipt']);
    assert.equal(paid.ready_estimate_at?.getTime(), starts + 3 * MIN + 50_000);
    assert.deepEqual(await startDueOrders(t.deps), { started: 0, blocked: 0, charged: 0, needsPayment: 0 }, 'charged once');
  });

  it('on my way from the order page later (the check-in route with an arrival estimate); a close arrival starts at once', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const placed = (await placeWith(t, auth, { kind: 'here' })).json().order;
    assert.equal(placed.trigger.kind, 'here');
    const onMyWay = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${placed.id}/check-in`, headers: auth, payload: { arrivalMinutes: 2 } });
    assert.equal(onMyWay.statusCode, 200, onMyWay.body);
    assert.equal(onMyWay.json().state, 'authorised', 'not charged yet');
    assert.equal(onMyWay.json().trigger.makingStartsAt, OPEN_HOURS.toISOString(), 'ETA longer than the trip: at once');
    assert.equal((await startDueOrders(t.deps)).charged, 1);
    assert.equal((await orderRow(t, placed.id)).state, 'paid');
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${placed.id}/check-in`, headers: auth, payload: { arrivalMinutes: 5 } });
    assert.equal(late.statusCode, 409, 'charged: no longer changeable');
    assert.equal(late.json().error.code, 'trigger_not_changeable');
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${placed.id}/check-in`, headers: auth, payload: { arrivalMinutes: 0 } });
    assert.equal(bad.statusCode, 400);
  });

  it('a pickup time: offered slots, charged at slot − ETA; a full slot is not offered and is refused', async () => {
    await t.deps.db.writer.updateTable('stores').set({ drinks_per_slot: 3 }).where('slug', '=', 'colchester').execute();
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const times = await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: auth });
    assert.equal(times.statusCode, 200, times.body);
    const offer = times.json();
    assert.equal(offer.open, true);
    assert.equal(offer.laterDay, false);
    assert.equal(offer.slots[0], '2026-11-25T12:10:00.000Z', 'the first slot it can be ready by (ETA 3 drinks at 3 per slot)');
    const slot = offer.slots[2];
    const placed = await placeWith(t, auth, { kind: 'pickup', slot });
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal(placed.json().order.trigger.slot, slot);
    const starts = new Date(placed.json().order.trigger.makingStartsAt).getTime();
    assert.ok(starts < new Date(slot).getTime() && starts >= new Date(slot).getTime() - 10 * MIN, 'made shortly before the slot');

    // Another customer: that slot is full now (3 drinks per slot).
    const other = await newCustomer(t, 'Ada');
    await fillBasket(t, other);
    const again = (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: other })).json();
    assert.ok(!again.slots.includes(slot), 'a full slot is not offered');
    const refused = await placeWith(t, other, { kind: 'pickup', slot });
    assert.equal(refused.statusCode, 400);
    assert.ok(refused.json().error.fields.pickupSlot, refused.body);
    const offGrid = await placeWith(t, other, { kind: 'pickup', slot: '2026-11-25T12:31:00Z' });
    assert.equal(offGrid.statusCode, 400);

    t.setNow(new Date(starts));
    assert.equal((await startDueOrders(t.deps)).charged, 1);
    assert.equal((await orderRow(t, placed.json().order.id)).state, 'paid');
  });

  it('a closed store takes a pickup order for the next opening day, and refuses "when I am here"', async () => {
    t.setNow(new Date('2026-11-25T22:00:00Z'));
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const offer = (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: auth })).json();
    assert.equal(offer.open, false);
    assert.equal(offer.laterDay, true);
    assert.ok(offer.slots[0].startsWith('2026-11-26T'), offer.slots[0]);
    const here = await placeWith(t, auth, { kind: 'here' });
    assert.equal(here.statusCode, 409);
    assert.equal(here.json().error.code, 'store_closed');
    const pickup = await placeWith(t, auth, { kind: 'pickup', slot: offer.slots[0] });
    assert.equal(pickup.statusCode, 201, pickup.body);
    assert.ok(new Date(pickup.json().order.checkInBy) > new Date(offer.slots[0]), 'the hold lasts past the pickup time');
  });

  it('a capture refused at the moment: needs_payment, never in the queue unpaid', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const order = (await placeWith(t, auth, { kind: 'on_my_way', arrivalMinutes: 1 }, CARDS.captureFails)).json().order;
    assert.deepEqual(await startDueOrders(t.deps), { started: 1, blocked: 0, charged: 0, needsPayment: 1 });
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'needs_payment');
    assert.equal(row.paid_at, null);
    assert.ok(!(await effects(t, order.id)).includes('ticket'), 'no ticket: never in the queue');
  });

  it('the store paused before the moment: not charged, the customer told, and they may change or cancel', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const order = (await placeWith(t, auth, { kind: 'on_my_way', arrivalMinutes: 30 })).json().order;
    await t.deps.db.writer.updateTable('stores').set({ paused: true }).where('slug', '=', 'colchester').execute();
    const captures = bank(t).ledger.captures;
    t.setNow(new Date(order.trigger.makingStartsAt));
    assert.deepEqual(await startDueOrders(t.deps), { started: 0, blocked: 1, charged: 0, needsPayment: 0 });
    assert.equal(bank(t).ledger.captures, captures, 'not charged');
    const shown = (await t.app.inject({ url: `/api/v1/orders/${order.id}`, headers: auth })).json();
    assert.equal(shown.state, 'authorised');
    assert.equal(shown.trigger.notStarted, 'store_paused');
    assert.equal(shown.trigger.makingStartsAt, null);
    assert.ok((await effects(t, order.id)).includes('email:order-not-started'));
    assert.deepEqual(await startDueOrders(t.deps), { started: 0, blocked: 0, charged: 0, needsPayment: 0 }, 'told once');

    await t.deps.db.writer.updateTable('stores').set({ paused: false }).where('slug', '=', 'colchester').execute();
    const changed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/trigger`,
      headers: auth,
      payload: { kind: 'on_my_way', arrivalMinutes: 10 },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().trigger.notStarted, null);
    const cancelled = await post(t, auth, `/api/v1/orders/${order.id}/cancel`);
    assert.equal(cancelled.json().state, 'cancelled');
  });

  it('an item sold out before the moment: not charged', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const order = (await placeWith(t, auth, { kind: 'on_my_way', arrivalMinutes: 1 })).json().order;
    const latte = await t.deps.db.writer.selectFrom('products').select('id').where('slug', '=', 'latte').executeTakeFirstOrThrow();
    const store = await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    await t.deps.db.writer
      .updateTable('store_products')
      .set({ available: false })
      .where('store_id', '=', store.id)
      .where('product_id', '=', latte.id)
      .execute();
    try {
      assert.equal((await startDueOrders(t.deps)).blocked, 1);
      assert.equal((await orderRow(t, order.id)).start_blocked, 'sold_out');
    } finally {
      await t.deps.db.writer
        .updateTable('store_products')
        .set({ available: true })
        .where('store_id', '=', store.id)
        .where('product_id', '=', latte.id)
        .execute();
    }
  });

  it('busy mode adds its minutes to the ETA and shows them with the resume time', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const before = (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: auth })).json();
    await t.deps.db.writer
      .updateTable('stores')
      .set({ busy_extra_minutes: 10, busy_until: new Date(OPEN_HOURS.getTime() + 60 * MIN) })
      .where('slug', '=', 'colchester')
      .execute();
    const busy = (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: auth })).json();
    assert.equal(busy.eta.minutes, before.eta.minutes + 10);
    assert.deepEqual(busy.busy, { extraMinutes: 10, until: '2026-11-25T13:00:00.000Z' });
    const page = new Browser(t.app);
    await page.login('customer@alpaca.test');
    await page.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
    const checkout = await page.get('/checkout');
    assert.match(checkout.body, /orders take about 10 minutes longer, until 13:00/);
    const menu = await page.get('/stores/colchester');
    assert.match(menu.body, /A drink ordered now: ready in about <strong>\d+ min<\/strong>/);
  });

  it('pages: choose "on my way" at checkout without JavaScript, then change to a pickup time on the order page', async () => {
    const page = new Browser(t.app);
    await page.login('customer@alpaca.test');
    await page.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
    const checkout = await page.get('/checkout');
    assert.equal(checkout.statusCode, 200);
    assert.match(checkout.body, /When should we start making it\?/);
    assert.match(checkout.body, /If we start now, ready about/);
    const slot = /<option value="([^"]+)"/.exec(checkout.body)![1]!;
    const missing = await page.post('/orders', {
      idempotencyKey: randomUUID(),
      cardNumber: CARDS.ok,
      expiry: '12/30',
      cvc: '123',
      when: 'on_my_way',
      arrivalMinutes: '',
    });
    assert.equal(missing.statusCode, 400, 'the arrival estimate is needed');
    assert.match(missing.body, /minutes until you arrive/);
    const placed = await page.post('/orders', {
      idempotencyKey: randomUUID(),
      cardNumber: CARDS.ok,
      expiry: '12/30',
      cvc: '123',
      when: 'on_my_way',
      arrivalMinutes: '15',
    });
    assert.equal(placed.statusCode, 303, placed.body);
    const orderUrl = placed.headers.location as string;
    const shown = await page.get(orderUrl);
    assert.match(shown.body, /You're on your way: arriving about <strong>12:15<\/strong>/);
    assert.match(shown.body, /class="tag[^"]*">On your way — ready about \d\d:\d\d</, 'the pill says what the order waits for');
    const id = orderUrl.split('/').pop()!;
    const changed = await page.post(`/orders/${id}/trigger`, { when: 'pickup', pickupSlot: slot });
    assert.equal(changed.statusCode, 303);
    const after = await page.get(orderUrl);
    assert.match(after.body, /Pickup time <strong>/);
    // The pill and the history say the pickup in words: no "tap I'm here", no second "Placed" line.
    const slotTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(slot),
    );
    assert.match(after.body, new RegExp(`class="tag[^"]*">Pickup at ${slotTime}<`));
    assert.doesNotMatch(after.body, /tap &quot;I&#39;m here&quot; at the store|tap "I'm here" at the store/);
    const history = /<ol class="order-events[^"]*">([\s\S]*?)<\/ol>/.exec(after.body)![1]!;
    assert.equal(history.match(/Placed/g)?.length, 1, history);
    // The line below the pill says it the same way: a pickup today has no date.
    assert.match(after.body, new RegExp(`Pickup time <strong>${slotTime}</strong>\\. We start making it at\\s+\\d\\d:\\d\\d and`));
    // The history reads in order: sent and checked, then placed.
    assert.match(history, /Sent — checking your card<\/li>\s*<li>[^<]*Placed — card held, not charged/);
    assert.match(history, new RegExp(`Changed to a pickup time: ${slotTime}`));
    assert.equal((await orderRow(t, id)).pickup_slot?.toISOString(), slot);
    const badSlot = await page.post(`/orders/${id}/trigger`, { when: 'pickup', pickupSlot: '2026-11-25T03:00:00.000Z' });
    assert.equal(badSlot.statusCode, 303, 'shown back on the order page');
    assert.equal((await orderRow(t, id)).pickup_slot?.toISOString(), slot, 'nothing changed');
  });
});
