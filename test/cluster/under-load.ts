// What every drill does around its fault: customers (ordering and browsing) through the front door
// while it happens, HAProxy's retry counters, the orders check, one JSON line of figures, and the
// promises every drill keeps to customers whatever the fault.
import assert from 'node:assert/strict';
import type { LoadFigures } from '../../bench/load/load-generator.js';
import { checkOrders, haproxyAppCounters, report, sleep, startLoad, type Load } from './drill-harness.js';

/** Runs `fault` under load and returns the customers' figures, HAProxy's retries and the orders check. */
export async function underLoad(name: string, fault: (load: Load) => Promise<Record<string, unknown>>) {
  const counters = await haproxyAppCounters();
  const load = await startLoad(name);
  let extra: Record<string, unknown> = {};
  let figures: LoadFigures;
  try {
    await sleep(3_000); // customers in full swing before the fault
    extra = await fault(load);
  } finally {
    figures = await load.stop(); // stopped even when the fault failed: it never runs on alone
  }
  const after = await haproxyAppCounters();
  const orders = await checkOrders(figures.acknowledged, figures.emails);
  const line = {
    requests: figures.requests,
    actions: figures.actions,
    failed: figures.failed,
    clientRetries: figures.clientRetries,
    haproxyRetries: after.retries - counters.retries,
    haproxyRedispatches: after.redispatches - counters.redispatches,
    errorAnswers: figures.errorAnswers,
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    maxMs: figures.maxMs,
    writePauseS: figures.writePauseS,
    readPauseS: figures.readPauseS,
    ordersAcknowledged: orders.ordersAcknowledged,
    ordersFound: orders.ordersFound,
    ordersUnacknowledged: orders.ordersUnacknowledged,
    checkIns: figures.checkIns,
    basketMismatches: figures.basketMismatches,
    durationS: figures.durationS,
    browsingRequests: figures.browsing.requests,
    browsingFailed: figures.browsing.failed,
    browsingReadPauseS: figures.browsing.readPauseS,
    browsingPauseWindow: figures.browsing.readPauseWindow.map((ms) => new Date(ms).toISOString()),
    browsingMaxWaitS: figures.browsing.maxWaitS,
    browsingP99Ms: figures.browsing.p99Ms,
    browsingStalePages: figures.browsing.stalePages,
    ...(figures.browsing.failed ? { browsingErrorAnswers: figures.browsing.errorAnswers } : {}),
    ...extra,
  };
  report(name, line);
  return { figures, orders, line };
}

/** What every drill promises customers, whatever the fault. */
export function assertCustomersUnharmed({ figures, orders }: Awaited<ReturnType<typeof underLoad>>) {
  assert.ok(figures.actions > 100, `too little load to prove anything: ${figures.actions} actions`);
  assert.ok(figures.ordersPlaced > 5, `too few orders placed: ${figures.ordersPlaced}`);
  assert.equal(figures.failed, 0, `failed customer actions: ${JSON.stringify(figures.failures, null, 1)}`);
  assert.equal(figures.basketMismatches, 0, 'a basket did not add up to what the customer put in it');
  assert.deepEqual(orders.missing, [], 'acknowledged orders missing from the database (or there more than once)');
  assert.deepEqual(orders.wrongTotal, [], 'acknowledged orders with the wrong total');
  assert.equal(orders.duplicates, 0, 'orders placed twice under one idempotency key');
  assert.equal(orders.ordersFound, orders.ordersAcknowledged);
  assert.ok(figures.browsing.requests > 50, `too few pages browsed to prove anything: ${figures.browsing.requests}`);
  assert.equal(figures.browsing.failed, 0, `failed browsing pages: ${JSON.stringify(figures.browsing.failures, null, 1)}`);
}
