// A simulated rush at a store's capacity (issue 9 item 2; decision 307). Two measurements:
//
// 1. ETA error. Virtual time (an injected clock) through the real app on an in-memory PGlite:
//    customers arrive at random (Poisson) for RUSH_MINUTES with as many drinks as the store makes
//    (drinks_per_slot per 5 minutes); 70 % tap "I'm here" at once, 30 % are "on my way" (5–15 min),
//    started by the scheduler's own startDueOrders at their moment. A simulated kitchen, which
//    knows nothing of the ETA rules, makes the drinks: one start every 5 min / capacity, each gap
//    ±20 %, each drink its category's preparation time ±15 %, and the barista marks the order ready
//    (through the API) 0–15 s after its last drink. Error = |ready time told when making started −
//    actual ready time|.
// 2. Due → queue latency. Real time and real timers: two scheduler instances (as two app instances
//    would run) over one database; SCHEDULED orders are given moments spread over the next
//    SPREAD_S seconds; latency = when the order was charged (paid_at) − its moment.
//
//   npm run bench:rush            (RUSH_MINUTES=60 SCHEDULED=100 SPREAD_S=40 by default)
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { wrapPglite, type Database } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoData } from '../src/db/seed/seed.js';
import { LiveHub, publishLive } from '../src/live/live-hub.js';
import { write } from '../src/db/unit-of-work.js';
import { createPaymentGateway } from '../src/payments/create-gateway.js';
import { Lifecycle } from '../src/web/lifecycle.js';
import type { AppDeps } from '../src/deps.js';
import { startDueOrders, startStartScheduler } from '../src/features/orders/index.js';

const RUSH_MINUTES = Number(process.env['RUSH_MINUTES'] ?? 60);
const SCHEDULED = Number(process.env['SCHEDULED'] ?? 100);
const SPREAD_S = Number(process.env['SPREAD_S'] ?? 40);
const DRINKS_PER_SLOT = 12;
const PREP_S = 180; // the seed's coffee category
const START = new Date('2026-11-25T09:00:00Z'); // a Wednesday morning: the demo stores are open

/** A seeded generator, so a run can be repeated (SEED). */
let seed = Number(process.env['SEED'] ?? 7);
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const between = (low: number, high: number) => low + (high - low) * random();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function makeApp(db: Database, clock: () => Date): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '.test-tmp/bench-rush', RATE_LIMIT_SCALE: '1000' });
  const deps: AppDeps = { config, db, clock, lifecycle: new Lifecycle(), payments: createPaymentGateway(config), live: new LiveHub(db) };
  const app = await buildApp(deps);
  await app.ready();
  return { app, deps };
}

async function login(app: FastifyInstance, email: string, password: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`login: ${response.body}`);
  return { authorization: `Bearer ${response.json().token}` };
}

async function customers(app: FastifyInstance, n: number) {
  const list: { authorization: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `rush.${i}.${randomUUID().slice(0, 6)}@example.test`;
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { firstName: 'Rush', lastName: 'Customer', email, password: 'a-long-enough-password' },
    });
    if (made.statusCode !== 201) throw new Error(made.body);
    list.push(await login(app, email, 'a-long-enough-password'));
  }
  return list;
}

async function order(app: FastifyInstance, auth: { authorization: string }, drinks: number, trigger: Record<string, unknown>) {
  await app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } });
  const line = await app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth, payload: { product: 'latte', quantity: drinks } });
  if (line.statusCode !== 201) throw new Error(line.body);
  const placed = await app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth, 'idempotency-key': randomUUID() },
    payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' }, trigger },
  });
  if (placed.statusCode !== 201) throw new Error(placed.body);
  return placed.json().order as { id: string };
}

async function fresh(): Promise<Database> {
  const db = wrapPglite(await PGlite.create());
  await migrateToLatest(db.writer);
  await seedDemoData(db.writer);
  await db.writer.updateTable('stores').set({ drinks_per_slot: DRINKS_PER_SLOT }).execute();
  // The real-time part runs whenever the bench is run: the stores are open all day.
  await db.writer.updateTable('store_hours').set({ opens: '00:00', closes: '23:59' }).execute();
  return db;
}

/** 1. ETA error in virtual time. */
async function etaError() {
  let now = START.getTime();
  const db = await fresh();
  const { app, deps } = await makeApp(db, () => new Date(now));
  const people = await customers(app, 30);
  const barista = await login(app, 'barista.colchester@alpaca.test', 'alpaca-demo-password');
  const free = people.map(() => true);
  // The kitchen: the next drink's start, and each charged order's actual ready time.
  let kitchenFree = 0;
  const actual = new Map<string, number>();
  const told = new Map<string, number>();
  const errors: number[] = [];
  const seen = new Set<string>();
  const owner = new Map<string, number>();
  const meanDrinks = 2;
  const ordersPerMs = DRINKS_PER_SLOT / meanDrinks / (5 * 60_000);
  let nextArrival = now + -Math.log(1 - random()) / ordersPerMs;
  const end = now + RUSH_MINUTES * 60_000;
  const tick = 5_000;
  for (; now < end + 30 * 60_000; now += tick) {
    while (nextArrival <= now && nextArrival < end) {
      const who = free.indexOf(true);
      nextArrival += -Math.log(1 - random()) / ordersPerMs;
      if (who < 0) continue; // every customer has an order open: the rush is bigger than the pool
      free[who] = false;
      const drinks = 1 + Math.floor(random() * 3);
      const scheduled = random() < 0.3;
      const placed = await order(
        app,
        people[who]!,
        drinks,
        scheduled ? { kind: 'on_my_way', arrivalMinutes: 5 + Math.floor(random() * 11) } : { kind: 'here' },
      );
      owner.set(placed.id, who);
      if (!scheduled) await app.inject({ method: 'POST', url: `/api/v1/orders/${placed.id}/check-in`, headers: people[who]! });
    }
    await startDueOrders(deps);
    // Newly charged orders go to the kitchen, first come first served.
    const charged = await db.writer
      .selectFrom('orders')
      .select(['id', 'paid_at', 'drinks', 'ready_estimate_at'])
      .where('state', '=', 'paid')
      .orderBy('paid_at')
      .orderBy('number')
      .execute();
    for (const row of charged) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      told.set(row.id, row.ready_estimate_at!.getTime());
      let last = 0;
      for (let d = 0; d < row.drinks; d++) {
        const start = Math.max(kitchenFree, row.paid_at!.getTime());
        kitchenFree = start + ((5 * 60_000) / DRINKS_PER_SLOT) * between(0.8, 1.2);
        last = Math.max(last, start + PREP_S * 1000 * between(0.85, 1.15));
      }
      actual.set(row.id, last + between(0, 15_000));
    }
    for (const [id, at] of actual) {
      if (at > now) continue;
      actual.delete(id);
      const ready = await app.inject({ method: 'POST', url: `/api/v1/orders/${id}/ready`, headers: barista });
      if (ready.statusCode !== 200) throw new Error(ready.body);
      errors.push(Math.abs(told.get(id)! - at) / 1000);
      free[owner.get(id)!] = true;
    }
  }
  await app.close();
  await db.close();
  return { orders: errors.length, p50: percentile(errors, 50), p90: percentile(errors, 90), max: Math.max(...errors) };
}

/** 2. Due → queue latency in real time, two scheduler instances. */
async function dueToQueue() {
  const db = await fresh();
  const a = await makeApp(db, () => new Date());
  const b = await makeApp(db, () => new Date());
  const people = await customers(a.app, SCHEDULED);
  const ids: string[] = [];
  for (const person of people) ids.push((await order(a.app, person, 1 + Math.floor(random() * 3), { kind: 'on_my_way', arrivalMinutes: 120 })).id);
  const quiet = { info: () => {}, warn: (o: unknown, m?: string) => console.warn(m, o) };
  const schedulers = [startStartScheduler(a.deps, quiet), startStartScheduler(b.deps, quiet)];
  // Moments spread over the next SPREAD_S seconds, announced as a change would be.
  const base = Date.now() + 2_000;
  for (const id of ids) {
    const moment = new Date(base + random() * SPREAD_S * 1000);
    await write(
      db.writer,
      async (trx) => {
        const row = await trx
          .updateTable('orders')
          .set({ making_starts_at: moment })
          .where('id', '=', id)
          .returning(['id', 'store_id'])
          .executeTakeFirstOrThrow();
        await publishLive(trx, { orderId: row.id, storeId: row.store_id, eventId: '0' });
      },
      { guardedBy: 'idempotent by nature' },
    );
  }
  const deadline = Date.now() + (SPREAD_S + 60) * 1000;
  for (;;) {
    const left = await db.writer.selectFrom('orders').select('id').where('state', 'in', ['authorised', 'capturing']).execute();
    if (left.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const s of schedulers) await s.stop();
  const rows = await db.writer.selectFrom('orders').select(['state', 'making_starts_at', 'paid_at', 'checked_in_at']).execute();
  const latencies = rows.filter((r) => r.paid_at).map((r) => (r.paid_at!.getTime() - r.making_starts_at!.getTime()) / 1000);
  const events = await db.writer
    .selectFrom('order_events')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('transition', '=', 'start_making')
    .executeTakeFirstOrThrow();
  await a.app.close();
  await b.app.close();
  await db.close();
  return {
    orders: ids.length,
    paid: latencies.length,
    claims: Number(events.n),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

const eta = await etaError();
console.log(
  `ETA error over ${eta.orders} orders (${RUSH_MINUTES} min at ${DRINKS_PER_SLOT} drinks/5 min): p50 ${eta.p50.toFixed(1)} s, p90 ${eta.p90.toFixed(1)} s, max ${eta.max.toFixed(1)} s`,
);
const due = await dueToQueue();
console.log(
  `Due → queue over ${due.orders} scheduled orders (2 instances, ${due.claims} claims, ${due.paid} charged): p50 ${due.p50.toFixed(3)} s, p99 ${due.p99.toFixed(3)} s, max ${due.max.toFixed(3)} s`,
);
