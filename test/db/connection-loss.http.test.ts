// A database connection that drops mid-transaction (a failover, HAProxy cutting sessions) must
// fail that unit of work with a transient error — never crash the process — and the pool must
// carry on with fresh connections. postgres.js 3.4.9 crashed instead (an uncaught TypeError from a
// timer) until scripts/patch-dependencies.mjs patched it; the leader-kill drill found it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import postgres from 'postgres';
import { isTransientDbError } from '../../src/db/retry.js';
import { transact } from '../../src/db/unit-of-work.js';
import { freshDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

describe('a database connection lost mid-transaction', () => {
  it('postgres.js carries the connection-loss patch (npm install runs scripts/patch-dependencies.mjs)', () => {
    const dir = path.resolve('node_modules/postgres/src');
    const count = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').split('alpaca-patch').length - 1;
    assert.equal(count('connection.js'), 5, 'connection.js: nextWrite guard, two timer resets, in-flight queries failed on close, execute guard');
    assert.equal(count('index.js'), 1, 'index.js: a reserved connection that closed stays dead');
  });

  // The behaviour needs a server that can end a session: the PostgreSQL run only.
  if (TEST_DATABASE !== 'postgres') return;

  let database: TestDatabase;
  let admin: postgres.Sql;
  before(async () => {
    database = await freshDatabase();
    admin = postgres(database.url!, { max: 1, onnotice: () => {} });
  });
  after(async () => {
    await admin.end();
    await database.drop();
  });

  const terminate = async (pid: number) => {
    const [row] = await admin`select pg_terminate_backend(${pid}) as done`;
    assert.equal(row?.['done'], true);
  };
  const storeCount = async () => (await database.db.writer.selectFrom('stores').select('id').execute()).length;

  it('fails the transaction with a transient error, the process lives and the pool reconnects', async () => {
    const failure = await database.db.writer.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await terminate(rows[0]!.pid);
      await sql`select 1`.execute(trx); // on the dead connection
      return 'committed';
    }).then(() => undefined, (error: unknown) => error);
    assert.ok(failure, 'the transaction on a terminated backend must fail');
    assert.ok(isTransientDbError(failure), `expected a transient connection error, got ${String(failure)}`);
    // Let any write the driver had scheduled run (the unpatched driver threw from here).
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 8; i++) assert.equal(await storeCount(), 2); // every pooled connection usable
  });

  it('transact() runs a transaction again when its connection died before COMMIT', async () => {
    let attempts = 0;
    const stores = await transact(database.db.writer, async (trx) => {
      attempts++;
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      if (attempts === 1) await terminate(rows[0]!.pid);
      return (await trx.selectFrom('stores').select('slug').execute()).length;
    }, { firstDelayMs: 10 });
    assert.equal(attempts, 2);
    assert.equal(stores, 2);
  });

  it('a connection killed while idle in the pool is replaced on its next use', async () => {
    const pids = await admin<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = current_database() and application_name = 'alpaca-cafe'`;
    assert.ok(pids.length > 0);
    for (const { pid } of pids) await terminate(pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Reads are re-run on transient errors by the app (retry-reads); at the driver, the next
    // query on each dead connection fails once at most and the one after succeeds.
    let failures = 0;
    for (let i = 0; i < 12; i++) {
      try {
        assert.equal(await storeCount(), 2);
      } catch (error) {
        assert.ok(isTransientDbError(error), String(error));
        failures++;
      }
    }
    assert.ok(failures <= pids.length, `${failures} failures for ${pids.length} dead connections`);
    assert.equal(await storeCount(), 2);
  });
});
