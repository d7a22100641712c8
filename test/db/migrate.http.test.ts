// Instances starting together on an empty database: migrations run under the
// advisory lock (each applied exactly once) and the seed under its own lock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { seedDemoData } from '../../src/db/seed/seed.js';
import { products } from '../../src/db/seed/catalogue-data.js';
import { demoAccounts } from '../../src/db/seed/demo-accounts.js';
import type { Database } from '../../src/db/connect.js';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database.js';
import { countRows } from '../support/db-state.js';

describe('starting two instances together on an empty database', () => {
  let empty: EmptyDatabase;
  let first: Database;
  let second: Database;
  before(async () => {
    empty = await emptyDatabase();
    [first, second] = [await empty.open(), await empty.open()];
  });
  after(() => empty.drop());

  it('applies every migration exactly once, and both migrations succeed', async () => {
    const [a, b] = await Promise.all([migrateToLatest(first.writer), migrateToLatest(second.writer)]);
    const all = Object.keys(migrations).sort();
    assert.deepEqual([...a, ...b].sort(), all, `first applied [${a}], second applied [${b}]`);
    if (first.kind === 'postgres') {
      assert.ok(a.length === 0 || b.length === 0, 'one instance waited on the lock and then found nothing to do');
    }
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(first.writer);
    assert.deepEqual(
      rows.map((r) => r.name),
      all,
    );
  });

  it('does nothing on a later start', async () => {
    assert.deepEqual(await migrateToLatest(second.writer), []);
  });

  it('seeds the catalogue once when both instances seed together', async () => {
    await Promise.all([seedDemoData(first.writer), seedDemoData(second.writer)]);
    assert.equal(await countRows(first.writer, 'products'), products.length);
    assert.equal(await countRows(first.writer, 'store_products'), products.length * 2);
    assert.equal(await countRows(first.writer, 'users'), demoAccounts.length);
    assert.equal(await seedDemoData(first.writer), false);
  });
});
