// Pickup times after a long closure (issue 10 item 5): whatever its length, up to the 366 days a
// closure may cover, the customer is offered the first opening after it and can order for it.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { CARDS, fillBasket, newCustomer, type Auth } from './helpers.js';

// The test clock: Wednesday 25 Nov 2026, 12:00 in Colchester (open 07:00–18:00 on weekdays).
describe('pickup times after a closure of any allowed length', () => {
  let t: TestApp;
  let manager: Browser;
  before(async () => {
    t = await startTestApp();
    manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
  });
  after(() => t.close());

  async function closeColchester(firstDate: string, lastDate: string, reason: string) {
    const saved = await manager.post('/staff/colchester/hours/special-days', { firstDate, lastDate, closed: 'true', opens: '', closes: '', reason });
    assert.equal(saved.statusCode, 303, saved.body);
  }
  // Each test starts with no closures.
  beforeEach(async () => {
    await t.deps.db.writer.deleteFrom('store_special_days').execute();
  });
  const pickupTimes = async (auth: Auth) => (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: auth })).json();

  it('a 30-day closure from today: the first pickup time is the morning it reopens, and an order can take it', async () => {
    await closeColchester('2026-11-25', '2026-12-24', 'Refit');
    const auth = await newCustomer(t);
    const offer = await pickupTimes(auth);
    assert.equal(offer.open, false);
    assert.equal(offer.laterDay, true);
    assert.equal(offer.slots[0], '2026-12-25T07:00:00.000Z', 'Friday 25 Dec, 07:00 (GMT)');

    await fillBasket(t, auth);
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...auth, 'idempotency-key': randomUUID() },
      payload: { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' }, trigger: { kind: 'pickup', slot: offer.slots[0] } },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal(placed.json().order.trigger.kind, 'pickup');
    assert.equal(placed.json().order.trigger.slot, '2026-12-25T07:00:00.000Z');
  });

  it('a closure of the full 366 days, and a second one straight after it', async () => {
    const auth = await newCustomer(t);
    await closeColchester('2026-11-25', '2027-11-25', 'Rebuild');
    const closed = await pickupTimes(auth);
    assert.equal(closed.slots[0], '2027-11-26T07:00:00.000Z', 'Friday 26 Nov 2027, the day after the last closed date');
    assert.equal(closed.laterDay, true);

    await closeColchester('2027-11-26', '2028-11-24', 'Rebuild, phase two');
    const later = await pickupTimes(auth);
    assert.equal(later.slots[0], '2028-11-25T08:00:00.000Z', 'Saturday 25 Nov 2028, at its Saturday 08:00');
  });
});
