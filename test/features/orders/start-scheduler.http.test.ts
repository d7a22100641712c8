// The time-driven start (decision 306): a timer armed for the next moment with an injected clock,
// re-armed when an order changes; two instances racing at the moment charge once; and "on my way"
// against cancel against the expiry sweep, truly simultaneous on PostgreSQL — on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDueOrders, startStartScheduler } from '../../../src/features/orders/index.js';
import { ManualTimers } from '../../support/manual-timers.js';
import { sweepOrders } from '../../../src/features/orders/expiry-sweeper.js';
import { OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, fillBasket, newCustomer, orderRow, post, type Auth } from './helpers.js';

const MIN = 60_000;
const quiet = { info: () => {}, warn: () => {} };

async function onMyWay(t: TestApp, auth: Auth, minutes: number, card: string = CARDS.ok) {
  await fillBasket(t, auth);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth, 'idempotency-key': randomUUID() },
    payload: { payment: { card, expiry: '12/30', cvc: '123' }, trigger: { kind: 'on_my_way', arrivalMinutes: minutes } },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().order as { id: string; trigger: { makingStartsAt: string } };
}

async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the time-driven start', () => {
  let t: TestApp;
  let now = OPEN_HOURS.getTime();
  before(async () => {
    t = await startTestApp();
    t.setNow(OPEN_HOURS);
  });
  after(() => t.close());

  it('arms a timer for the next moment (injected clock), re-arms on a change, and starts the order on time', async () => {
    const timers = new ManualTimers(() => now);
    const scheduler = startStartScheduler(t.deps, quiet, { timers, maxSleepMs: 60 * MIN });
    try {
      const auth = await newCustomer(t);
      const order = await onMyWay(t, auth, 30);
      const moment = new Date(order.trigger.makingStartsAt).getTime();
      // The order's NOTIFY woke the scheduler: it now sleeps until exactly the moment.
      await until(async () => {
        await scheduler.idle();
        return timers.earliest() === moment;
      });
      // One second early: nothing.
      now = moment - 1000;
      t.setNow(new Date(now));
      timers.fireDue();
      await scheduler.idle();
      assert.equal((await orderRow(t, order.id)).state, 'authorised');
      now = moment;
      t.setNow(new Date(now));
      timers.fireDue();
      await until(async () => (await orderRow(t, order.id)).state === 'paid');
      const row = await orderRow(t, order.id);
      assert.equal(row.checked_in_at?.getTime(), moment, 'started at its moment, not a sweep later');
      assert.ok((await effects(t, order.id)).includes('ticket'));
    } finally {
      await scheduler.stop();
    }
  });

  it('two instances at the same moment: one claim, one charge', async () => {
    const auth = await newCustomer(t);
    const order = await onMyWay(t, auth, 1);
    const captures = bank(t).ledger.captures;
    const results = await Promise.all([startDueOrders(t.deps), startDueOrders(t.deps), startDueOrders(t.deps)]);
    assert.equal(
      results.reduce((sum, r) => sum + r.started, 0),
      1,
    );
    assert.equal(bank(t).ledger.captures, captures + 1);
    assert.equal((await orderRow(t, order.id)).state, 'paid');
  });

  it('"on my way" against cancel against the scheduler at the moment: one wins, never charged twice', async () => {
    for (let round = 0; round < 3; round++) {
      const auth = await newCustomer(t);
      const order = await onMyWay(t, auth, 1);
      const captures = bank(t).ledger.captures;
      const [change, cancel] = await Promise.all([
        t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/check-in`, headers: auth, payload: { arrivalMinutes: 45 } }),
        post(t, auth, `/api/v1/orders/${order.id}/cancel`),
        startDueOrders(t.deps),
        startDueOrders(t.deps),
      ]);
      const row = await orderRow(t, order.id);
      const charged = bank(t).ledger.captures - captures;
      const voids = (await effects(t, order.id)).filter((e) => e === 'payment-void').length;
      if (row.state === 'paid') {
        assert.equal(charged, 1);
        assert.equal(voids, 0);
        assert.equal(cancel.statusCode, 409, cancel.body);
      } else {
        assert.equal(row.state, 'cancelled', `round ${round}: ${row.state}`);
        assert.equal(charged, 0, 'a cancelled order is never charged');
        assert.equal(voids, 1, 'released once');
        assert.ok([200, 409].includes(change.statusCode), change.body);
      }
    }
  });

  it('"on my way" against cancel against the expiry sweep at the end of the window: never charged, released once', async () => {
    const auth = await newCustomer(t);
    const order = await onMyWay(t, auth, 10);
    const row = await orderRow(t, order.id);
    t.setNow(row.expires_at!);
    const captures = bank(t).ledger.captures;
    try {
      const [change] = await Promise.all([
        t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/check-in`, headers: auth, payload: { arrivalMinutes: 5 } }),
        post(t, auth, `/api/v1/orders/${order.id}/cancel`),
        sweepOrders(t.deps),
        sweepOrders(t.deps),
        startDueOrders(t.deps),
      ]);
      const after = await orderRow(t, order.id);
      assert.ok(['expired', 'cancelled'].includes(after.state), after.state);
      assert.equal(change.statusCode, 409, 'a late change never revives the hold');
      assert.equal(bank(t).ledger.captures, captures);
      assert.deepEqual(
        (await effects(t, order.id)).filter((e) => e === 'payment-void'),
        ['payment-void'],
      );
    } finally {
      t.setNow(OPEN_HOURS);
    }
  });
});
