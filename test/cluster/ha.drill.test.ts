// The high-availability drills (issue 5): one cluster, brought up once, and a fault injected under
// real customer load in each drill. Customers are a separate process (load-generator.ts) going
// through HAProxy's front door; each drill prints one JSON line of figures.
//
// "Failed" means a customer action whose final answer was an error. Business answers that are not
// failures, decided up front: a 409 to a check-in the client itself re-sent (its first attempt
// already moved the order on), and a 404 to removing a basket line (it is gone: what the customer
// wanted; a replayed DELETE finds it so). The client
// re-sends (same body, same Idempotency-Key) only after a connection error, 502, 503 or 504; those
// re-sends are counted as clientRetries and reported, next to HAProxy's own retries.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { componentPid, startComponent, stopComponent, topology } from '../../src/cluster/components.js';
import { serverStates } from '../../src/cluster/haproxy-api.js';
import { leaderOf, patroniCluster, requestSwitchover, syncStandbyOf } from '../../src/cluster/patroni-api.js';
import { portOpen, waitFor } from '../../src/cluster/supervisor.js';
import { runPaths } from '../../src/cluster/topology.js';
import {
  countTickets,
  paidOrderIds,
  placeWatchedOrder,
  watchOrder,
  describeRoles,
  loggedAfter,
  logSize,
  report,
  restoreCluster,
  sleep,
  waitForAppInService,
  endOfFile,
  startOfFile,
} from './drill-harness.js';
import { assertCustomersUnharmed, underLoad } from './under-load.js';

const STORE = 'colchester';
const t = topology();
const elapsed = (since: number) => Number(((Date.now() - since) / 1000).toFixed(2));

before(() => startOfFile(STORE), { timeout: 240_000 });

// Down (removing any rule left, and checking none is), or only healed when the next file reuses the cluster.
after(() => endOfFile(), { timeout: 120_000 });

test('drill 1: an app instance is killed (kill -9) under load: no customer notices', { timeout: 120_000 }, async () => {
  await restoreCluster();
  const result = await underLoad('app-instance-killed', async () => {
    const victim = 'app1';
    const pid = componentPid(victim);
    assert.ok(pid, `${victim} is not running`);
    await stopComponent(victim, 'SIGKILL');
    const killed = Date.now();
    await sleep(5_000); // customers are served by the other instance alone
    startComponent(victim);
    await waitForAppInService(victim);
    const backAfterS = elapsed(killed);
    await sleep(2_000);
    return { killed: victim, backInServiceS: backAfterS };
  });
  assertCustomersUnharmed(result);
});

test('drill 2: rolling restart of both app instances under load: no customer notices', { timeout: 150_000 }, async () => {
  await restoreCluster();
  const result = await underLoad('rolling-restart', async () => {
    const restarts: Record<string, number> = {};
    for (const app of t.apps.map((a) => a.name)) {
      const t0 = Date.now();
      await stopComponent(app, 'SIGTERM', 30_000); // readyz 404, HAProxy drains it, in-flight requests finish
      startComponent(app);
      await waitForAppInService(app);
      restarts[app] = elapsed(t0);
    }
    await sleep(2_000);
    return { restartS: restarts };
  });
  assertCustomersUnharmed(result);
});

test('drill 3: the database leader is hard-killed under load: writes resume within 15 s, no acknowledged order lost', { timeout: 180_000 }, async () => {
  const oldLeader = await restoreCluster();
  // An open order page: its live stream must show a change made after the failover (the app's
  // LISTEN has to follow the leader to its new node).
  const watched = await placeWatchedOrder(STORE);
  const live = await watchOrder(watched.orderId, watched.token);
  let liveEventAfterS: number | null = null;
  const result = await underLoad('leader-killed', async () => {
    await stopComponent(oldLeader, 'SIGKILL'); // Patroni and PostgreSQL together: a crashed host
    const killed = Date.now();
    const newLeader = await waitFor(
      'a new leader',
      async () => {
        const leader = leaderOf(await patroniCluster(t));
        return leader && leader.name !== oldLeader && leader.state === 'running' ? leader.name : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    const electedS = elapsed(killed);
    await waitFor(
      `HAProxy to route writes to ${newLeader}`,
      async () =>
        (await serverStates(runPaths(t).haproxySocket)).some((s) => s.proxy === 'postgres_write' && s.server === newLeader && s.status === 'UP') || undefined,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const routedS = elapsed(killed);
    await sleep(2_000); // customers go on writing on the new leader
    const checkedIn = await live.checkIn();
    await waitFor('the check-in on the open order page', () => live.states.some((s) => s.state === 'paid' && s.at >= checkedIn) || undefined, {
      timeoutMs: 30_000,
      intervalMs: 100,
    }).catch(() => undefined);
    const seen = live.states.find((s) => s.state === 'paid' && s.at >= checkedIn);
    liveEventAfterS = seen ? Number(((seen.at - checkedIn) / 1000).toFixed(2)) : null;
    await sleep(1_000);
    return { killed: oldLeader, newLeader, leaderElectedS: electedS, writePortRoutedS: routedS, liveEventAfterS };
  });
  live.close();
  // The old leader comes back as a replica (pg_rewind), and the cluster is whole again.
  const t0 = Date.now();
  await restoreCluster(120_000);
  report('leader-killed-rejoin', { rejoinedS: elapsed(t0), roles: describeRoles(await patroniCluster(t)) });
  assertCustomersUnharmed(result);
  assert.ok(result.figures.writePauseS < 15, `writes paused ${result.figures.writePauseS} s (limit 15 s)`);
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
  assert.ok(liveEventAfterS !== null && liveEventAfterS < 15, `the open order page saw the check-in after ${liveEventAfterS} s (limit 15 s)`);
});

test('drill 4: planned switchover under load: writes pause under 3 s, no customer notices', { timeout: 150_000 }, async () => {
  await restoreCluster();
  let t0 = 0;
  const view = await patroniCluster(t);
  const leader = leaderOf(view)!.name;
  const candidate = syncStandbyOf(view)!.name;
  const logFrom = { leader: logSize(leader), candidate: logSize(candidate) };
  const result = await underLoad('switchover', async () => {
    t0 = Date.now();
    await requestSwitchover(t, leader, candidate);
    await waitFor(`${candidate} to lead`, async () => leaderOf(await patroniCluster(t))?.name === candidate || undefined, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const ledS = elapsed(t0);
    await waitFor(
      `HAProxy to route writes to ${candidate}`,
      async () =>
        (await serverStates(runPaths(t).haproxySocket)).some((s) => s.proxy === 'postgres_write' && s.server === candidate && s.status === 'UP') || undefined,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const routedS = elapsed(t0);
    await sleep(4_000);
    return { from: leader, to: candidate, newLeaderS: ledS, writePortRoutedS: routedS };
  });
  const [pauseFrom, pauseTo] = result.figures.writePauseWindow;
  // What the write pause is made of (decision 805), from the two nodes' own logs: the old leader's
  // demotion (a CHECKPOINT, then a fast shutdown; Patroni looks for "shut down" in pg_control once a
  // second before it releases the leader key) and the candidate's promotion; then HAProxy's check
  // finds the new leader (writePortRoutedS, sampled every 200 ms) and the apps' retries reach it.
  report('switchover-timeline', {
    requestedAt: new Date(t0).toISOString(),
    writesStoppedS: (pauseFrom - t0) / 1000,
    writesResumedS: (pauseTo - t0) / 1000,
    oldLeader: loggedAfter(leader, logFrom.leader, t0, {
      requestReceived: /received switchover request/,
      demoting: /Demoting self \(graceful\)/,
      fastShutdownRequested: /received fast shutdown request/,
      shutDown: /database system is shut down/,
      leaderKeyReleased: /Leader key released/,
    }),
    candidate: loggedAfter(candidate, logFrom.candidate, t0, {
      lockAcquired: /promoted self to leader by acquiring session lock/,
      promoteRequested: /received promote request/,
      promoted: /archive recovery complete|database system is ready to accept connections/,
    }),
  });
  assertCustomersUnharmed(result);
  assert.ok(result.figures.writePauseS < 3, `writes paused ${result.figures.writePauseS} s (limit 3 s)`);
  assert.ok(result.figures.browsing.readPauseS < 1, `browsing paused ${result.figures.browsing.readPauseS} s (limit 1 s)`);
});

test('drill 5: a read replica is lost under load: reads carry on from the other nodes', { timeout: 150_000 }, async () => {
  await restoreCluster();
  const view = await patroniCluster(t);
  const replica = view?.members.find((m) => m.role === 'replica')?.name;
  assert.ok(replica, `no async replica: ${describeRoles(view)}`);
  const result = await underLoad('replica-lost', async () => {
    await stopComponent(replica, 'SIGKILL');
    const killed = Date.now();
    await waitFor(
      `HAProxy to take ${replica} out of the read port`,
      async () =>
        (await serverStates(runPaths(t).haproxySocket)).some((s) => s.proxy === 'postgres_read' && s.server === replica && s.status.startsWith('DOWN')) ||
        undefined,
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    const outS = elapsed(killed);
    await sleep(5_000);
    return { killed: replica, readPortDroppedS: outS };
  });
  const t0 = Date.now();
  await restoreCluster(90_000);
  report('replica-lost-rejoin', { rejoinedS: elapsed(t0), roles: describeRoles(await patroniCluster(t)) });
  assertCustomersUnharmed(result);
});

test('drill 5b: the synchronous standby is lost under load: commits carry on without it, no customer notices', { timeout: 150_000 }, async () => {
  await restoreCluster();
  const standby = syncStandbyOf(await patroniCluster(t))?.name;
  assert.ok(standby, 'no synchronous standby');
  const result = await underLoad('sync-standby-lost', async () => {
    await stopComponent(standby, 'SIGKILL');
    const killed = Date.now();
    // Commits wait for the standby's acknowledgement until Patroni drops it from
    // synchronous_standby_names (no other node may be synchronous: pg3 is nosync).
    await sleep(8_000);
    return { killed: standby, observedS: elapsed(killed) };
  });
  const t0 = Date.now();
  await restoreCluster(90_000);
  report('sync-standby-lost-rejoin', { rejoinedS: elapsed(t0), roles: describeRoles(await patroniCluster(t)) });
  assertCustomersUnharmed(result);
  assert.ok(result.figures.writePauseS < 15, `writes paused ${result.figures.writePauseS} s (limit 15 s)`);
});

test('drill 6: the MQTT broker is down for 20 s under load: every ticket arrives after it returns, exactly once', { timeout: 240_000 }, async () => {
  await restoreCluster();
  const counter = await countTickets(STORE);
  try {
    let brokerBack = 0;
    const result = await underLoad('mqtt-broker-down', async () => {
      await stopComponent('mosquitto', 'SIGTERM', 10_000); // tickets now wait in the outbox
      const stopped = Date.now();
      await sleep(20_000);
      startComponent('mosquitto');
      await waitFor('Mosquitto to listen again', () => portOpen(t.mqtt.host, t.mqtt.port).then((open) => open || undefined), {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
      brokerBack = Date.now();
      await sleep(3_000);
      return { brokerDownS: elapsed(stopped) };
    });
    assertCustomersUnharmed(result);
    // Every order paid in this drill has its ticket: the outbox retries with backoff (5 s, 10 s,
    // 20 s ...), so the last ones arrive some seconds after the broker is back.
    const paid = await paidOrderIds(result.figures.emails);
    const ticketsOf = () => {
      const byOrder = new Map<string, string[]>();
      for (const [messageId, d] of counter.deliveries) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), messageId]);
      return byOrder;
    };
    await waitFor('a ticket for every paid order', () => paid.every((id) => ticketsOf().has(id)) || undefined, { timeoutMs: 120_000, intervalMs: 500 }).catch(
      () => undefined,
    ); // judged below, with the figures
    const byOrder = ticketsOf();
    const mine = [...counter.deliveries.values()].filter((d) => paid.includes(d.orderId));
    const last = Math.max(0, ...mine.map((d) => d.firstAt));
    const figures = {
      ordersPaid: paid.length,
      ticketsReceived: paid.filter((id) => byOrder.has(id)).length,
      missingTickets: paid.filter((id) => !byOrder.has(id)).length,
      ordersWithTwoTickets: paid.filter((id) => (byOrder.get(id)?.length ?? 0) > 1).length,
      redeliveries: mine.reduce((n, d) => n + d.count - 1, 0),
      lastTicketAfterBrokerBackS: brokerBack ? Number(((last - brokerBack) / 1000).toFixed(1)) : null,
    };
    report('mqtt-broker-down-tickets', figures);
    assert.ok(paid.length > 5, `too few paid orders: ${paid.length}`);
    assert.equal(figures.missingTickets, 0, 'paid orders whose ticket never arrived');
    assert.equal(figures.ordersWithTwoTickets, 0, 'orders with two different tickets (message ids)');
  } finally {
    await counter.close();
  }
});
