// Migration 300 on both databases: payment_failed splits into declined / needs_payment, the
// trigger columns keep their shape, and refunds can never exceed the capture, even at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { migrations } from '../../src/db/migrations/index.js';
import { freshDatabase } from '../support/database.js';
import { emptyDatabase } from '../support/empty-database.js';

async function run(db: Kysely<any>, statement: string) {
  return (await sql.raw(statement).execute(db)).rows as any[];
}

test('migration 300: a refused hold becomes declined, a refused capture needs_payment; events and captures follow', async () => {
  const empty = await emptyDatabase();
  try {
    const db = (await empty.open()).writer as Kysely<any>;
    for (const [name, migration] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) if (name < '300') await migration.up(db);
    await run(db, `INSERT INTO stores (slug, name, address_line1, town, postcode) VALUES ('x', 'X', '1 High St', 'Town', 'CO1 1AA')`);
    await run(db, `INSERT INTO users (email, first_name, last_name, password_hash) VALUES ('a@b.c', 'Ada', 'L', 'h')`);
    const order = (key: string, state: string, checkedIn: boolean) =>
      run(
        db,
        `INSERT INTO orders
      (store_id, user_id, state, total_pence, customer_first_name, customer_last_initial, payment_gateway, idempotency_key, checked_in_at, closed_at)
      VALUES (1, 1, '${state}', 450, 'Ada', 'L', 'simulated', '${key}', ${checkedIn ? 'now()' : 'NULL'}, now()) RETURNING id`,
      );
    const [declined] = await order('declined', 'payment_failed', false);
    const [refused] = await order('refused', 'payment_failed', true);
    await order('paid', 'completed', true);
    const event = (id: string, from: string | null, to: string) =>
      run(db, `INSERT INTO order_events (order_id, from_state, to_state, actor) VALUES ('${id}', ${from ? `'${from}'` : 'NULL'}, '${to}', 'system')`);
    await event(declined.id, 'authorising', 'payment_failed');
    await event(refused.id, 'capturing', 'payment_failed');

    await migrations['300-order-lifecycle']!.up(db);

    const rows = await run(
      db,
      `SELECT idempotency_key AS key, state, closed_at IS NOT NULL AS closed, captured_pence, refunded_pence, paid_with, trigger_kind
      FROM orders ORDER BY number`,
    );
    assert.deepEqual(rows, [
      { key: 'declined', state: 'declined', closed: true, captured_pence: 0, refunded_pence: 0, paid_with: null, trigger_kind: 'here' },
      { key: 'refused', state: 'needs_payment', closed: false, captured_pence: 0, refunded_pence: 0, paid_with: null, trigger_kind: 'here' },
      { key: 'paid', state: 'completed', closed: true, captured_pence: 450, refunded_pence: 0, paid_with: 'card', trigger_kind: 'here' },
    ]);
    const events = await run(db, `SELECT from_state, to_state FROM order_events ORDER BY id`);
    assert.deepEqual(events, [
      { from_state: 'authorising', to_state: 'declined' },
      { from_state: 'capturing', to_state: 'needs_payment' },
    ]);
    await assert.rejects(run(db, `UPDATE orders SET state = 'payment_failed'`), /check/i);
  } finally {
    await empty.drop();
  }
});

async function paidOrder(db: Kysely<any>, total = 900) {
  const [row] = await run(
    db,
    `INSERT INTO orders
    (store_id, user_id, state, total_pence, customer_first_name, customer_last_initial, payment_gateway, idempotency_key, captured_pence, paid_with)
    VALUES ((SELECT min(id) FROM stores), (SELECT min(id) FROM users), 'paid', ${total}, 'Ada', 'L', 'simulated', '${crypto.randomUUID()}', ${total}, 'card')
    RETURNING id`,
  );
  return row.id as string;
}

function refund(db: Kysely<any>, orderId: string, amount: number, status = 'pending') {
  return run(
    db,
    `INSERT INTO refunds (order_id, amount_pence, reason, actor, method, status, idempotency_key)
    VALUES ('${orderId}', ${amount}, 'spilt', 'staff:1', 'gateway', '${status}', '${crypto.randomUUID()}') RETURNING id`,
  );
}

const refundedOf = async (db: Kysely<any>, id: string) => (await run(db, `SELECT refunded_pence FROM orders WHERE id = '${id}'`))[0].refunded_pence;

test('refunds: the order keeps their sum, which never exceeds the capture; a failed one gives its amount back', async () => {
  const { db: database, drop } = await freshDatabase();
  const db = database.writer as Kysely<any>;
  try {
    const id = await paidOrder(db);
    const [first] = await refund(db, id, 300);
    await refund(db, id, 500, 'succeeded');
    assert.equal(await refundedOf(db, id), 800);
    await assert.rejects(refund(db, id, 101), /orders_refunds_within_capture/);
    await run(db, `UPDATE refunds SET status = 'failed', failure = 'card closed' WHERE id = ${first.id}`);
    assert.equal(await refundedOf(db, id), 500);
    await refund(db, id, 400);
    assert.equal(await refundedOf(db, id), 900);
    await assert.rejects(run(db, `UPDATE refunds SET status = 'pending' WHERE id = ${first.id}`), /stays settled/);
    await assert.rejects(run(db, `UPDATE refunds SET amount_pence = 1 WHERE id = ${first.id}`), /immutable/);
    await assert.rejects(run(db, `DELETE FROM refunds WHERE id = ${first.id}`), /never deleted/);
    await assert.rejects(refund(db, id, 1, 'failed'), /starts pending/);
    const unpaid = (
      await run(
        db,
        `UPDATE orders SET state = 'authorised', captured_pence = 0, paid_with = NULL
      WHERE id = '${await paidOrder(db)}' RETURNING id`,
      )
    )[0].id;
    await assert.rejects(refund(db, unpaid, 1), /orders_refunds_within_capture/, 'nothing captured, nothing to refund');
  } finally {
    await drop();
  }
});

test('refunds: two at once that together exceed the capture — exactly one commits', async () => {
  const { db: database, drop } = await freshDatabase();
  const db = database.writer as Kysely<any>;
  try {
    const id = await paidOrder(db);
    // The first holds the order's row lock (taken by the sum update) while the second is sent.
    const first = db.transaction().execute(async (trx) => {
      await refund(trx, id, 600);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = refund(db, id, 600);
    const results = await Promise.allSettled([first, second]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.match(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), /orders_refunds_within_capture/);
    assert.equal(await refundedOf(db, id), 600);
    assert.equal((await run(db, `SELECT count(*)::int AS n FROM refunds WHERE order_id = '${id}'`))[0].n, 1);
  } finally {
    await drop();
  }
});

test('trigger columns: each kind has exactly its fields; pickup slots are on 5-minute boundaries', async () => {
  const { db: database, drop } = await freshDatabase();
  const db = database.writer as Kysely<any>;
  try {
    const id = await paidOrder(db);
    const set = (assignments: string) => run(db, `UPDATE orders SET ${assignments} WHERE id = '${id}'`);
    await set(`trigger_kind = 'on_my_way', arrival_minutes = 10, due_at = now(), making_starts_at = now()`);
    await set(`trigger_kind = 'pickup', arrival_minutes = NULL, due_at = NULL, pickup_slot = '2026-11-30T12:35:00Z'`);
    await assert.rejects(set(`pickup_slot = '2026-11-30T12:36:00Z'`), /check/i);
    await assert.rejects(set(`pickup_slot = NULL`), /orders_trigger_shape/);
    await assert.rejects(set(`trigger_kind = 'here'`), /orders_trigger_shape/);
    await assert.rejects(set(`trigger_kind = 'on_my_way', pickup_slot = NULL, due_at = now()`), /orders_trigger_shape/);
    await assert.rejects(set(`trigger_kind = 'on_my_way', pickup_slot = NULL, due_at = now(), arrival_minutes = 181`), /check/i);
    await assert.rejects(set(`trigger_kind = 'soon'`), /check/i);
    await set(`trigger_kind = 'here', pickup_slot = NULL, making_starts_at = NULL`);
    await assert.rejects(
      run(db, `INSERT INTO order_events (order_id, to_state, actor, transition) VALUES ('${id}', 'paid', 'system', 'Not A Name')`),
      /check/i,
    );
    await run(db, `INSERT INTO order_events (order_id, to_state, actor, transition) VALUES ('${id}', 'refunded', 'staff:1', 'refund')`);
  } finally {
    await drop();
  }
});
