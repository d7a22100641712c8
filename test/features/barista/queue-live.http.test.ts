// The live queue over Server-Sent Events, through real sockets. In the two-instance
// case each instance has its own connections and LISTEN on PostgreSQL; PGlite is
// one in-process database, so there the two instances share it (each with its own hub).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../../src/app.js';
import type { AppDeps } from '../../../src/deps.js';
import { connectDatabase, type Database } from '../../../src/db/connect.js';
import { LiveHub } from '../../../src/live/live-hub.js';
import { Lifecycle } from '../../../src/web/lifecycle.js';
import { TEST_DATABASE } from '../../support/database.js';
import { HANG_MS } from '../../support/hang.js';
import { openSse, type SseEvent } from '../../support/sse-client.js';
import { apiLogin, listenOnLoopback, startTestApp, type TestApp } from '../../support/test-app.js';
import { newCustomer, placedOrder, post } from '../orders/helpers.js';

const queueEvent = (predicate: (queue: any) => boolean) => (event: SseEvent) => event.event === 'queue' && predicate(JSON.parse(event.data));
const has = (id: string) => (queue: any) => queue.making.some((ticket: any) => ticket.id === id);

describe('live queue (SSE)', () => {
  let t: TestApp;
  let baseUrl: string;
  let barista: { authorization: string };
  before(async () => {
    t = await startTestApp({ SSE_HEARTBEAT_INTERVAL: '1s' });
    baseUrl = await listenOnLoopback(t.app);
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
  });
  after(() => t.close());

  async function checkedIn(firstName: string) {
    const customer = await newCustomer(t, firstName);
    const order = await placedOrder(t, customer);
    return { order, checkIn: () => post(t, customer, `/api/v1/orders/${order.id}/check-in`) };
  }

  it('sends the queue on connect and again, with the new ticket, when a customer checks in', async () => {
    const stream = await openSse(`${baseUrl}/api/v1/stores/colchester/queue/events`, barista);
    const ipswich = await openSse(`${baseUrl}/api/v1/stores/ipswich/queue/events`, await apiLogin(t.app, 'barista.ipswich@alpaca.test'));
    try {
      assert.equal(stream.status, 200);
      const first = JSON.parse((await stream.next((e) => e.event === 'queue')).data);
      assert.equal(first.store, 'colchester');
      await ipswich.next((e) => e.event === 'queue');

      const metrics = await t.app.inject({ url: '/metrics' });
      assert.match(metrics.body, /^alpaca_sse_subscribers 2$/m);

      const { order, checkIn } = await checkedIn('Dora');
      assert.equal((await checkIn()).statusCode, 200);
      const event = await stream.next(queueEvent(has(order.id)), HANG_MS);
      const ticket = JSON.parse(event.data).making.find((x: any) => x.id === order.id);
      assert.equal(ticket.customer, 'Dora H.');

      // The Ipswich stream heard nothing about a Colchester order.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(ipswich.events.filter((e) => e.event === 'queue').length, 1);
      assert.ok(!ipswich.events.some((e) => e.data.includes(order.id)));
    } finally {
      stream.close();
      ipswich.close();
    }
  });

  it('refuses streams to people who are not staff of the store', async () => {
    const guest = await openSse(`${baseUrl}/api/v1/stores/colchester/queue/events`);
    const other = await openSse(`${baseUrl}/api/v1/stores/colchester/queue/events`, await apiLogin(t.app, 'barista.ipswich@alpaca.test'));
    guest.close();
    other.close();
    assert.equal(guest.status, 401);
    assert.equal(other.status, 403);
  });

  it('loses no ticket while a tablet is disconnected: the first event after reconnecting has it', async () => {
    const stream = await openSse(`${baseUrl}/api/v1/stores/colchester/queue/events`, barista);
    const first = await stream.next((e) => e.event === 'queue');
    stream.close();
    const { order, checkIn } = await checkedIn('Eve');
    await checkIn();
    const again = await openSse(`${baseUrl}/api/v1/stores/colchester/queue/events`, { ...barista, 'last-event-id': first.id ?? '' });
    try {
      await again.next(queueEvent(has(order.id)), HANG_MS);
    } finally {
      again.close();
    }
  });

  it('delivers an order event written through one app instance to a subscriber on another (one database)', async () => {
    const shared = TEST_DATABASE === 'pglite';
    const db: Database = shared ? t.deps.db : await connectDatabase({ dataDir: '', databaseUrl: t.database.url!, poolSize: 3 });
    const deps: AppDeps = { ...t.deps, db, lifecycle: new Lifecycle(), live: new LiveHub(db) };
    const second = await buildApp(deps);
    try {
      const secondUrl = await listenOnLoopback(second);
      const stream = await openSse(`${secondUrl}/api/v1/stores/colchester/queue/events`, barista);
      try {
        await stream.next((e) => e.event === 'queue');
        const { order, checkIn } = await checkedIn('Fay'); // through the first instance
        assert.equal((await checkIn()).statusCode, 200);
        await stream.next(queueEvent(has(order.id)), HANG_MS);
      } finally {
        stream.close();
      }
    } finally {
      await second.close();
      if (!shared) await db.close();
    }
  });

  // Issue 10's closing figure: a new order on a second tablet on another instance, p99 < 1 s. On
  // PostgreSQL the second instance has its own pool and its own LISTEN connection (as two processes
  // would); on PGlite the two share the database. Timed from the check-in's answer (the order paid
  // and committed) to the queue event on the second instance that first lists it; the tap's whole
  // time (request sent to event seen) is printed beside it.
  it('brings 25 new orders to a tablet on another instance with p99 under 1 s', async () => {
    const ORDERS = 25;
    const shared = TEST_DATABASE === 'pglite';
    const db: Database = shared ? t.deps.db : await connectDatabase({ dataDir: '', databaseUrl: t.database.url!, poolSize: 3 });
    const second = await buildApp({ ...t.deps, db, lifecycle: new Lifecycle(), live: new LiveHub(db) });
    const fromAnswer: number[] = [];
    const fromTap: number[] = [];
    try {
      const secondUrl = await listenOnLoopback(second);
      // Placed beforehand (placing is not what is measured); each is checked in, one at a time.
      const orders = [];
      for (let i = 0; i < ORDERS; i++) orders.push(await checkedIn(`Lat${String.fromCharCode(97 + i)}`));
      const stream = await openSse(`${secondUrl}/api/v1/stores/colchester/queue/events`, barista);
      try {
        await stream.next((e) => e.event === 'queue');
        for (const { order, checkIn } of orders) {
          const seen = stream.next(queueEvent(has(order.id)), HANG_MS).then(() => performance.now());
          const tapped = performance.now();
          assert.equal((await checkIn()).statusCode, 200);
          const answered = performance.now();
          const at = await seen;
          fromAnswer.push(Math.max(0, at - answered));
          fromTap.push(at - tapped);
        }
      } finally {
        stream.close();
      }
    } finally {
      await second.close();
      if (!shared) await db.close();
    }
    const pct = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    };
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      `new order → second tablet on another instance (${TEST_DATABASE}, ${ORDERS} orders): ` +
        `from the check-in's answer p50 ${ms(pct(fromAnswer, 50))}, p99 ${ms(pct(fromAnswer, 99))}, max ${ms(Math.max(...fromAnswer))}; ` +
        `from the tap p50 ${ms(pct(fromTap, 50))}, p99 ${ms(pct(fromTap, 99))}`,
    );
    assert.equal(fromAnswer.length, ORDERS);
    assert.ok(pct(fromAnswer, 99) < 1000, `p99 ${ms(pct(fromAnswer, 99))} from the check-in's answer`);
  });
});
