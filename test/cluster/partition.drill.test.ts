// The partition drills (issue 13): a part of the cluster is cut off from others with nftables
// (src/cluster/partition.ts, decision 801) under the same customer load as the crash drills, with the
// same checks, plus proof that the cut took effect (rule counters above 0, the isolated side's errors
// in its log, the leader seen to demote) and that no write was acknowledged by an isolated node.
// Every rule is removed when a drill ends, failed or not, and by `down` after the last one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { topology } from '../../src/cluster/components.js';
import { etcdHealthy } from '../../src/cluster/etcd-api.js';
import { defaultTargets, heal, partition, ruleCounters, type RuleCount } from '../../src/cluster/partition.js';
import { leaderOf, nodeAnswers, patroniCluster, syncStandbyOf } from '../../src/cluster/patroni-api.js';
import { waitFor } from '../../src/cluster/supervisor.js';
import { serverStates } from '../../src/cluster/haproxy-api.js';
import { runPaths } from '../../src/cluster/topology.js';
import {
  describeRoles,
  logSince,
  logSize,
  orderIdsOn,
  ordersOnOldTimeline,
  report,
  restoreCluster,
  samplePools,
  sleep,
  waitForAppInService,
  waitForFullHealth,
  withNode,
  endOfFile,
  startOfFile,
} from './drill-harness.js';
import { assertCustomersUnharmed, underLoad } from './under-load.js';

const STORE = 'colchester';
const t = topology();
const elapsed = (since: number) => Number(((Date.now() - since) / 1000).toFixed(2));
const dropped = (counters: RuleCount[]) => Object.fromEntries(counters.map((c) => [c.rule, c.packets]));

before(() => startOfFile(STORE), { timeout: 240_000 });

// Down (removing any rule left, and checking none is), or only healed when the next file reuses the cluster.
after(() => endOfFile(), { timeout: 120_000 });

/** Cuts `part` off from `targets` for the length of `work`; healed whatever happens, with the counters read first. */
async function whileCut<T>(part: string, targets: string[], work: () => Promise<T>): Promise<{ value: T; counters: RuleCount[] }> {
  partition(t, part, targets);
  try {
    const value = await work();
    const counters = ruleCounters(t);
    lastCounters = counters;
    return { value, counters };
  } finally {
    heal(t);
  }
}

/** The counters of the last cut, read just before its heal. */
let lastCounters: RuleCount[] = [];

function assertCutTookEffect(counters: RuleCount[], from: string) {
  const outgoing = counters.filter((c) => c.rule.startsWith(`${from} ->`));
  assert.ok(outgoing.length > 0, `no rule for what ${from} sends`);
  assert.ok(
    outgoing.some((c) => c.packets > 0),
    `the cut dropped nothing that ${from} sent: ${JSON.stringify(dropped(counters))}`,
  );
}

test('partition 1: the leader is cut off from etcd and both database peers for 30 s, still reachable by HAProxy and the apps: it demotes, nothing it alone acknowledged exists', {
  timeout: 240_000,
}, async () => {
  const oldLeader = await restoreCluster();
  const since = new Date(Date.now() - 1_000);
  const logFrom = logSize(oldLeader);
  let oldTimeline = new Set<string>();
  let cutAt = 0;
  const pools = samplePools(); // which pool, if any, page reads queued on while the isolated leader held its commits
  const result = await underLoad('leader-partitioned', async () => {
    const { value, counters } = await whileCut(oldLeader, defaultTargets(t, oldLeader), async () => {
      cutAt = Date.now();
      // Seen to demote: its own REST API (HAProxy's check) stops answering 200 to /primary.
      await waitFor(`${oldLeader} to demote`, async () => !(await nodeAnswers(t, oldLeader, '/primary')) || undefined, {
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      const demotedS = elapsed(cutAt);
      const newLeader = await waitFor(
        'a new leader on the majority side',
        async () => {
          const leader = leaderOf(await patroniCluster(t));
          return leader && leader.name !== oldLeader && leader.state === 'running' ? leader.name : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const electedS = elapsed(cutAt);
      await sleep(Math.max(0, 30_000 - (Date.now() - cutAt)));
      // What the isolated node committed on its own timeline, before pg_rewind erases it on heal.
      oldTimeline = await ordersOnOldTimeline(oldLeader, since);
      return { demotedS, newLeader, electedS };
    });
    const healedAt = Date.now();
    await waitForFullHealth(120_000);
    const rejoinedS = elapsed(healedAt);
    await sleep(2_000); // customers go on after the heal
    return { isolated: oldLeader, ...value, cutS: Number(((healedAt - cutAt) / 1000).toFixed(1)), rejoinedS, dropped: dropped(counters) };
  });
  const counters = lastCounters;
  const poolPeaks = await pools.stop();
  const newLeader = String((result.line as Record<string, unknown>).newLeader);
  const log = logSince(oldLeader, logFrom);
  const surviving = await orderIdsOn(newLeader, since);
  const acknowledged = new Set(result.figures.acknowledged.map((a) => a.id));
  const onlyOnOldTimeline = [...oldTimeline].filter((id) => !surviving.has(id));
  const acknowledgedButLost = onlyOnOldTimeline.filter((id) => acknowledged.has(id));
  report('leader-partitioned-timelines', {
    oldTimelineOrders: oldTimeline.size,
    survivingOrders: surviving.size,
    onlyOnOldTimeline: onlyOnOldTimeline.length,
    acknowledgedOnlyOnOldTimeline: acknowledgedButLost.length,
    acknowledgedMissingFromSurvivor: [...acknowledged].filter((id) => !surviving.has(id)).length,
    dcsErrorsInLog: (log.match(/Error communicating with DCS|Failed to get list of machines|Could not get the list of servers/g) ?? []).length,
    demotedInLog: /demoting self because DCS is not accessible/.test(log),
    roles: describeRoles(await patroniCluster(t)),
    poolPeaks,
  });
  assertCutTookEffect(counters, oldLeader);
  assert.match(
    log,
    /Error communicating with DCS|Failed to get list of machines|Could not get the list of servers/,
    `${oldLeader}'s log shows no failing etcd call`,
  );
  assert.match(log, /demoting self because DCS is not accessible/, `${oldLeader}'s log does not show it demoting`);
  assert.notEqual(newLeader, oldLeader);
  assert.deepEqual(acknowledgedButLost, [], 'orders acknowledged to customers that exist only on the isolated node');
  assert.deepEqual(
    [...acknowledged].filter((id) => !surviving.has(id)),
    [],
    'acknowledged orders missing from the surviving timeline',
  );
  assertCustomersUnharmed(result);
  // Issue 13's target: browsing pauses under 1 s. It used to measure 0.11–5.0 s here: page reads took
  // their writer connection from the writer pool, which the isolated leader's hung commits filled, and
  // waited its 5 s connect timeout before falling back to a replica. Page reads have a pool of their
  // own since (decision 803): 0.65, 0.46 and 0.64 s in three runs, with the writer pool full each time.
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
});

test('partition 2: one etcd member is cut off (the minority): nothing changes', { timeout: 180_000 }, async () => {
  const leaderBefore = await restoreCluster();
  const member = t.etcd[t.etcd.length - 1]!.name;
  const index = t.etcd.length - 1;
  const logFrom = logSize(member);
  const result = await underLoad('etcd-minority-cut', async () => {
    const { value, counters } = await whileCut(member, defaultTargets(t, member), async () => {
      const cutAt = Date.now();
      // The cut member loses its peers: it has no leader, so it answers unhealthy.
      await waitFor(`${member} to report itself unhealthy`, async () => !(await etcdHealthy(t, index)) || undefined, { timeoutMs: 20_000, intervalMs: 250 });
      const unhealthyS = elapsed(cutAt);
      await sleep(15_000);
      const majorityHealthy = await etcdHealthy(t, 0);
      const leaderDuring = leaderOf(await patroniCluster(t))?.name;
      return { unhealthyS, majorityHealthy, leaderDuring };
    });
    await sleep(2_000);
    return { cut: member, ...value, dropped: dropped(counters) };
  });
  const counters = lastCounters;
  const { leaderDuring, majorityHealthy } = result.line as Record<string, unknown>;
  const log = logSince(member, logFrom);
  const leaderAfter = leaderOf(await patroniCluster(t))?.name;
  report('etcd-minority-cut-checks', {
    leaderBefore,
    leaderDuring,
    leaderAfter,
    peerErrorsInLog: (log.match(/lost TCP streaming connection|failed to reach the peer|prober detected unhealthy/g) ?? []).length,
  });
  assertCutTookEffect(counters, member);
  assert.match(log, /lost TCP streaming connection|failed to reach the peer|prober detected unhealthy/, `${member}'s log shows no lost peer`);
  assert.equal(majorityHealthy, true, 'the two other etcd members lost their majority');
  assert.equal(leaderDuring, leaderBefore, 'the database leader changed while only an etcd member was cut');
  assert.equal(leaderAfter, leaderBefore, 'the database leader changed after the etcd member was cut');
  assertCustomersUnharmed(result);
  assert.ok(result.figures.writePauseS < 3, `writes paused ${result.figures.writePauseS} s (limit 3 s: nothing should change)`);
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
  await waitForFullHealth(60_000);
});

test('partition 3: the synchronous standby is cut off from the leader: commits wait until it is dropped, none is acknowledged on the leader alone before', {
  timeout: 180_000,
}, async () => {
  const leader = await restoreCluster();
  const standby = syncStandbyOf(await patroniCluster(t))!.name;
  const syncNames = () =>
    withNode(leader, async (c) => (await c.query<{ s: string }>("select current_setting('synchronous_standby_names') as s")).rows[0]?.s ?? '');
  let lastSeenSync = 0;
  let droppedAt = 0;
  let standbyOrders = new Set<string>();
  const since = new Date(Date.now() - 1_000);
  const syncBefore = await waitFor(
    `${standby} named in synchronous_standby_names`,
    async () => ((await syncNames()).includes(standby) ? syncNames() : undefined),
    {
      timeoutMs: 30_000,
      intervalMs: 250,
    },
  );
  const result = await underLoad('sync-standby-partitioned', async () => {
    const { value, counters } = await whileCut(standby, [leader], async () => {
      const cutAt = Date.now();
      // Until Patroni (on the leader, which still reaches etcd) drops the standby, it stays named.
      await waitFor(
        `${leader} to drop ${standby} from synchronous_standby_names`,
        async () => {
          const names = await syncNames();
          if (names.includes(standby)) {
            lastSeenSync = Date.now();
            return undefined;
          }
          droppedAt = Date.now();
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      const droppedS = elapsed(cutAt);
      await sleep(5_000); // commits go on without it
      // Read the standby before healing (root reaches it: the cut is between the two nodes only).
      standbyOrders = await orderIdsOn(standby, since);
      return { droppedS, syncBefore, syncAfter: await syncNames() };
    });
    await sleep(2_000);
    return { leader, standby, ...value, dropped: dropped(counters) };
  });
  const counters = lastCounters;
  // Every order acknowledged while the standby was still named synchronous must be on it.
  const ackedWhileSync = result.figures.acknowledged.filter((a) => a.at <= lastSeenSync);
  const notOnStandby = ackedWhileSync.filter((a) => !standbyOrders.has(a.id)).map((a) => a.id);
  report('sync-standby-partitioned-checks', {
    acknowledgedWhileSync: ackedWhileSync.length,
    acknowledgedWhileSyncNotOnStandby: notOnStandby.length,
    acknowledgedBetweenCutAndDrop: result.figures.acknowledged.filter((a) => a.at > lastSeenSync && a.at < droppedAt).length,
  });
  assertCutTookEffect(counters, standby);
  assert.deepEqual(notOnStandby, [], 'orders acknowledged on the leader alone while the standby was still synchronous');
  assertCustomersUnharmed(result);
  assert.ok(result.figures.writePauseS < 15, `writes paused ${result.figures.writePauseS} s (limit 15 s)`);
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
  await waitForFullHealth(90_000);
});

test("partition 4: one app instance is cut off from the database: it alone leaves HAProxy's pool, customers see nothing", { timeout: 180_000 }, async () => {
  await restoreCluster();
  const [cut, other] = t.apps.map((a) => a.name) as [string, string];
  const app = t.apps[0]!;
  const socket = runPaths(t).haproxySocket;
  const logFrom = logSize(cut);
  const statusOf = async (server: string) => (await serverStates(socket)).find((s) => s.proxy === 'apps' && s.server === server)?.status ?? '?';
  const readyzOf = async () => {
    try {
      const res = await fetch(`http://${app.host}:${app.port}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return res.status;
    } catch {
      return 0;
    }
  };
  const otherStatuses = new Set<string>();
  const result = await underLoad('app-cut-from-database', async () => {
    const { value, counters } = await whileCut(cut, defaultTargets(t, cut), async () => {
      const cutAt = Date.now();
      // Its own /readyz turns 503 (the rule of decision 803), then HAProxy marks it down.
      await waitFor(`${cut} /readyz to answer 503`, async () => (await readyzOf()) === 503 || undefined, { timeoutMs: 20_000, intervalMs: 100 });
      const notReadyS = elapsed(cutAt);
      await waitFor(`${cut} DOWN in HAProxy`, async () => (await statusOf(cut)).startsWith('DOWN') || undefined, { timeoutMs: 20_000, intervalMs: 100 });
      const outOfPoolS = elapsed(cutAt);
      // The other instance stays in the pool all along, and customers go on through it.
      while (Date.now() - cutAt < 15_000) {
        otherStatuses.add(await statusOf(other));
        await sleep(250);
      }
      // Before it knew it was cut off, its stuck reads went to the other instance (decision 804).
      const lines = logSince(cut, logFrom).split('\n');
      const readsAway = lines.find((l) => l.includes('database silent from this instance alone'));
      const readsAwayS = readsAway ? Number((((JSON.parse(readsAway) as { time: number }).time - cutAt) / 1000).toFixed(2)) : null;
      const readsHandedBack = lines.filter((l) => l.includes('answered 503: read stuck')).length;
      return { cutAt: new Date(cutAt).toISOString(), notReadyS, outOfPoolS, readsAwayS, readsHandedBack };
    });
    const healedAt = Date.now();
    await waitForAppInService(cut, 30_000);
    const backS = elapsed(healedAt);
    await sleep(2_000); // customers go on after the heal, through both instances again
    return { cut, ...value, backInPoolS: backS, dropped: dropped(counters), otherStatuses: [...otherStatuses] };
  });
  const counters = lastCounters;
  const log = logSince(cut, logFrom);
  assertCutTookEffect(counters, cut);
  assert.match(log, /writer unreachable from this instance alone/, `${cut}'s log does not show it leaving the pool`);
  assert.deepEqual([...otherStatuses], ['UP'], `${other} left the pool while only ${cut} was cut off`);
  assert.match(log, /database silent from this instance alone: sending reads to the other instances/, `${cut} never sent its stuck reads away`);
  assertCustomersUnharmed(result);
  // Issue 13's target: browsing pauses under 1 s. Pages already on the cut instance used to wait
  // until it knew it was cut off (2.0–2.3 s); its stuck reads now go to the other one within a
  // fraction of a second (decision 804), which is asserted, and since decision 805 a peer vouches
  // only with the writer's answers to work sent after the cut: three runs 0.52, 0.77 and 0.45 s,
  // the longest pause each time after the heal, not at the cut.
  const { readsAwayS } = result.line as { readsAwayS?: number | null };
  assert.ok(typeof readsAwayS === 'number' && readsAwayS < 1, `stuck reads sent away ${readsAwayS} s after the cut (limit 1 s)`);
  const cutAtMs = Date.parse(String((result.line as Record<string, unknown>).cutAt));
  report('app-cut-from-database-pause', {
    browsingReadPauseS: result.figures.browsing.readPauseS,
    // Where the longest browsing pause fell, in seconds after the cut (the heal is at 15 s).
    browsingPauseAfterCutS: result.figures.browsing.readPauseWindow.map((ms) => Number(((ms - cutAtMs) / 1000).toFixed(2))),
  });
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
  await waitForFullHealth(60_000);
});
