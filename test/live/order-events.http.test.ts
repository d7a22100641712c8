// Live order status over real HTTP: a subscriber receives each committed order
// event (LISTEN/NOTIFY → SSE), resumes with Last-Event-ID, gets heartbeats, and
// keeps receiving after its database connection is dropped (PostgreSQL).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { LiveHub } from '../../src/live/live-hub.js';
import { TEST_DATABASE } from '../support/database.js';
import { SseClient } from './sse-reader.js';
import { apiLogin, listenOnLoopback, startTestApp, type TestApp } from '../support/test-app.js';
import { newCustomer, placedOrder, post, type Auth } from '../features/orders/helpers.js';

describe('order events over Server-Sent Events', () => {
  let t: TestApp;
  let base: string;
  let auth: Auth;
  const clients: SseClient[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${base}${path}`, headers);
    clients.push(client);
    return client;
  };

  before(async () => {
    t = await startTestApp({ SSE_HEARTBEAT_INTERVAL: '200ms' });
    t.deps.live = new LiveHub(t.deps.db, { watchdogMs: 300 });
    base = await listenOnLoopback(t.app);
    auth = await newCustomer(t);
  });
  after(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  it('streams the current state, then each change as it commits: authorised → capturing → paid → ready → completed', async () => {
    const order = await placedOrder(t, auth);
    const stream = await open(`/api/v1/orders/${order.id}/events`, auth);
    assert.equal(stream.status, 200);
    await stream.until((c) => c.events.length >= 1);
    assert.deepEqual(stream.states(), ['authorised']);

    await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    await stream.until((c) => c.states().includes('paid'));
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    await post(t, barista, `/api/v1/orders/${order.id}/ready`);
    await post(t, barista, `/api/v1/orders/${order.id}/collected`);
    await stream.until((c) => c.states().includes('completed'));
    assert.deepEqual(stream.states(), ['authorised', 'capturing', 'paid', 'ready', 'completed']);
    const ids = stream.events.map((e) => Number(e.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ids increase',
    );
    const last = JSON.parse(stream.events.at(-1)!.data!);
    assert.equal(last.orderId, order.id);
    assert.equal(last.from, 'ready');
  });

  it('resumes after Last-Event-ID with everything missed, in order', async () => {
    const order = await placedOrder(t, auth);
    const events = (await t.app.inject({ url: `/api/v1/orders/${order.id}`, headers: auth })).json().events;
    await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    const stream = await open(`/api/v1/orders/${order.id}/events`, { ...auth, 'last-event-id': events[0].id });
    await stream.until((c) => c.states().includes('paid'));
    assert.deepEqual(stream.states(), ['authorised', 'capturing', 'paid']);
  });

  it('sends heartbeats, and only the subscribed order', async () => {
    const mine = await placedOrder(t, auth);
    const other = await placedOrder(t, auth);
    const stream = await open(`/api/v1/orders/${mine.id}/events`, auth);
    await stream.until((c) => c.events.length === 1 && c.comments >= 2);
    await post(t, auth, `/api/v1/orders/${other.id}/cancel`);
    await post(t, auth, `/api/v1/orders/${mine.id}/cancel`);
    await stream.until((c) => c.states().includes('cancelled'));
    assert.ok(stream.events.every((e) => JSON.parse(e.data!).orderId === mine.id));
  });

  it("refuses someone else's stream (404) and guests (401)", async () => {
    const order = await placedOrder(t, auth);
    const stranger = await newCustomer(t, 'Eve');
    assert.equal((await open(`/api/v1/orders/${order.id}/events`, stranger)).status, 404);
    assert.equal((await open(`/api/v1/orders/${order.id}/events`)).status, 401);
  });

  // PGlite's LISTEN is in-process: there is no connection to lose.
  if (TEST_DATABASE === 'postgres') {
    it('the watchdog re-subscribes when LISTEN is lost silently', async () => {
      const order = await placedOrder(t, auth);
      const stream = await open(`/api/v1/orders/${order.id}/events`, auth);
      await stream.until((c) => c.events.length === 1);
      // Drop the LISTEN behind the hub's back (as a failed re-subscribe after a failover would).
      const hub = t.deps.live as unknown as { unlisten: (() => Promise<void>) | null };
      await hub.unlisten?.();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await post(t, auth, `/api/v1/orders/${order.id}/cancel`);
      await stream.until((c) => c.states().includes('cancelled'));
    });

    it('keeps streaming after the listening connection is killed (the listener reconnects and LISTENs again; missed events are replayed)', async () => {
      const order = await placedOrder(t, auth);
      const stream = await open(`/api/v1/orders/${order.id}/events`, auth);
      await stream.until((c) => c.events.length === 1);
      const killed = await sql<{ pid: number }>`
        select pg_terminate_backend(pid) as pid from pg_stat_activity
        where datname = current_database() and query ilike 'listen%'`.execute(t.deps.db.writer);
      assert.ok(killed.rows.length >= 1, 'a LISTEN connection was found');
      await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
      await stream.until((c) => c.states().includes('paid'), 8000);
      assert.deepEqual(stream.states(), ['authorised', 'capturing', 'paid']);
    });
  }

  it('closing the app ends open streams', async () => {
    const order = await placedOrder(t, auth);
    const stream = await open(`/api/v1/orders/${order.id}/events`, auth);
    await stream.until((c) => c.events.length === 1);
    assert.ok(t.deps.live.subscriberCount >= 1);
    await t.deps.live.close();
    await stream.until((c) => c.ended);
    t.deps.live = new LiveHub(t.deps.db);
  });
});
