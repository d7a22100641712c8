// A database connection that drops mid-transaction (a failover, HAProxy cutting sessions) must
// fail that unit of work with a transient error — never crash the process — and the pool must
// carry on with fresh connections; the LISTEN connection must come back by itself. postgres.js
// 3.4.9 crashed instead (an uncaught TypeError from a timer) until it was patched; the leader-kill
// drill found it. With node-postgres, an 'error' event on a client nobody listens to would do the
// same: these cases keep both honest (decisions 121, 210).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { connectDatabase } from '../../src/db/connect.js';
import { listenFollowingLeader } from '../../src/db/pg-listener.js';
import { isTransientDbError, retryTransient } from '../../src/db/retry.js';
import { write } from '../../src/db/unit-of-work.js';
import { freshDatabase, TEST_DATABASE, type TestDatabase } from '../support/database.js';
import { HANG_MS } from '../support/hang.js';

const silentLog = { warn: () => {} };

describe('a database connection lost mid-transaction', () => {
  // The behaviour needs a server that can end a session: the PostgreSQL run only.
  if (TEST_DATABASE !== 'postgres') return;

  let database: TestDatabase;
  let admin: pg.Client;
  before(async () => {
    database = await freshDatabase();
    admin = new pg.Client({ connectionString: database.url! });
    await admin.connect();
  });
  after(async () => {
    await admin.end();
    await database.drop();
  });

  const terminate = async (pid: number) => {
    const { rows } = await admin.query<{ done: boolean }>('select pg_terminate_backend($1) as done', [pid]);
    assert.equal(rows[0]?.done, true);
  };
  const storeCount = async () => (await database.db.writer.selectFrom('stores').select('id').execute()).length;

  it('fails the transaction with its own transient error, the process lives and the broken connection is dropped', async () => {
    let own: unknown;
    const failure = await database.db.writer
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await terminate(rows[0]!.pid);
        // The socket closes while no query runs on it: pg emits 'error' on the checked-out client,
        // which would be thrown (and end the process) if nothing listened.
        await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          await sql`select 1`.execute(trx); // on the dead connection
        } catch (error) {
          own = error;
          throw error;
        }
        return 'committed';
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(failure, 'the transaction on a terminated backend must fail');
    assert.ok(isTransientDbError(failure), `expected a transient connection error, got ${String(failure)}`);
    // The failed ROLLBACK's error must not replace the transaction's own (src/db/connect.ts).
    assert.equal(failure, own, "the caller sees the error of the statement that failed, not the ROLLBACK's");
    // The dead client must have been destroyed, not returned: the pool hands out its most recently
    // released client first, so a returned dead one would fail the very next query.
    for (let i = 0; i < 8; i++) assert.equal(await storeCount(), 2); // every pooled connection usable
  });

  it('write() runs a transaction again when its connection died before COMMIT', async () => {
    let attempts = 0;
    const stores = await write(
      database.db.writer,
      async (trx) => {
        attempts++;
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        if (attempts === 1) await terminate(rows[0]!.pid);
        return (await trx.selectFrom('stores').select('slug').execute()).length;
      },
      { firstDelayMs: 10 },
    );
    assert.equal(attempts, 2);
    assert.equal(stores, 2);
  });

  it('a connection killed while idle in the pool is replaced on its next use', async () => {
    const { rows: pids } = await admin.query<{ pid: number }>(`
      select pid from pg_stat_activity where datname = current_database() and application_name = 'alpaca-cafe'`);
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
    const proxy = await cuttingProxy(database.url!);
    const db = await connectDatabase({ dataDir: '', databaseUrl: proxy.url, poolSize: 4, log: silentLog });
    let stop = false;
    let done = 0;
    const started = new Map<number, number>(); // unit id → the cut round it began in
    const doneBy = new Array<number>(10).fill(0);
    let round = 0;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const id = w * 1_000_000 + i;
        started.set(id, round);
        await retryTransient<unknown>(
          () =>
            w % 2
              ? sql`select pg_sleep(0.002)`.execute(db.writer)
              : db.writer.transaction().execute(async (trx) => {
                  await sql`select 1`.execute(trx);
                  await sql`select pg_sleep(0.002)`.execute(trx);
                }),
          { firstDelayMs: 20 },
        );
        started.delete(id);
        done++;
        doneBy[w]!++;
      }
    };
    const workers = Array.from({ length: 10 }, (_, w) => worker(w));
    // Events, not clocks: a cut happens once every worker has done work since the last one, and
    // after the last cut every caller that began before it must finish and every worker go on.
    const waitFor = async (what: string, ready: () => boolean) => {
      const deadline = Date.now() + HANG_MS;
      while (!ready()) {
        assert.ok(Date.now() < deadline, `hung: ${what} (${done} units of work done)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      for (let cut = 0; cut < 4; cut++) {
        const before = [...doneBy];
        await waitFor(`every worker working before cut ${cut + 1}`, () => doneBy.every((n, w) => n > before[w]!));
        round++;
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 600)); // HAProxy refusing while the leader moves
        proxy.refusing = false;
      }
      const lastCut = round;
      const afterHeal = [...doneBy];
      await waitFor('callers that began before the last cut to finish', () => [...started.values()].every((r) => r >= lastCut));
      await waitFor('every worker to go on after the connections came back', () => doneBy.every((n, w) => n > afterHeal[w]!));
    } finally {
      stop = true;
      await Promise.race([Promise.all(workers), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await db.close();
      proxy.close();
    }
  });

  it('dropConnections (an instance cut off from the database) ends queries in flight as a lost connection and frees every pool slot', async () => {
    const db = await connectDatabase({ dataDir: '', databaseUrl: database.url!, databaseReadUrl: database.url!, poolSize: 2, log: silentLog });
    try {
      // Both writer slots held by queries that would run for a long time.
      const stuck = [1, 2].map(() =>
        sql`select pg_sleep(${HANG_MS / 1000})`.execute(db.writer).then(
          () => 'answered',
          (error: unknown) => error,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(db.poolStats().find((p) => p.pool === 'writer')?.inUse, 2);
      const dropped = Date.now();
      db.dropConnections();
      for (const outcome of await Promise.all(stuck)) assert.ok(isTransientDbError(outcome), `not a lost connection: ${String(outcome)}`);
      assert.ok(Date.now() - dropped < 2_000, 'the queries in flight did not fail at once');
      // The slots are free: the next checkouts connect afresh instead of waiting for a slot.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db.writer);
      assert.equal(rows[0]?.one, 1);
      assert.equal((await sql<{ one: number }>`select 1 as one`.execute(db.pageReads)).rows[0]?.one, 1);
    } finally {
      await db.close();
    }
  });

  it('the LISTEN connection comes back by itself after it was cut, LISTENs again and says so', async () => {
    const proxy = await cuttingProxy(database.url!);
    const messages: string[] = [];
    let listens = 0;
    const unlisten = await listenFollowingLeader({
      client: { connectionString: proxy.url },
      channel: 'loss_test',
      log: silentLog,
      onMessage: (payload) => messages.push(payload),
      onListen: () => listens++,
    });
    try {
      assert.equal(listens, 1);
      await admin.query(`select pg_notify('loss_test', 'before')`);
      await waitUntil(() => messages.includes('before'));
      // Cut, and refuse reconnects for a while (a leader moving): the first attempts fail.
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 600));
      proxy.refusing = false;
      await waitUntil(() => listens === 2);
      await admin.query(`select pg_notify('loss_test', 'after')`);
      await waitUntil(() => messages.includes('after'));
    } finally {
      await unlisten();
      proxy.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy in front of the test server that can cut every session and, while `refusing`, refuse
 * new ones: HAProxy's write port while Patroni moves the leader.
 */
async function cuttingProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sessions = new Set<net.Socket>();
  const state = { refusing: false };
  const server = net.createServer((client) => {
    if (state.refusing) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sessions.delete(client);
    };
    sessions.add(client);
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(databaseUrl);
  proxied.port = String((server.address() as net.AddressInfo).port);
  return {
    url: proxied.toString(),
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    /** Cuts every open session and refuses new ones until `refusing` is set back to false. */
    cut() {
      state.refusing = true;
      for (const socket of sessions) socket.destroy();
    },
    close: () => server.close(),
  };
}
