// A database connection that drops mid-transaction (a failover, HAProxy cutting sessions) must
// fail that unit of work with a transient error — never crash the process — and the pool must
// carry on with fresh connections. postgres.js 3.4.9 crashed instead (an uncaught TypeError from a
// timer) until scripts/patch-dependencies.mjs patched it; the leader-kill drill found it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import postgres from 'postgres';
import { connectDatabase } from '../../src/db/connect.js';
import { isTransientDbError, retryTransient } from '../../src/db/retry.js';
import { transact } from '../../src/db/unit-of-work.js';
import { freshDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';

describe('a database connection lost mid-transaction', () => {
  it('postgres.js carries the connection-loss patch (npm install runs scripts/patch-dependencies.mjs)', () => {
    const dir = path.resolve('node_modules/postgres/src');
    const count = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').split('alpaca-patch').length - 1;
    assert.equal(count('connection.js'), 5, 'connection.js: nextWrite guard, two timer resets, in-flight queries failed on close, execute guard');
    assert.equal(count('index.js'), 3, 'index.js: a reserved connection that closed stays dead; waiting reservations are never lost');
    assert.equal(count('queue.js'), 1, 'queue.js: peek');
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

  it('connections cut again and again under concurrent load (a proxy like HAProxy): nothing hangs, nothing is lost', async () => {
    // A TCP proxy that cuts every session and, for a while, refuses new ones: HAProxy's write
    // port while Patroni moves the leader. The pool is smaller than the number of callers, so
    // reservations wait in the driver's queue when the connections drop.
    const target = new URL(database.url!);
    let refusing = false;
    const sessions = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      if (refusing) return client.destroy();
      const server = net.connect(Number(target.port), target.hostname);
      const end = () => { client.destroy(); server.destroy(); sessions.delete(client); };
      sessions.add(client);
      client.pipe(server).pipe(client);
      for (const socket of [client, server]) { socket.on('error', end); socket.on('close', end); }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(database.url!);
    proxied.port = String((proxy.address() as net.AddressInfo).port);
    const db = await connectDatabase({ dataDir: '', databaseUrl: proxied.toString(), poolSize: 4 });
    let stop = false;
    let done = 0;
    const started = new Map<number, number>();
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const id = w * 1_000_000 + i;
        started.set(id, Date.now());
        await retryTransient<unknown>(() => w % 2
          ? sql`select pg_sleep(0.002)`.execute(db.writer)
          : db.writer.transaction().execute(async (trx) => { await sql`select 1`.execute(trx); await sql`select pg_sleep(0.002)`.execute(trx); }),
        { firstDelayMs: 20 });
        started.delete(id);
        done++;
      }
    };
    const workers = Array.from({ length: 10 }, (_, w) => worker(w));
    try {
      for (let cut = 0; cut < 4; cut++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        refusing = true;
        for (const socket of sessions) socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 600));
        refusing = false;
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const now = Date.now();
      const stuck = [...started.values()].filter((t) => now - t > 1_200).length;
      assert.equal(stuck, 0, `${stuck} callers waited more than 1.2 s after the connections came back`);
      assert.ok(done > 100, `only ${done} units of work done`);
    } finally {
      stop = true;
      await Promise.race([Promise.all(workers), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await db.close();
      proxy.close();
    }
  });
});
