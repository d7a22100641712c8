// The two customer races of issue 9 item 10, made provably simultaneous on PostgreSQL: a separate
// connection holds the order's row lock, the racing requests are sent, and the lock is let go only
// once PostgreSQL itself reports them all waiting on it — so they were all in flight at the same
// moment, not one after another (Promise.all alone can't show that). On PGlite (one connection)
// the same requests run serialised and the same outcome rules hold.
// - "on my way" against cancel against the start scheduler at the moment;
// - a needs_payment order: a new card against cancel.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startDueOrders } from '../../../src/features/orders/index.js';
import { HANG_MS } from '../../support/hang.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, fillBasket, newCustomer, orderRow, outbox, placedOrder, post } from './helpers.js';

/**
 * Runs `race` while another connection holds the order's row lock (PostgreSQL), and lets go once
 * `waiters` backends of this database wait on a lock; `atRelease` starts as it lets go (the start
 * scheduler skips locked rows, so it joins the race there). Returns how many were seen waiting (0 on PGlite).
 */
async function behindTheRowLock<T>(
  t: TestApp,
  orderId: string,
  waiters: number,
  race: () => Promise<T>,
  atRelease: () => Promise<unknown> = async () => {},
): Promise<{ result: T; waited: number }> {
  if (!t.database.url) {
    const [result] = await Promise.all([race(), atRelease()]);
    return { result, waited: 0 };
  }
  const holder = new pg.Client({ connectionString: t.database.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const racing = race();
    racing.catch(() => {}); // awaited below; a rejection must not go unhandled while we poll
    const end = Date.now() + HANG_MS;
    let waited = 0;
    while (waited < waiters) {
      if (Date.now() > end) throw new Error(`only ${waited} of ${waiters} requests reached the row lock`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      waited = rows[0]!.n;
    }
    await holder.query('COMMIT');
    const [result] = await Promise.all([racing, atRelease()]);
    return { result, waited };
  } finally {
    await holder.end();
  }
}

describe('races held at one moment (PostgreSQL row lock as a barrier)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('"on my way" against cancel against the scheduler: both requests wait on the row at once, one wins, charged at most once', async () => {
    for (let round = 0; round < 3; round++) {
      const auth = await newCustomer(t, 'Barrier');
      await fillBasket(t, auth);
      const placed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...auth, 'idempotency-key': randomUUID() },
        payload: { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' }, trigger: { kind: 'on_my_way', arrivalMinutes: 1 } },
      });
      assert.equal(placed.statusCode, 201, placed.body);
      const orderId = placed.json().order.id as string;
      const captures = bank(t).ledger.captures;
      const { result, waited } = await behindTheRowLock(
        t,
        orderId,
        2,
        () =>
          Promise.all([
            t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/check-in`, headers: auth, payload: { arrivalMinutes: 45 } }),
            post(t, auth, `/api/v1/orders/${orderId}/cancel`),
          ]),
        () => Promise.all([startDueOrders(t.deps), startDueOrders(t.deps)]),
      );
      if (t.database.url) assert.ok(waited >= 2, `both requests waited on the row together (${waited})`);
      const [change, cancel] = result;
      const row = await orderRow(t, orderId);
      const charged = bank(t).ledger.captures - captures;
      const voids = (await effects(t, orderId)).filter((e) => e === 'payment-void').length;
      const answers = `round ${round}: ${row.state}; change ${change.statusCode}, cancel ${cancel.statusCode} ${cancel.body.slice(0, 120)}`;
      if (row.state === 'cancelled') {
        assert.equal(cancel.statusCode, 200, answers);
        assert.equal(charged, 0, 'a cancelled order is never charged');
        assert.equal(voids, 1, 'released once');
        assert.ok([200, 409].includes(change.statusCode), answers);
      } else {
        assert.ok(['paid', 'authorised'].includes(row.state), answers);
        assert.equal(cancel.statusCode, 409, answers);
        assert.equal(charged, row.state === 'paid' ? 1 : 0, answers);
        assert.equal(voids, 0, answers);
      }
    }
  });

  it('needs payment: a new card against cancel, both waiting on the row at once; one wins, every uncharged hold released', async () => {
    for (let round = 0; round < 3; round++) {
      const auth = await newCustomer(t, 'Barrier');
      const order = await placedOrder(t, auth, CARDS.captureFails);
      assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 402);
      const refusedHold = (await orderRow(t, order.id)).payment_reference!;
      const captures = bank(t).ledger.captures;
      const { result, waited } = await behindTheRowLock(t, order.id, 2, () =>
        Promise.all([
          t.app.inject({
            method: 'POST',
            url: `/api/v1/orders/${order.id}/pay`,
            headers: { ...auth, 'idempotency-key': randomUUID() },
            payload: { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' } },
          }),
          post(t, auth, `/api/v1/orders/${order.id}/cancel`),
        ]),
      );
      if (t.database.url) assert.ok(waited >= 2, `both requests waited on the row together (${waited})`);
      const [paid, cancel] = result;
      const row = await orderRow(t, order.id);
      const answers = `round ${round}: ${row.state}; pay ${paid.statusCode} ${paid.body.slice(0, 120)} · cancel ${cancel.statusCode} ${cancel.body.slice(0, 120)}`;
      assert.ok(['paid', 'cancelled'].includes(row.state), answers);
      assert.equal(paid.statusCode === 200, row.state === 'paid', answers);
      assert.equal(cancel.statusCode === 200, row.state === 'cancelled', answers);
      assert.equal(bank(t).ledger.captures - captures, row.state === 'paid' ? 1 : 0, 'charged at most once, only when the card won');
      // Every hold not charged is released: the refused one, and a new one that lost to the cancel.
      while ((await t.outbox.drainOnce()).claimed > 0);
      const voided = (await outbox(t, order.id)).filter((r) => r.kind === 'payment-void').map((r) => r.payload['reference'] as string);
      for (const reference of new Set([refusedHold, row.payment_reference!, ...voided])) {
        const charged = row.state === 'paid' && reference === row.payment_reference;
        assert.equal(bank(t).ledger.holds.get(reference)?.status, charged ? 'captured' : 'cancelled', `${answers}, hold ${reference}`);
      }
    }
  });
});
