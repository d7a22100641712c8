import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemoData } from '../../src/db/seed/seed.js';
import { demoAccounts } from '../../src/db/seed/demo-accounts.js';
import { emptyDatabase, type TestDatabase } from '../support/database.js';

// Two app instances starting together on an empty database: both migrate and seed.
describe('starting two instances on an empty database', () => {
  let empty: TestDatabase;
  let second: Database;
  before(async () => {
    empty = await emptyDatabase();
    second = empty.url ? await connectDatabase({ dataDir: '', databaseUrl: empty.url, poolSize: 5 }) : empty.db;
  });
  after(async () => {
    if (second !== empty.db) await second.close();
    await empty.drop();
  });

  it('migrates and seeds once, without either failing', async () => {
    const boot = async (db: Database) => {
      await migrateToLatest(db.writer);
      await seedDemoData(db.writer);
    };
    await Promise.all([boot(empty.db), boot(second)]);
    const db = empty.db.writer;
    const users = await db.selectFrom('users').select('email').execute();
    assert.equal(users.length, demoAccounts.length);
    const stores = await db.selectFrom('stores').select('slug').execute();
    assert.deepEqual(stores.map((s) => s.slug).sort(), ['colchester', 'ipswich']);
    const grants = await db.selectFrom('user_roles').select('id').execute();
    assert.equal(grants.length, demoAccounts.reduce((n, a) => n + a.roles.length, 0));
  });
});
