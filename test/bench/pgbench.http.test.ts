// Smoke test of the order path's ceiling (decision 650): pgbench runs the order-placement script on
// a seeded PostgreSQL for a second, reports every field, and leaves no row of its own behind. No
// speed is checked here: the figures live in the benchmark.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { runPgbench } from '../../bench/pgbench.js';
import { freshDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

describe('pgbench: the order path ceiling', () => {
  if (TEST_DATABASE !== 'postgres') return; // PGlite has no pgbench

  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
    // Two customers with a basket, as the bench's signed-up customers have.
    for (const n of [1, 2]) {
      const { rows } = await sql<{ id: number }>`
        insert into users (email, password_hash, first_name, last_name)
        values (${`pgbench.${n}@example.test`}, 'x', 'Bench', 'Customer') returning id`.execute(database.db.writer);
      await sql`insert into baskets (user_id) values (${rows[0]!.id})`.execute(database.db.writer);
    }
  });
  after(async () => {
    await database.drop();
  });

  it("places orders with exactly an order placement's writes, reports every field and cleans up", async () => {
    const ordersBefore = (await sql<{ n: number }>`select count(*)::int as n from orders`.execute(database.db.writer)).rows[0]!.n;
    const figures = await runPgbench(database.url!, 2, 1, 0);
    assert.equal(figures.clients, 2);
    assert.ok(figures.transactions > 0, `no placement ran: ${JSON.stringify(figures)}`);
    assert.ok(figures.tps > 0);
    assert.equal(figures.failed, 0);
    assert.ok(figures.p50Ms > 0 && figures.p99Ms >= figures.p50Ms, JSON.stringify(figures));
    assert.equal(typeof figures.synchronousCommit, 'string');
    assert.equal(typeof figures.synchronousStandbys, 'string');
    const ordersAfter = (await sql<{ n: number }>`select count(*)::int as n from orders`.execute(database.db.writer)).rows[0]!.n;
    assert.equal(ordersAfter, ordersBefore, 'pgbench left orders behind');
  });
});
