// `up` and `down`: bring the whole topology up in dependency order, and take it all down.
import { allComponents, componentsOfKind, componentPid, ensureRunDir, hasData, startComponent, stopComponent, topology, type Component } from './components.js';
import { clearPatroniScope, etcdHealthy } from './etcd-api.js';
import { serverStates } from './haproxy-api.js';
import { ensureStanza, STANZA } from './backup.js';
import { stopSide } from './restore.js';
import { heal, ruleCounters } from './partition.js';
import { isHealthy, leaderOf, nodeAnswers, patroniCluster } from './patroni-api.js';
import { portOpen, tail, waitFor } from './supervisor.js';
import { appEntryExists, runPaths, type Topology } from './topology.js';

const started = Date.now();
const say = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

/** Runs `wait`; on failure, adds the tail of the component's log to the error. */
async function expect<T>(c: Component, wait: () => Promise<T>): Promise<T> {
  try {
    return await wait();
  } catch (err) {
    throw new Error(`${c.name}: ${(err as Error).message}\n--- last lines of ${c.spec.logFile} ---\n${tail(c.spec.logFile)}`);
  }
}

async function start(c: Component): Promise<void> {
  const before = componentPid(c.name);
  if (!before && (await portOpen(c.listen.host, c.listen.port))) {
    throw new Error(`${c.name}: port ${c.listen.host}:${c.listen.port} is already taken by another process (see ss -ltnp)`);
  }
  const pid = startComponent(c.name);
  say(`${c.name.padEnd(9)} ${before ? 'already running' : 'started'} (pid ${pid})`);
}

async function upEtcd(t: Topology): Promise<void> {
  const members = componentsOfKind('etcd');
  for (const c of members) await start(c);
  await Promise.all(
    members.map((c, i) => expect(c, () => waitFor(`${c.name} health`, async () => (await etcdHealthy(t, i)) || undefined, { timeoutMs: 20_000 }))),
  );
}

async function upDatabase(t: Topology): Promise<void> {
  const nodes = componentsOfKind('patroni');
  const [first, ...rest] = nodes;
  if (!first) throw new Error('no database nodes configured');
  const fresh = nodes.every((n) => !hasData(n.name) && !componentPid(n.name));
  if (fresh) {
    const cleared = await clearPatroniScope(t);
    if (cleared > 0) say(`etcd      cleared ${cleared} stale keys of scope "${t.scope}" (no data directory left)`);
    // Bootstrap on the first node alone, so the topology is predictable: pg1 leads, pg2 is the
    // sync standby, pg3 the async replica. The others then clone it in parallel.
    await start(first);
    await expect(first, () =>
      waitFor(`${first.name} to bootstrap and lead`, async () => (await nodeAnswers(t, first.name, '/primary')) || undefined, {
        timeoutMs: 40_000,
      }),
    );
    await Promise.all(rest.map(start));
  } else {
    await Promise.all(nodes.map(start));
  }
  await expect(first, () =>
    waitFor('a leader and a streaming synchronous standby', async () => isHealthy(await patroniCluster(t), nodes.length) || undefined, {
      timeoutMs: 50_000,
    }),
  );
  const view = await patroniCluster(t);
  say(`patroni   ${view?.members.map((m) => `${m.name}=${m.role}`).join(' ')}`);
}

async function upEdge(): Promise<void> {
  const [mosquitto] = componentsOfKind('mosquitto');
  const [haproxy] = componentsOfKind('haproxy');
  for (const c of [mosquitto, haproxy]) {
    if (!c) continue;
    await start(c);
    await expect(c, () => waitFor(`port ${c.listen.port}`, async () => (await portOpen(c.listen.host, c.listen.port)) || undefined, { timeoutMs: 10_000 }));
  }
}

/** The write port is useful only once HAProxy's health check has found the leader. */
async function waitForWriteRoute(t: Topology): Promise<void> {
  const [haproxy] = componentsOfKind('haproxy');
  if (!haproxy) return;
  const socket = runPaths(t).haproxySocket;
  // No answer from HAProxy's socket yet is "not routed yet"; waitFor's timeout reports it.
  const up = async () => (await serverStates(socket).catch(() => [])).find((s) => s.proxy === 'postgres_write' && s.status === 'UP');
  const server = await expect(haproxy, () => waitFor('HAProxy to route writes to the leader', up, { timeoutMs: 15_000 }));
  say(`haproxy   :${t.lb.write.port} -> ${server.server}`);
}

async function upApps(t: Topology): Promise<void> {
  const apps = componentsOfKind('app');
  if (!appEntryExists(t)) {
    say(`apps      SKIPPED: ${t.appEntry} does not exist yet`);
    return;
  }
  const ready = async (c: Component) => {
    if (!componentPid(c.name)) throw new Error('process exited');
    try {
      const res = await fetch(`http://${c.listen.host}:${c.listen.port}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return res.status === 200 || undefined;
    } catch {
      return undefined;
    }
  };
  const startAndWait = async (cs: Component[]) => {
    await Promise.all(cs.map(start));
    await Promise.all(cs.map((c) => expect(c, () => waitFor(`${c.name} /readyz`, () => ready(c), { timeoutMs: 45_000 }))));
  };
  // The first instance migrates and seeds an empty database alone; the others then start together.
  const [first, ...rest] = apps;
  if (first) await startAndWait([first]);
  await startAndWait(rest);
  const socket = runPaths(t).haproxySocket;
  const routed = async () => {
    const states = await serverStates(socket).catch(() => []); // not answering yet: waitFor's timeout reports it
    return apps.every((a) => states.some((s) => s.proxy === 'apps' && s.server === a.name && s.status === 'UP')) || undefined;
  };
  await waitFor('HAProxy to mark every app UP', routed, { timeoutMs: 15_000 });
  say(`apps      ready: ${apps.map((a) => `${a.name} :${a.listen.port}`).join(', ')} behind http://${t.lb.http.host}:${t.lb.http.port}`);
}

export async function up(): Promise<void> {
  const t = topology();
  // Rules a cut-short drill left behind would stop the cluster from forming.
  if (heal(t)) say('partition rules left behind were removed');
  ensureRunDir(t);
  await upEtcd(t);
  // The broker and the load balancer don't depend on the database: start them while it bootstraps.
  const edge = upEdge();
  await upDatabase(t);
  // WAL is archived from the first leader on: the stanza exists before anything is written.
  ensureStanza(t);
  say(`pgbackrest stanza "${STANZA}" ready (repository ${t.backupRepoDir})`);
  await edge;
  await waitForWriteRoute(t);
  await upApps(t);
  say('cluster up');
}

async function stopAll(cs: Component[], signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  await Promise.all(
    cs.map(async (c) => {
      const pid = componentPid(c.name);
      await stopComponent(c.name, signal, timeoutMs);
      if (pid) say(`${c.name.padEnd(9)} stopped (pid ${pid})`);
    }),
  );
}

export async function down(): Promise<void> {
  const t = topology();
  if (heal(t)) say('partition rules removed');
  if (stopSide(t)) say('side copy stopped and removed');
  // Apps drain first (readyz 404, HAProxy notices, in-flight requests finish).
  await stopAll(componentsOfKind('app'), 'SIGTERM', 30_000);
  await stopAll([...componentsOfKind('haproxy'), ...componentsOfKind('mosquitto')], 'SIGTERM', 10_000);
  // Replicas before the leader, so stopping it does not trigger a failover.
  const leader = leaderOf(await patroniCluster(t))?.name;
  const nodes = componentsOfKind('patroni');
  await stopAll(
    nodes.filter((n) => n.name !== leader),
    'SIGTERM',
    30_000,
  );
  await stopAll(
    nodes.filter((n) => n.name === leader),
    'SIGTERM',
    30_000,
  );
  await stopAll(componentsOfKind('etcd'), 'SIGTERM', 10_000);
  const left = [];
  for (const c of allComponents()) {
    if (componentPid(c.name) || (await portOpen(c.listen.host, c.listen.port))) left.push(`${c.name} (${c.listen.host}:${c.listen.port})`);
  }
  if (ruleCounters(t).length) left.push('partition rules');
  if (left.length) throw new Error(`still running or port still taken after down: ${left.join(', ')}`);
  say('cluster down: nothing left running');
}
