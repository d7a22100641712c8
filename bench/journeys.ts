// The order path, which one repeated request cannot drive (each order needs a basket of its own):
// - place order: each worker is a customer who adds a drink and places the order with a fresh
//   Idempotency-Key (simulated gateway), again and again; only the placing request is timed.
// - check-in → ticket: one customer at a time places an order and taps "I'm here"; the time runs
//   from the check-in's answer (the order is paid and its ticket committed to the outbox) to the
//   ticket appearing where the store sees it. Embedded, and without a broker, that is the in-app
//   ticket feed (/staff/:store/tickets, polled every POLL_MS, so the figure is that much coarse);
//   with MQTT it would end at a subscriber (the cluster mode's part).
// Orders go to the always-open demo store, so the bench runs at any hour.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Figures } from './measure.js';

export const ORDER_STORE = 'demo';
const CARD = { card: '4242424242424242', expiry: '12/30', cvc: '123' };
const POLL_MS = 20;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  body: string;
}

function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function ok(base: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const answer = await request(base, method, path, { authorization: `Bearer ${token}`, ...headers }, body === undefined ? undefined : JSON.stringify(body));
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
  return answer.body ? JSON.parse(answer.body) : null;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The place-order request as the ceiling replays it, with a recorded answer to replay. */
export interface PlaceOrderRecording {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const addLine = (base: string, token: string) => ok(base, 'POST', '/api/v1/basket/lines', token, { product: 'latte', quantity: 1 });
const place = (base: string, token: string) =>
  request(base, 'POST', '/api/v1/orders', { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, JSON.stringify({ payment: CARD }));

/** Points each customer's basket at the demo store. */
export async function prepareOrderingCustomers(base: string, tokens: readonly string[]): Promise<void> {
  for (const token of tokens) await ok(base, 'PUT', '/api/v1/basket/store', token, { store: ORDER_STORE });
}

/**
 * `connections` customers placing orders for `seconds` (after `warmUpSeconds` the same way), each
 * with a basket of its own. Figures of the placing requests only.
 */
export async function measurePlaceOrder(
  base: string,
  tokens: readonly string[],
  connections: number,
  length: { seconds: number; requests?: number },
  warmUpSeconds: number,
): Promise<Figures> {
  const run = async (seconds: number, maxRequests: number | undefined) => {
    const latencies: number[] = [];
    let non2xx = 0;
    let errors = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    let budget = maxRequests ?? Number.POSITIVE_INFINITY;
    await Promise.all(
      Array.from({ length: connections }, async (_, w) => {
        const token = tokens[w % tokens.length]!;
        while (performance.now() < until && budget > 0) {
          budget--;
          try {
            await addLine(base, token);
            const t0 = performance.now();
            const answer = await place(base, token);
            latencies.push(performance.now() - t0);
            if (answer.status !== 201) non2xx++;
          } catch {
            errors++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { latencies, non2xx, errors, elapsed };
  };
  if (warmUpSeconds > 0) await run(warmUpSeconds, length.requests);
  const { latencies, non2xx, errors, elapsed } = await run(length.requests ? 600 : length.seconds, length.requests);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    // Orders placed per second of the run (each worker also adds its drink in between, untimed).
    rps: Math.round(sorted.length / Math.max(elapsed, 0.001)),
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    non2xx,
    errors,
  };
}

/** One order placed by the first customer, as the ceiling's recording (its answer is replayed). */
export async function recordPlaceOrder(base: string, token: string): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  await addLine(base, token);
  const answer = await place(base, token);
  return { status: answer.status, body: answer.body, headers: { 'content-type': 'application/json; charset=utf-8' } };
}

export interface TicketFigures {
  orders: number;
  /** Tickets not seen within 10 s. */
  missed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Where the time stops: the in-app ticket feed (embedded, no broker) or an MQTT subscriber. */
  endsAt: 'in-app ticket feed';
}

/** `orders` check-ins one after another; from each check-in's answer to its ticket on the staff feed. */
export async function measureCheckInToTicket(base: string, customer: string, staff: string, orders: number): Promise<TicketFigures> {
  const delays: number[] = [];
  let missed = 0;
  for (let i = 0; i < orders; i++) {
    await addLine(base, customer);
    const placed = await place(base, customer);
    if (placed.status !== 201) throw new Error(`placing an order: ${placed.status} ${placed.body.slice(0, 200)}`);
    const order = JSON.parse(placed.body).order as { id: string; number: number | string };
    await ok(base, 'POST', `/api/v1/orders/${order.id}/check-in`, customer);
    const answered = performance.now();
    const deadline = answered + 10_000;
    let seenAt: number | null = null;
    while (performance.now() < deadline) {
      const feed = await request(base, 'GET', `/staff/${ORDER_STORE}/tickets`, { cookie: `sid=${staff}` });
      if (feed.status !== 200) throw new Error(`ticket feed: ${feed.status}`);
      if (feed.body.includes(`id="ticket-${order.number}"`)) {
        seenAt = performance.now();
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    if (seenAt === null) missed++;
    else delays.push(seenAt - answered);
  }
  const sorted = delays.sort((a, b) => a - b);
  return {
    orders,
    missed,
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    maxMs: Math.round(sorted.at(-1) ?? 0),
    endsAt: 'in-app ticket feed',
  };
}
