// What every drill needs around the cluster: a preflight that fails loudly when a component is
// missing, "fully healthy" (leader + sync standby + replica, HAProxy routing, both apps ready),
// putting back whatever a drill broke, the customers' load in a separate process, HAProxy's
// retry counters, the orders check against the database, and the one JSON line of figures.
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import pg from 'pg';
import { allComponents, componentPid, postgresPid, startComponent, topology } from '../../src/cluster/components.js';
import { haproxyCommand, serverStates } from '../../src/cluster/haproxy-api.js';
import { leaderOf, patroniCluster, syncStandbyOf, type ClusterView } from '../../src/cluster/patroni-api.js';
import { down, up } from '../../src/cluster/lifecycle.js';
import { heal, ruleCounters } from '../../src/cluster/partition.js';
import { stopSide } from '../../src/cluster/restore.js';
import { waitFor } from '../../src/cluster/supervisor.js';
import { runPaths } from '../../src/cluster/topology.js';
import type { AcknowledgedOrder, LoadFigures } from '../../bench/load/load-generator.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const here = path.dirname(fileURLToPath(import.meta.url));

/** Every program the cluster runs must be installed: a missing one fails the drills, never skips them. */
export function preflight(): void {
  const t = topology();
  const missing: string[] = [];
  for (const command of ['etcd', 'patroni', 'haproxy', 'mosquitto']) {
    try {
      execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    } catch {
      missing.push(command);
    }
  }
  for (const binary of ['postgres', 'pg_ctl', 'initdb', 'pg_rewind']) {
    if (!fs.existsSync(path.join(t.pgBinDir, binary))) missing.push(path.join(t.pgBinDir, binary));
  }
  if (!fs.existsSync(t.appEntry)) missing.push(t.appEntry);
  if (missing.length) {
    throw new Error(`the drills need every cluster component; missing: ${missing.join(', ')} (run scripts/install-system-deps as root)`);
  }
}

/**
 * Before a drill file: every component installed, the cluster up (a running one is reused) and whole,
 * the drill store open around the clock.
 */
export async function startOfFile(store: string): Promise<void> {
  preflight();
  await up();
  await waitForFullHealth(120_000);
  await openAroundTheClock(store);
}

/** scripts/test runs every drill file on one cluster and brings it down after the last (DRILLS_ONE_CLUSTER=1). */
export const oneClusterForAllFiles = () => process.env.DRILLS_ONE_CLUSTER === '1';

/**
 * After a drill file: the cluster goes down (`down` also removes any partition rule and the side copy,
 * and fails if a rule or a process is left), unless the next file reuses it: then only the rules and
 * the side copy go, and a rule left fails the file just the same.
 */
export async function endOfFile(): Promise<void> {
  if (!oneClusterForAllFiles()) {
    await down();
    return;
  }
  const t = topology();
  heal(t);
  stopSide(t);
  if (ruleCounters(t).length) throw new Error('partition rules left after heal');
}

const running = (state: string | undefined) => state === 'running' || state === 'streaming';

/** Leader, synchronous standby and an async replica, all running, replicas with a known lag. */
export function describeRoles(view: ClusterView | undefined): string {
  return view?.members.map((m) => `${m.name}=${m.role}(${m.state})`).join(' ') ?? 'no Patroni answer';
}

async function fullyHealthy(): Promise<string | undefined> {
  const t = topology();
  const view = await patroniCluster(t);
  const leader = leaderOf(view);
  const sync = syncStandbyOf(view);
  const replicas = view?.members.filter((m) => m.role === 'replica') ?? [];
  if (!leader || !running(leader.state) || !sync || !running(sync.state)) return undefined;
  if (replicas.length < t.db.length - 2 || !replicas.every((m) => running(m.state) && typeof m.lag === 'number')) return undefined;
  const states = await serverStates(runPaths(t).haproxySocket).catch(() => []);
  const up = (proxy: string, server: string) => states.some((s) => s.proxy === proxy && s.server === server && s.status === 'UP');
  if (!up('postgres_write', leader.name)) return undefined;
  if (t.db.some((n) => n.name !== leader.name && up('postgres_write', n.name))) return undefined;
  if (!up('postgres_read', sync.name) || !replicas.every((r) => up('postgres_read', r.name))) return undefined;
  for (const app of t.apps) {
    if (!up('apps', app.name) || !(await appReady(app.name))) return undefined;
  }
  return leader.name;
}

export async function appReady(name: string): Promise<boolean> {
  const app = topology().apps.find((a) => a.name === name);
  if (!app) throw new Error(`unknown app ${name}`);
  try {
    const res = await fetch(`http://${app.host}:${app.port}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Waits until the whole topology is healthy; returns the leader's name. */
export async function waitForFullHealth(timeoutMs = 90_000): Promise<string> {
  try {
    return await waitFor('leader + sync standby + replica, HAProxy routing, both apps ready', fullyHealthy, { timeoutMs, intervalMs: 500 });
  } catch (error) {
    throw new Error(`${(error as Error).message}; Patroni says: ${describeRoles(await patroniCluster(topology()))}`);
  }
}

/** Starts every component that is not running (a drill's victim) and waits for full health. */
export async function restoreCluster(timeoutMs = 90_000): Promise<string> {
  for (const c of allComponents()) {
    if (!componentPid(c.name)) startComponent(c.name);
  }
  return waitForFullHealth(timeoutMs);
}

/** An app is back: its /readyz answers 200 and HAProxy routes to it again. */
export async function waitForAppInService(name: string, timeoutMs = 60_000): Promise<void> {
  const socket = runPaths(topology()).haproxySocket;
  await waitFor(
    `${name} ready and UP in HAProxy`,
    async () => {
      if (!(await appReady(name))) return undefined;
      const states = await serverStates(socket).catch(() => []);
      return states.some((s) => s.proxy === 'apps' && s.server === name && s.status === 'UP') || undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** HAProxy's own retries and redispatches on the app backend (cumulative counters). */
export async function haproxyAppCounters(): Promise<{ retries: number; redispatches: number; answered5xx: number }> {
  const csv = await haproxyCommand(runPaths(topology()).haproxySocket, 'show stat');
  const [header = '', ...rows] = csv.trim().split('\n');
  const cols = header.replace(/^# /, '').split(',');
  const backend = rows.map((r) => r.split(',')).find((f) => f[cols.indexOf('pxname')] === 'apps' && f[cols.indexOf('svname')] === 'BACKEND');
  const num = (name: string) => Number(backend?.[cols.indexOf(name)] ?? 0) || 0;
  return { retries: num('wretr'), redispatches: num('wredis'), answered5xx: num('hrsp_5xx') };
}

/** Runs `work` on a connection of its own as the app's role through HAProxy's write port (the leader). */
export async function withWriter<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const t = topology();
  const client = new pg.Client({
    host: t.lb.write.host,
    port: t.lb.write.port,
    database: t.database.name,
    user: t.database.user,
    password: t.secrets.appPassword,
    connectionTimeoutMillis: 5_000,
  });
  // A connection dropped by a fault must fail the work, not crash the drill process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `work` as the superuser on one database node directly (not through HAProxy): whatever its role. */
export async function withNode<T>(node: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const t = topology();
  const n = t.db.find((d) => d.name === node);
  if (!n) throw new Error(`unknown database node ${node}`);
  const client = new pg.Client({
    host: n.host,
    port: n.pgPort,
    database: t.database.name,
    user: 'postgres',
    password: t.secrets.superuserPassword,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const ORDERS_SINCE = 'select id::text from orders where created_at >= $1';

/** Ids of the orders created since `since`, as one node sees them. */
export async function orderIdsOn(node: string, since: Date): Promise<Set<string>> {
  return withNode(node, async (client) => new Set((await client.query<{ id: string }>(ORDERS_SINCE, [since])).rows.map((r) => r.id)));
}

/**
 * The orders an isolated, demoted node holds on its own timeline, read before healing lets pg_rewind
 * erase them. A demoted node that runs (read-only, following no one it can reach) is asked directly;
 * one Patroni stopped (demoted offline) has its data directory copied, the copy started alone,
 * read-only, on a spare port, queried, and removed.
 */
export async function ordersOnOldTimeline(node: string, since: Date, port = 55999): Promise<Set<string>> {
  const t = topology();
  const data = runPaths(t).dbData(node);
  if (postgresPid(node)) return orderIdsOn(node, since);
  const copy = path.join(t.runDir, `${node}-old-timeline`);
  fs.rmSync(copy, { recursive: true, force: true });
  execFileSync('cp', ['-a', data, copy]);
  for (const f of ['postmaster.pid', 'standby.signal', 'recovery.signal']) fs.rmSync(path.join(copy, f), { force: true });
  const owner = fs.statSync(data);
  const pgCtl = path.join(t.pgBinDir, 'pg_ctl');
  const run = (args: string[]) => execFileSync(pgCtl, args, { uid: owner.uid, gid: owner.gid, stdio: 'ignore', cwd: copy });
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${copy} -c archive_mode=off -c synchronous_standby_names= -c default_transaction_read_only=on`;
  run(['-D', copy, '-w', '-t', '30', '-l', path.join(copy, 'copy.log'), '-o', options, 'start']);
  try {
    const client = new pg.Client({ host: '127.0.0.1', port, database: t.database.name, user: 'postgres', password: t.secrets.superuserPassword });
    client.on('error', () => {});
    await client.connect();
    try {
      return new Set((await client.query<{ id: string }>(ORDERS_SINCE, [since])).rows.map((r) => r.id));
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    run(['-D', copy, '-m', 'immediate', 'stop']);
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/** Lines a component wrote to its log since `from` (a byte offset from logSize). */
export function logSince(name: string, from: number): string {
  const file = runPaths(topology()).logFile(name);
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.max(0, size - from));
    fs.readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export const logSize = (name: string): number => fs.statSync(runPaths(topology()).logFile(name)).size;

/**
 * When the first line matching each pattern was written to a component's log since `from` (a byte
 * offset), in seconds after `t0` (epoch ms), from the line's own timestamp: Patroni's
 * (`2026-12-02 14:10:01,123 INFO: ...`) and PostgreSQL's (`2026-12-02 14:10:01.123 UTC [pid] LOG: ...`),
 * both UTC here. Null for a pattern no line matched.
 */
export function loggedAfter(name: string, from: number, t0: number, patterns: Record<string, RegExp>): Record<string, number | null> {
  const lines = logSince(name, from).split('\n');
  const stamp = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)[.,](\d{3})/;
  return Object.fromEntries(
    Object.entries(patterns).map(([event, pattern]) => {
      const m = lines.map((l) => (pattern.test(l) ? stamp.exec(l) : null)).find((x) => x !== null);
      return [event, m ? Number(((Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) - t0) / 1000).toFixed(2)) : null];
    }),
  );
}

/** Customers order whatever the hour: the drill store opens around the clock. */
export async function openAroundTheClock(store: string): Promise<void> {
  await withWriter(async (client) => {
    const updated = await client.query(
      `
      update store_hours set opens = '00:00', closes = '24:00'
      where store_id = (select id from stores where slug = $1)`,
      [store],
    );
    await client.query('update stores set paused = false where slug = $1', [store]);
    if (updated.rowCount !== 7) throw new Error(`expected 7 opening-hours rows for ${store}, updated ${updated.rowCount}`);
  });
}

export interface OrdersCheck {
  ordersAcknowledged: number;
  /** Acknowledged orders in the database exactly once, with the acknowledged and expected total. */
  ordersFound: number;
  missing: string[];
  wrongTotal: string[];
  /** Orders of the drill's customers whose key was never acknowledged (the client gave up: not lost). */
  ordersUnacknowledged: number;
  /** Orders sharing a customer and idempotency key (must be 0). */
  duplicates: number;
}

/** Every acknowledged order is in the database exactly once, with the right total and lines adding up. */
export async function checkOrders(acknowledged: AcknowledgedOrder[], emails: string[]): Promise<OrdersCheck> {
  return withWriter(async (client) => {
    const rows =
      emails.length === 0
        ? []
        : (
            await client.query<{ id: string; key: string; total: number; lines: number | null }>(
              `
      select o.id::text, o.idempotency_key as key, o.total_pence as total,
             (select sum(l.total_pence)::int from order_lines l where l.order_id = o.id) as lines
      from orders o join users u on u.id = o.user_id
      where u.email = any($1)`,
              [emails],
            )
          ).rows;
    const byId = new Map<string, (typeof rows)[number][]>();
    for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
    const keys = new Map<string, number>();
    for (const row of rows) keys.set(row.key, (keys.get(row.key) ?? 0) + 1);
    const missing: string[] = [];
    const wrongTotal: string[] = [];
    let found = 0;
    for (const ack of acknowledged) {
      const matches = byId.get(ack.id) ?? [];
      if (matches.length !== 1 || keys.get(ack.key) !== 1) {
        missing.push(ack.id);
        continue;
      }
      const row = matches[0]!;
      if (row.total !== ack.totalPence || row.total !== ack.expectedPence || row.lines !== row.total || row.key !== ack.key) {
        wrongTotal.push(`${ack.id}: db ${row.total} (lines ${row.lines}), acknowledged ${ack.totalPence}, basket ${ack.expectedPence}`);
        continue;
      }
      found++;
    }
    const ackedKeys = new Set(acknowledged.map((a) => a.key));
    return {
      ordersAcknowledged: acknowledged.length,
      ordersFound: found,
      missing,
      wrongTotal,
      ordersUnacknowledged: rows.filter((r) => !ackedKeys.has(r.key)).length,
      duplicates: [...keys.values()].filter((n) => n > 1).length,
    };
  });
}

export interface Load {
  /** When the customers started (epoch ms). */
  startedAt: number;
  stop(): Promise<LoadFigures>;
}

/** Starts the customers in their own process and waits until they are logged in and ordering. */
export async function startLoad(tag: string, customers = 6, maxSeconds = 150, browsers = 4): Promise<Load> {
  const t = topology();
  const child = fork(
    path.join(here, '../../bench/load/load-generator.ts'),
    [
      '--base',
      `http://${t.lb.http.host}:${t.lb.http.port}`,
      '--customers',
      String(customers),
      '--browsers',
      String(browsers),
      '--seconds',
      String(maxSeconds),
      '--tag',
      tag,
    ],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let figures: LoadFigures | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the load generator did not get ready within 60 s')), 60_000);
    child.on('message', (m: { type: string; figures?: LoadFigures }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
      if (m.type === 'figures') figures = m.figures;
    });
    void exited.then((code) => reject(new Error(`the load generator exited (${code}) before it was ready`)));
  });
  return {
    startedAt: Date.now(),
    async stop() {
      child.send({ type: 'stop' });
      const code = await Promise.race([exited, sleep(90_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error('the load generator did not stop within 90 s');
      }
      if (!figures) throw new Error(`the load generator exited (${code}) without its figures`);
      return figures;
    },
  };
}

/** The figures of one drill: printed as one JSON line, and kept in .run/drills/figures.jsonl. */
export function report(drill: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ drill, at: new Date().toISOString(), ...figures });
  console.log(line);
  const dir = path.join(topology().repoDir, '.run', 'drills');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'figures.jsonl'), `${line}\n`);
}

export interface TicketCounter {
  /** Deliveries by message id (a QoS 1 redelivery counts twice here). */
  deliveries: Map<string, { orderId: string; count: number; firstAt: number }>;
  close(): Promise<void>;
}

/**
 * A printer's view of the tickets: a persistent MQTT session (QoS 1, clean: false), so tickets
 * published while it reconnects after the broker returns are kept for it, counted by message id.
 */
export async function countTickets(store: string): Promise<TicketCounter> {
  const t = topology();
  const deliveries: TicketCounter['deliveries'] = new Map();
  const client = mqtt.connect(`mqtt://${t.mqtt.host}:${t.mqtt.port}`, {
    clientId: `drill-ticket-counter-${process.pid}`,
    clean: false,
    reconnectPeriod: 500,
    connectTimeout: 5_000,
  });
  client.on('error', () => {}); // reconnects by itself; the drill judges by what arrives
  client.on('message', (_topic, payload) => {
    let message: { messageId?: unknown; orderId?: unknown };
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    if (typeof message.messageId !== 'string' || typeof message.orderId !== 'string') return;
    const seen = deliveries.get(message.messageId);
    if (seen) seen.count++;
    else deliveries.set(message.messageId, { orderId: message.orderId, count: 1, firstAt: Date.now() });
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    setTimeout(() => reject(new Error('the ticket counter could not connect to Mosquitto')), 10_000);
  });
  await client.subscribeAsync(`alpaca/stores/${store}/tickets`, { qos: 1 });
  return { deliveries, close: () => client.endAsync() };
}

/** Orders of these customers that were paid (checked in): each must have exactly one ticket. */
export async function paidOrderIds(emails: string[]): Promise<string[]> {
  return withWriter(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `
      select o.id::text from orders o join users u on u.id = o.user_id
      where u.email = any($1) and o.state in ('paid', 'ready', 'completed')`,
      [emails],
    );
    return rows.map((r) => r.id);
  });
}

/** A customer of the drill's own, with one order placed (authorised), for the live-events check. */
export async function placeWatchedOrder(store: string): Promise<{ orderId: string; token: string }> {
  const t = topology();
  const base = `http://${t.lb.http.host}:${t.lb.http.port}`;
  const email = `drill.watch.${process.pid}.${Date.now()}@example.com`;
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, any>;
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await call('POST', '/api/v1/accounts', { firstName: 'Live', lastName: 'Watcher', email, password: 'drill-customer-password' });
  const { token } = await call('POST', '/api/v1/sessions', { email, password: 'drill-customer-password' });
  const auth = { authorization: `Bearer ${token}` };
  await call('PUT', '/api/v1/basket/store', { store }, auth);
  await call('POST', '/api/v1/basket/lines', { product: 'latte', options: {}, quantity: 1 }, auth);
  const { order } = await call(
    'POST',
    '/api/v1/orders',
    { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
    { ...auth, 'idempotency-key': `watch-${process.pid}-${Date.now()}` },
  );
  return { orderId: order.id as string, token: token as string };
}

export interface LiveWatch {
  /** States announced on the order's live stream (Server-Sent Events), with when they arrived. */
  states: { state: string; at: number }[];
  checkIn(): Promise<number>;
  close(): void;
}

/** Follows the order page's live stream through HAProxy, as a customer's open order page does. */
export async function watchOrder(orderId: string, token: string): Promise<LiveWatch> {
  const t = topology();
  const states: LiveWatch['states'] = [];
  const controller = new AbortController();
  const res = await fetch(`http://${t.lb.http.host}:${t.lb.http.port}/api/v1/orders/${orderId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`live stream: ${res.status}`);
  void (async () => {
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += Buffer.from(chunk).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) states.push({ state: JSON.parse(data.slice(6)).state, at: Date.now() });
        }
      }
    } catch {
      // aborted at the end of the drill, or the stream was cut (the drill then finds no event)
    }
  })();
  return {
    states,
    async checkIn() {
      const answer = await fetch(`http://${t.lb.http.host}:${t.lb.http.port}/api/v1/orders/${orderId}/check-in`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': `watch-in-${orderId}` },
      });
      await answer.body?.cancel();
      if (answer.status !== 200) throw new Error(`check-in of the watched order: ${answer.status}`);
      return Date.now();
    },
    close: () => controller.abort(),
  };
}

/** The most connections in use and checkouts waiting, per app and pool, sampled from /metrics every 500 ms. */
export interface PoolPeaks {
  [appAndPool: string]: { maxInUse: number; maxWaiting: number };
}

/** Samples every app's database pools until `stop()`: shows which pool a pause queued on. */
export function samplePools(): { stop(): Promise<PoolPeaks> } {
  const peaks: PoolPeaks = {};
  let running = true;
  const metric = /^alpaca_db_pool_(in_use_connections|waiting_requests)\{pool="([^"]+)"\} (\d+)/gm;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        topology().apps.map(async (app) => {
          try {
            const res = await fetch(`http://${app.host}:${app.port}/metrics`, { signal: AbortSignal.timeout(1000) });
            for (const m of (await res.text()).matchAll(metric)) {
              const key = `${app.name} ${m[2]}`;
              const peak = (peaks[key] ??= { maxInUse: 0, maxWaiting: 0 });
              const value = Number(m[3]);
              if (m[1] === 'in_use_connections') peak.maxInUse = Math.max(peak.maxInUse, value);
              else peak.maxWaiting = Math.max(peak.maxWaiting, value);
            }
          } catch {
            // an app that does not answer /metrics for a moment: no sample
          }
        }),
      );
      await sleep(500);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peaks;
    },
  };
}
