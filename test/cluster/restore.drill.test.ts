// The restore drills (issue 13, decision 802): pgBackRest backups under customer load, then the two
// ways data is really lost. A lost cluster (all three data directories destroyed): restore, report
// RPO (acknowledged orders missing, and their window) and RTO (destruction → serving). An operator's
// mistake (a store's orders deleted by hand): a side copy as of just before it, the rows copied back
// without losing what came after, and the whole cluster restored to that point in time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { takeBackup } from '../../src/cluster/backup.js';
import { componentsOfKind, stopComponent, topology } from '../../src/cluster/components.js';
import { leaderOf, patroniCluster } from '../../src/cluster/patroni-api.js';
import { restoreSide, restoreWholeCluster, stopSide } from '../../src/cluster/restore.js';
import { runPaths } from '../../src/cluster/topology.js';
import { endOfFile, report, restoreCluster, sleep, startOfFile, waitForFullHealth, withNode, withWriter } from './drill-harness.js';
import { underLoad } from './under-load.js';

const STORE = 'colchester';
const t = topology();
const elapsed = (since: number) => Number(((Date.now() - since) / 1000).toFixed(1));

before(() => startOfFile(STORE), { timeout: 240_000 });

// Down (removing any rule left, and checking none is), or only healed when the next file reuses the cluster.
after(() => endOfFile(), { timeout: 120_000 });

test('restore 1: the whole cluster is lost under load: restored from the backup and the archive, RPO and RTO reported', { timeout: 420_000 }, async () => {
  const leader = await restoreCluster();
  let destroyedAt = 0;
  let lastArchivedAt: Date | null = null;
  const result = await underLoad('lost-cluster', async () => {
    const b0 = Date.now();
    const backup = takeBackup(t, 'full');
    const backupS = elapsed(b0);
    await sleep(8_000); // customers go on ordering after the backup
    lastArchivedAt = await withNode(
      leader,
      async (c) => (await c.query<{ at: Date | null }>('select last_archived_time as at from pg_stat_archiver')).rows[0]?.at ?? null,
    );
    // Every database node gone at once, data directories and all.
    const nodes = componentsOfKind('patroni');
    await Promise.all(nodes.map((n) => stopComponent(n.name, 'SIGKILL')));
    for (const n of nodes) fs.rmSync(runPaths(t).dbData(n.name), { recursive: true, force: true });
    destroyedAt = Date.now();
    const timings = await restoreWholeCluster(undefined, (m) => console.log(`restore: ${m}`));
    await waitForFullHealth(120_000);
    const servingS = elapsed(destroyedAt);
    await sleep(3_000); // customers order on the restored cluster
    return { backup: backup.label, backupS, restoredLeaderS: timings.leaderS, restoredHealthyS: timings.healthyS, rtoS: servingS };
  });
  // RPO: acknowledged orders the restore did not bring back, and when they were acknowledged.
  const restoredIds = await withWriter(async (c) => new Set((await c.query<{ id: string }>('select id::text from orders')).rows.map((r) => r.id)));
  const lastRestoredAt = await withWriter(
    async (c) =>
      (await c.query<{ at: Date | null }>('select max(created_at) as at from orders where created_at < $1', [new Date(destroyedAt)])).rows[0]?.at ?? null,
  );
  const acked = result.figures.acknowledged;
  const lost = acked.filter((a) => !restoredIds.has(a.id));
  const lostBeforeDestruction = lost.filter((a) => a.at < destroyedAt);
  const figures = {
    ordersAcknowledged: acked.length,
    ordersBack: acked.length - lost.length,
    rpoOrders: lost.length,
    rpoWindowS: lost.length ? Number(((destroyedAt - Math.min(...lost.map((a) => a.at))) / 1000).toFixed(1)) : 0,
    lastArchivedBeforeDestructionS: lastArchivedAt ? Number(((destroyedAt - (lastArchivedAt as Date).getTime()) / 1000).toFixed(1)) : null,
    lastRestoredOrderBeforeDestructionS: lastRestoredAt ? Number(((destroyedAt - lastRestoredAt.getTime()) / 1000).toFixed(1)) : null,
    rtoS: (result.line as Record<string, unknown>).rtoS,
    customerActionsFailed: result.figures.failed,
    browsingFailed: result.figures.browsing.failed,
    leaderAfter: leaderOf(await patroniCluster(t))?.name,
  };
  report('lost-cluster-rpo-rto', figures);
  // Every order acknowledged before the last transaction the archive held is back.
  const lastAt = lastRestoredAt ? lastRestoredAt.getTime() : 0;
  const missingBeforeArchived = acked.filter((a) => a.at <= lastAt && !restoredIds.has(a.id)).map((a) => a.id);
  assert.deepEqual(missingBeforeArchived, [], 'orders acknowledged before the last archived transaction are missing');
  assert.equal(lostBeforeDestruction.length, lost.length, 'an order acknowledged after the restore is missing');
  assert.ok(acked.length - lost.length > 5, 'too few orders to prove anything');
});

test("restore 2: an operator deletes a store's orders by hand: a side copy brings them back without losing later orders, and a point-in-time restore of the whole cluster too", {
  timeout: 420_000,
}, async () => {
  await restoreCluster();
  const storeId = await withWriter(async (c) => (await c.query<{ id: number }>('select id from stores where slug = $1', [STORE])).rows[0]!.id);
  // Orders to lose: customers order for a while.
  const result = await underLoad('operator-mistake-orders', async () => {
    await sleep(6_000);
    return {};
  });
  takeBackup(t, 'incr');
  const ordersOf = (c: pg.ClientBase) =>
    c.query<{ id: string }>('select id::text from orders where store_id = $1 order by id', [storeId]).then((r) => r.rows.map((x) => x.id));
  const before = await withWriter(ordersOf);
  await sleep(1_500);
  const beforeMistake = new Date();
  await sleep(1_500);
  const deleted = await withWriter(async (c) => (await c.query('delete from orders where store_id = $1', [storeId])).rowCount ?? 0);
  const mistakeAt = Date.now();
  // Orders placed after the mistake must survive the repair (the side-copy way).
  const laterLoad = await underLoad('operator-mistake-later', async () => {
    await sleep(3_000);
    return {};
  });
  const later = laterLoad.figures.acknowledged.map((a) => a.id);
  // 1. The side copy as of just before the mistake, and the rows copied back in one transaction.
  const t0 = Date.now();
  const side = await restoreSide(beforeMistake, (m) => console.log(`side: ${m}`));
  const sideClient = new pg.Client({ connectionString: side.url });
  sideClient.on('error', () => {});
  await sideClient.connect();
  let copied = 0;
  try {
    const onSide = await ordersOf(sideClient);
    const rowsOf = async (table: string, where: string) =>
      (await sideClient.query<{ rows: unknown }>(`select coalesce(json_agg(x), '[]') as rows from ${table} x where ${where}`, [storeId])).rows[0]?.rows;
    const orders = await rowsOf('orders', 'store_id = $1');
    const lines = await rowsOf('order_lines', 'order_id in (select id from orders where store_id = $1)');
    const events = await rowsOf('order_events', 'order_id in (select id from orders where store_id = $1)');
    copied = await withWriter(async (c) => {
      await c.query('begin');
      const n =
        (await c.query('insert into orders select * from json_populate_recordset(null::orders, $1) on conflict (id) do nothing', [JSON.stringify(orders)]))
          .rowCount ?? 0;
      await c.query('insert into order_lines select * from json_populate_recordset(null::order_lines, $1) on conflict do nothing', [JSON.stringify(lines)]);
      await c.query('insert into order_events select * from json_populate_recordset(null::order_events, $1) on conflict do nothing', [JSON.stringify(events)]);
      await c.query('commit');
      return n;
    });
    assert.deepEqual(onSide, before, 'the side copy does not hold exactly the orders of before the mistake');
  } finally {
    await sideClient.end().catch(() => {});
    stopSide(t);
  }
  const sideRepairS = elapsed(t0);
  const afterCopy = await withWriter(ordersOf);
  const laterOfStore = await withWriter(async (c) => (await c.query('select count(*)::int as n from orders where id = any($1::uuid[])', [later])).rows[0]?.n);
  // 2. The whole cluster to the same point in time (what came after is lost: the side copy is the way to keep it).
  const t1 = Date.now();
  const timings = await restoreWholeCluster(beforeMistake, (m) => console.log(`restore: ${m}`));
  await waitForFullHealth(120_000);
  const pitrS = elapsed(t1);
  const afterPitr = await withWriter(ordersOf);
  report('operator-mistake', {
    ordersBefore: before.length,
    deleted,
    mistakeAfterTargetS: Number(((mistakeAt - beforeMistake.getTime()) / 1000).toFixed(1)),
    sideReadyS: side.readyS,
    copiedBack: copied,
    sideRepairS,
    laterOrders: later.length,
    laterOrdersKept: laterOfStore,
    pitrLeaderS: timings.leaderS,
    pitrS,
    ordersAfterPitr: afterPitr.length,
    ordersPlacedByCustomers: result.figures.ordersPlaced,
  });
  assert.ok(deleted > 5, `too few orders deleted to prove anything: ${deleted}`);
  assert.equal(deleted, before.length);
  assert.deepEqual(
    before.filter((id) => !afterCopy.includes(id)),
    [],
    'orders not back after copying them from the side copy',
  );
  assert.ok(later.length > 0, 'no order placed after the mistake');
  assert.equal(laterOfStore, later.length, 'orders placed after the mistake were lost by the copy-back');
  assert.deepEqual(afterPitr, before, 'the point-in-time restore does not hold exactly the orders of before the mistake');
});
