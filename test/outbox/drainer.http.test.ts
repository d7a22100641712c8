// The drainer's contract on the real databases: claim, deliver, back off, park,
// retry, leases, and two drainers sharing rows through SKIP LOCKED.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { OutboxDrainer, type DrainerOptions } from '../../src/outbox/drainer.js';
import { PermanentDeliveryError, type HandlerRegistry } from '../../src/outbox/handlers.js';
import { claimDueRows, markDelivered, retryParked, outboxStats, type ClaimedRow } from '../../src/outbox/queries.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECOND = 1000;

describe('outbox drainer', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.deps.db.writer.deleteFrom('outbox').execute();
  });

  function drainer(handlers: HandlerRegistry, overrides: Partial<DrainerOptions> = {}) {
    return new OutboxDrainer({
      db: t.deps.db.writer,
      handlers,
      pollMs: 50,
      batchSize: 10,
      leaseMs: 60 * SECOND,
      deliveryTimeoutMs: 5 * SECOND,
      maxAttempts: 3,
      backoff: { baseMs: 10 * SECOND, maxMs: 300 * SECOND },
      random: () => 0.5, // no jitter: the backoff is exactly base × 2^(n-1)
      ...overrides,
    });
  }

  const email = (to: string) => ({ kind: 'email' as const, template: 'order-ready' as const, to, data: { orderId: '1' } });

  /** Time passes for the outbox: every waiting row becomes due that much sooner. */
  async function elapse(ms: number) {
    await sql`UPDATE outbox SET available_at = available_at - ${ms}::double precision * interval '1 millisecond'
              WHERE delivered_at IS NULL`.execute(t.deps.db.writer);
  }

  /** Seconds from the database's now() until the row is due. */
  async function dueIn(): Promise<number> {
    const { rows } = await sql<{ s: number | string }>`SELECT extract(epoch FROM available_at - now()) AS s FROM outbox`.execute(t.deps.db.writer);
    return Number(rows[0]!.s);
  }

  const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 2, `${actual} ≈ ${expected}`);

  async function rows() {
    return t.deps.db.writer.selectFrom('outbox').selectAll().orderBy('id').execute();
  }

  it('delivers due rows once, with their message id, and leaves kinds with no handler waiting', async () => {
    const db = t.deps.db.writer;
    await enqueue(db, email('a@example.com'));
    await enqueue(db, email('b@example.com'));
    await enqueue(db, { kind: 'payment-void', orderId: '7', reference: 'sim_7', attempt: 1 });
    const seen: ClaimedRow[] = [];
    const d = drainer({ email: async (row) => void seen.push(row) });

    const first = await d.drainOnce();
    assert.deepEqual(first, { claimed: 2, delivered: 2, failed: 0, parked: 0 });
    assert.deepEqual(
      seen.map((r) => r.payload['to']),
      ['a@example.com', 'b@example.com'],
    );
    const after = await rows();
    assert.ok(after[0]!.delivered_at && after[1]!.delivered_at);
    assert.equal(seen[0]!.messageId, after[0]!.message_id);
    assert.equal(after[0]!.lease_token, null);
    assert.equal(after[2]!.kind, 'payment-void');
    assert.equal(after[2]!.delivered_at, null);
    assert.equal(after[2]!.attempts, 0, 'a kind with no handler is never claimed');

    assert.deepEqual(await d.drainOnce(), { claimed: 0, delivered: 0, failed: 0, parked: 0 });
    assert.equal(seen.length, 2);
  });

  it('backs off exponentially after failures and parks the row after the last attempt', async () => {
    await enqueue(t.deps.db.writer, email('c@example.com'));
    let calls = 0;
    const d = drainer({
      email: async () => {
        calls++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:25');
      },
    });

    assert.equal((await d.drainOnce()).failed, 1);
    let [row] = await rows();
    assert.equal(row!.attempts, 1);
    assert.match(row!.last_error!, /ECONNREFUSED/);
    near(await dueIn(), 10);
    assert.equal(row!.parked_at, null);

    // Not due yet: nothing happens.
    await elapse(7 * SECOND);
    assert.equal((await d.drainOnce()).claimed, 0);

    await elapse(3 * SECOND);
    assert.equal((await d.drainOnce()).failed, 1);
    [row] = await rows();
    assert.equal(row!.attempts, 2);
    near(await dueIn(), 20);

    await elapse(20 * SECOND);
    assert.equal((await d.drainOnce()).parked, 1);
    [row] = await rows();
    assert.equal(row!.attempts, 3);
    assert.ok(row!.parked_at, 'parked after OUTBOX_MAX_ATTEMPTS');
    assert.match(row!.last_error!, /ECONNREFUSED/);

    await elapse(3600 * SECOND);
    assert.equal((await d.drainOnce()).claimed, 0, 'a parked row is never retried by itself');
    assert.equal(calls, 3);
    assert.deepEqual(await outboxStats(t.deps.db.writer), { pending: 0, parked: 1, oldestPendingSeconds: 0 });
  });

  it('parks at once on a permanent error, and retryParked gives it a fresh start (once)', async () => {
    await enqueue(t.deps.db.writer, email('d@example.com'));
    let fail = true;
    const d = drainer({
      email: async () => {
        if (fail) throw new PermanentDeliveryError('order 1 not found');
      },
    });
    assert.equal((await d.drainOnce()).parked, 1);
    let [row] = await rows();
    assert.equal(row!.attempts, 1);
    assert.equal(row!.last_error, 'order 1 not found');

    assert.equal(await retryParked(t.deps.db.writer, row!.id), true);
    assert.equal(await retryParked(t.deps.db.writer, row!.id), false, 'a second click retries nothing');
    assert.equal(await retryParked(t.deps.db.writer, 999999), false);
    assert.equal(await retryParked(t.deps.db.writer, Number.NaN), false);
    [row] = await rows();
    assert.equal(row!.parked_at, null);
    assert.equal(row!.attempts, 0);

    fail = false;
    assert.equal((await d.drainOnce()).delivered, 1);
    [row] = await rows();
    assert.ok(row!.delivered_at);
    assert.equal(await retryParked(t.deps.db.writer, row!.id), false, 'a delivered row is not retried');
  });

  it('a delivery that outlives its timeout counts as failed', async () => {
    await enqueue(t.deps.db.writer, email('slow@example.com'));
    const d = drainer({ email: () => new Promise(() => {}) }, { deliveryTimeoutMs: 50 });
    assert.equal((await d.drainOnce()).failed, 1);
    const [row] = await rows();
    assert.match(row!.last_error!, /within 50 ms/);
  });

  it('reclaims a row whose lease ran out; the old holder can no longer record it', async () => {
    await enqueue(t.deps.db.writer, email('e@example.com'));
    const [stale] = await claimDueRows(t.deps.db.writer, { kinds: ['email'], limit: 5, leaseMs: 60 * SECOND, leaseToken: crypto.randomUUID() });
    assert.ok(stale);
    const d = drainer({ email: async () => {} });
    assert.equal((await d.drainOnce()).claimed, 0, 'leased rows are not due');

    await elapse(61 * SECOND); // the first instance died mid-delivery
    assert.equal((await d.drainOnce()).delivered, 1);
    assert.equal(await markDelivered(t.deps.db.writer, stale), false);
    const [row] = await rows();
    assert.equal(row!.attempts, 2);
  });

  it('parks a row whose deliveries keep dying with their instance, without trying it again', async () => {
    await enqueue(t.deps.db.writer, email('poison@example.com'));
    await t.deps.db.writer.updateTable('outbox').set({ attempts: 3 }).execute();
    let calls = 0;
    assert.equal((await drainer({ email: async () => void calls++ }).drainOnce()).parked, 1);
    assert.equal(calls, 0);
    const [row] = await rows();
    assert.match(row!.last_error!, /never finished/);
  });

  it('two drainers on separate connections never deliver the same row twice', async () => {
    const db = t.deps.db.writer;
    await sql`INSERT INTO outbox (kind, payload)
              SELECT 'email', jsonb_build_object('template', 'order-ready', 'to', 'n' || g || '@example.com', 'data', '{}'::jsonb)
              FROM generate_series(1, 60) AS g`.execute(db);
    // On PostgreSQL the second drainer has its own pool: real concurrent
    // transactions. PGlite has one connection, so there it shares it.
    let second: Database | null = null;
    if (t.database.url) second = await connectDatabase({ dataDir: '', databaseUrl: t.database.url, poolSize: 3 });
    try {
      const deliveries = new Map<number, string[]>();
      const handler = (who: string) => async (row: ClaimedRow) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        deliveries.set(row.id, [...(deliveries.get(row.id) ?? []), who]);
      };
      const a = drainer({ email: handler('a') }, { batchSize: 4 });
      const b = drainer({ email: handler('b') }, { batchSize: 4, db: (second ?? t.deps.db).writer });
      const loop = async (d: OutboxDrainer) => {
        while ((await d.drainOnce()).claimed > 0);
      };
      await Promise.all([loop(a), loop(b), loop(a), loop(b)]);

      assert.equal(deliveries.size, 60, 'every row delivered');
      for (const [id, who] of deliveries) assert.equal(who.length, 1, `row ${id} delivered by ${who.join(', ')}`);
      const undelivered = await db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
      assert.equal(undelivered.length, 0);
      const byB = [...deliveries.values()].filter((w) => w[0] === 'b').length;
      assert.ok(byB > 0 && byB < 60, `both drainers took rows (b took ${byB})`);
    } finally {
      await second?.close();
    }
  });
});
