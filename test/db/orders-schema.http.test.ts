// The orders schema (migration 003) holds its own invariants on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase } from '../support/database.js';

async function anOrder(db: Awaited<ReturnType<typeof freshDatabase>>['db'], key = 'k1') {
  const store = await db.writer.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
  const user = await db.writer.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
  return db.writer
    .insertInto('orders')
    .values({
      store_id: store.id,
      user_id: user.id,
      state: 'authorising',
      total_pence: 350,
      customer_first_name: 'Ada',
      customer_last_initial: 'L',
      payment_gateway: 'simulated',
      idempotency_key: key,
    })
    .returning(['id', 'number', 'user_id', 'store_id'])
    .executeTakeFirstOrThrow();
}

test('orders get a uuid and a short increasing number; the idempotency key is unique per user', async () => {
  const { db, drop } = await freshDatabase();
  try {
    const first = await anOrder(db, 'a');
    const second = await anOrder(db, 'b');
    assert.match(first.id, /^[0-9a-f-]{36}$/);
    assert.ok(second.number > first.number && first.number >= 1001);
    await assert.rejects(anOrder(db, 'a'), /duplicate key|unique/i);
  } finally {
    await drop();
  }
});

test('order lines check their sums and cannot be updated; states are checked', async () => {
  const { db, drop } = await freshDatabase();
  try {
    const order = await anOrder(db);
    const line = {
      order_id: order.id,
      position: 1,
      product_slug: 'latte',
      product_name: 'Latte',
      options: sql<string>`cast('[]' as text)::jsonb`,
      quantity: 2,
      unit_pence: 300,
      total_pence: 600,
    };
    await db.writer.insertInto('order_lines').values(line).execute();
    await assert.rejects(
      db.writer
        .insertInto('order_lines')
        .values({ ...line, position: 2, total_pence: 601 })
        .execute(),
      /check/i,
    );
    await assert.rejects(
      db.writer
        .insertInto('order_lines')
        .values({ ...line, position: 3, quantity: 21, total_pence: 6300 })
        .execute(),
      /check/i,
    );
    await assert.rejects(sql`UPDATE order_lines SET quantity = 3`.execute(db.writer), /immutable/);
    await assert.rejects(sql`UPDATE orders SET state = 'lost' WHERE id = ${order.id}`.execute(db.writer), /check/i);
    const event = await db.writer
      .insertInto('order_events')
      .values({ order_id: order.id, from_state: null, to_state: 'authorising', actor: 'system' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.ok(Number(event.id) > 0);
  } finally {
    await drop();
  }
});
