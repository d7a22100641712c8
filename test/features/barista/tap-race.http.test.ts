// Two tablets tapping the same order at the same instant (issue 10's closing note: "tap races tried
// on PostgreSQL, and their outcome"). Each tablet is its own app instance with its own connections
// on PostgreSQL (on PGlite they share the one in-process database); the taps are sent together with
// Promise.all, each with its own Idempotency-Key. Exactly one takes effect; the other answers
// "already done on another tablet", never an error; the order's history has the transition once.
// A tap replayed with the same key on both instances at once is one tap: one effect, both applied.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import type { AppDeps } from '../../../src/deps.js';
import { connectDatabase, type Database } from '../../../src/db/connect.js';
import { LiveHub } from '../../../src/live/live-hub.js';
import { Lifecycle } from '../../../src/web/lifecycle.js';
import { TEST_DATABASE } from '../../support/database.js';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';
import { paidOrder } from '../../support/paid-order.js';
import type { Auth } from '../orders/helpers.js';
import type { OrderTransition } from '../../../src/domain/order-lifecycle.js';

const ROUNDS = Number(process.env['TAP_RACE_ROUNDS'] ?? (TEST_DATABASE === 'pglite' ? 3 : 8));

describe('simultaneous taps from two tablets', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let secondDb: Database;
  let tabletA: Auth;
  let tabletB: Auth;
  const counts: Record<string, { applied: number; alreadyDone: number; other: number }> = {};

  before(async () => {
    t = await startTestApp();
    const shared = TEST_DATABASE === 'pglite';
    secondDb = shared ? t.deps.db : await connectDatabase({ dataDir: '', databaseUrl: t.database.url!, poolSize: 4 });
    const deps: AppDeps = { ...t.deps, db: secondDb, lifecycle: new Lifecycle(), live: new LiveHub(secondDb) };
    second = await buildApp(deps);
    await second.ready();
    tabletA = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    tabletB = await apiLogin(second, 'manager.colchester@alpaca.test');
  });
  after(async () => {
    await second.close();
    if (secondDb !== t.deps.db) await secondDb.close();
    await t.close();
    const table = Object.entries(counts).map(([tap, c]) => `${tap}: ${c.applied} applied, ${c.alreadyDone} already done, ${c.other} other`);
    console.log(`tap races on ${TEST_DATABASE} (${ROUNDS} rounds each, two instances, Promise.all):\n  ${table.join('\n  ')}`);
  });

  const tapOn = (app: FastifyInstance, auth: Auth, orderId: string, path: string, key = randomUUID()) =>
    app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/${path}`, headers: { ...auth, 'idempotency-key': key } });
  const transitions = async (id: string, transition: OrderTransition) =>
    (await t.deps.db.writer.selectFrom('order_events').select('transition').where('order_id', '=', id).where('transition', '=', transition).execute()).length;

  /** Both tablets tap at once; exactly one applies, the other is told it was done elsewhere. */
  async function race(name: string, orderId: string, path: string) {
    const [a, b] = await Promise.all([tapOn(t.app, tabletA, orderId, path), tapOn(second, tabletB, orderId, path)]);
    const tally = (counts[name] ??= { applied: 0, alreadyDone: 0, other: 0 });
    for (const r of [a, b]) {
      const outcome = r.statusCode === 200 ? r.json().outcome : null;
      if (outcome === 'applied') tally.applied++;
      else if (outcome === 'already_done') tally.alreadyDone++;
      else tally.other++;
    }
    const outcomes = [a, b].map((r) => `${r.statusCode} ${r.statusCode === 200 ? r.json().outcome : r.body}`).sort();
    assert.deepEqual(outcomes, ['200 already_done', '200 applied'], `${name}: ${outcomes.join(' | ')}`);
    const told = [a, b].find((r) => r.json().outcome === 'already_done')!.json().message;
    assert.match(told, /already done on another tablet/);
  }

  it('bump (ready), collected, recall, undo collected and a line bump: one effect each', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await paidOrder(t, `Race${round}`);
      await race('line bump', order.id, 'lines/1/bump');
      const lineBumps = await t.deps.db.writer.selectFrom('order_line_bumps').select('position').where('order_id', '=', order.id).execute();
      assert.equal(lineBumps.length, 1, 'line 1 bumped once');

      await race('ready', order.id, 'ready');
      assert.equal(await transitions(order.id, 'mark_ready'), 1);

      await race('recall', order.id, 'recall');
      assert.equal(await transitions(order.id, 'recall'), 1);

      await tapOn(t.app, tabletA, order.id, 'ready');
      await race('collected', order.id, 'collected');
      assert.equal(await transitions(order.id, 'collect'), 1);

      await race('undo collected', order.id, 'undo-collected');
      assert.equal(await transitions(order.id, 'undo_collect'), 1);
    }
  });

  it('one tap replayed with the same key on both instances at once takes effect once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await paidOrder(t, `Replay${round}`);
      const key = randomUUID();
      const [a, b] = await Promise.all([tapOn(t.app, tabletA, order.id, 'ready', key), tapOn(second, tabletA, order.id, 'ready', key)]);
      const tally = (counts['same key twice'] ??= { applied: 0, alreadyDone: 0, other: 0 });
      for (const r of [a, b]) {
        const outcome = r.statusCode === 200 ? r.json().outcome : null;
        if (outcome === 'applied') tally.applied++;
        else if (outcome === 'already_done') tally.alreadyDone++;
        else tally.other++;
      }
      assert.deepEqual(
        [a, b].map((r) => `${r.statusCode} ${r.statusCode === 200 ? r.json().outcome : r.body}`),
        ['200 applied', '200 applied'],
      );
      assert.equal(await transitions(order.id, 'mark_ready'), 1);
    }
  });
});
