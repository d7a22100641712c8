// How long a new order takes to reach a second tablet connected to another app instance, on
// PostgreSQL (issue 10's closing figure; target p99 < 1 s). Two app processes (src/main.ts, as in
// production) share a throwaway PostgreSQL 15; the "tablet" is the queue's live stream opened on
// instance B; customers place orders and check in on instance A. For each order we time from the
// check-in's answer (the moment the order is paid and committed) to the `queue` event on B that
// first lists it; the check-in's own duration is reported beside it.
//
//   node --import tsx bench/queue-latency.ts [orders=100]
//
// Loopback only, bounded: N orders one after another, then everything stops.
import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from './app-process.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

const ORDERS = Number(process.argv[2] ?? 100);
const STORE = 'demo'; // the always-open demo store: the measurement runs at any hour

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function json(base: string, path: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) };
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  const response = await fetch(base + path, { ...init, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function login(base: string, email: string, password: string): Promise<string> {
  return (await json(base, '/api/v1/sessions', { method: 'POST', body: JSON.stringify({ email, password }) })).token;
}

/** Opens the queue's live stream on `base`; calls `seen(id, at)` the first time each order is listed. */
async function watchQueue(base: string, token: string, seen: (id: string, at: number) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(`${base}/api/v1/stores/${STORE}/queue/events`, { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok || !response.body) throw new Error(`queue stream: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.includes('event: queue')) continue;
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const queue = JSON.parse(data.slice(6)) as { making: { id: string }[]; ready: { id: string }[] };
          for (const t of [...queue.making, ...queue.ready]) seen(t.id, at);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
}

async function main() {
  process.env['RATE_LIMIT_SCALE'] = '1000'; // one customer places many orders
  const pg = await startThrowawayPostgres();
  const apps: RunningApp[] = [];
  const abort = new AbortController();
  try {
    apps.push(await startApp({ databaseUrl: pg.url, port: 3521 }));
    apps.push(await startApp({ databaseUrl: pg.url, port: 3522 }));
    const [a, b] = apps as [RunningApp, RunningApp];
    const staff = await login(b.base, 'admin@alpaca.test', 'alpaca-demo-password');
    const firstSeen = new Map<string, number>();
    await watchQueue(b.base, staff, (id, at) => firstSeen.has(id) || firstSeen.set(id, at), abort.signal);

    const email = `latency.${randomUUID().slice(0, 8)}@example.test`;
    await json(a.base, '/api/v1/accounts', {
      method: 'POST',
      body: JSON.stringify({ firstName: 'Lat', lastName: 'Ency', email, password: 'a-long-enough-password' }),
    });
    const customer = await login(a.base, email, 'a-long-enough-password');
    await json(a.base, '/api/v1/basket/store', { method: 'PUT', token: customer, body: JSON.stringify({ store: STORE }) });

    const delays: number[] = [];
    const checkIns: number[] = [];
    let missed = 0;
    for (let i = 0; i < ORDERS; i++) {
      await json(a.base, '/api/v1/basket/lines', { method: 'POST', token: customer, body: JSON.stringify({ product: 'latte', quantity: 1 }) });
      const placed = await json(a.base, '/api/v1/orders', {
        method: 'POST',
        token: customer,
        headers: { 'idempotency-key': randomUUID() },
        body: JSON.stringify({ payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } }),
      });
      const id = placed.order.id as string;
      const started = performance.now();
      const checkedIn = await json(a.base, `/api/v1/orders/${id}/check-in`, { method: 'POST', token: customer });
      const paidAt = performance.now();
      if (checkedIn.state !== 'paid') throw new Error(`order ${id} is ${checkedIn.state} after check-in`);
      checkIns.push(paidAt - started);
      const deadline = paidAt + 10_000;
      while (!firstSeen.has(id) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      const seenAt = firstSeen.get(id);
      if (seenAt === undefined) missed++;
      // Seen before the check-in's answer arrived (the NOTIFY beat the HTTP reply): counted as 0.
      else delays.push(Math.max(0, seenAt - paidAt));
      await new Promise((r) => setTimeout(r, 100));
    }
    const sorted = [...delays].sort((x, y) => x - y);
    const checkInSorted = [...checkIns].sort((x, y) => x - y);
    const fmt = (n: number) => `${Math.round(n)} ms`;
    console.log(`orders: ${ORDERS}, seen on the other instance: ${delays.length}, missed (10 s): ${missed}`);
    console.log(
      `paid on A → listed on B's queue stream: p50 ${fmt(percentile(sorted, 50))}, p90 ${fmt(percentile(sorted, 90))}, p99 ${fmt(percentile(sorted, 99))}, max ${fmt(sorted.at(-1)!)}`,
    );
    console.log(`check-in request on A (capture included): p50 ${fmt(percentile(checkInSorted, 50))}, p99 ${fmt(percentile(checkInSorted, 99))}`);
  } finally {
    abort.abort();
    for (const app of apps) await app.stop();
    await pg.stop();
  }
}

await main();
