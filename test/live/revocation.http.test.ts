// Revocation is immediate (issue 15 item 3, DESIGN.md §3, decision 501): a live stream opened on one
// instance ends within a second when its session or its right is taken away through another —
// logout, a password change (other sessions), disabling the account, revoking the role it used.
// On PostgreSQL the two instances have their own pools and LISTEN connections; PGlite is one
// in-process database, so there they share it (each with its own hub), as in queue-live.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import type { AppDeps } from '../../src/deps.js';
import { connectDatabase, type Database } from '../../src/db/connect.js';
import { LiveHub } from '../../src/live/live-hub.js';
import { Lifecycle } from '../../src/web/lifecycle.js';
import { TEST_DATABASE } from '../support/database.js';
import { HANG_MS } from '../support/hang.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { sessionIdFor } from '../../src/web/session-store.js';
import { apiLogin, Browser, listenOnLoopback, startTestApp, type TestApp } from '../support/test-app.js';
import { newCustomer, placedOrder, post, type Auth } from '../features/orders/helpers.js';

/** The promise: a stream ends within this long of the revoking request's answer, on the other instance. */
const WITHIN_MS = 1000;

describe('revocation reaches open streams on every instance within 1 s', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let secondDb: Database;
  let secondUrl: string;
  const shared = TEST_DATABASE === 'pglite';
  const streams: SseClient[] = [];
  const measured: Record<string, number> = {};

  const open = async (path: string, auth: Auth) => {
    const stream = await openSse(`${secondUrl}${path}`, auth);
    streams.push(stream);
    assert.equal(stream.status, 200, `${path} opens`);
    return stream;
  };

  /** Runs `revoke` (on the first instance) and measures how long after its answer the stream ended. */
  async function endsWithin(name: string, stream: SseClient, revoke: () => Promise<void>): Promise<void> {
    await revoke();
    const answeredAt = Date.now();
    const endedAt = await Promise.race([
      stream.ended,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`${name}: the stream is still open after ${HANG_MS} ms`)), HANG_MS)),
    ]);
    measured[name] = Math.max(0, endedAt - answeredAt);
    assert.ok(measured[name] <= WITHIN_MS, `${name}: ended ${measured[name]} ms after the answer (promise: ≤ ${WITHIN_MS} ms)`);
  }

  /** A new account holding `grants` (store slugs) as barista, logged in over the API. */
  async function newBarista(stores: string[]): Promise<{ id: number; auth: Auth }> {
    const email = `barista.${randomUUID().slice(0, 8)}@example.test`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { firstName: 'Bea', lastName: 'Rista', email, password: 'a-long-enough-password' },
    });
    const id = created.json().user.id as number;
    for (const slug of stores) {
      await sql`INSERT INTO user_roles (user_id, role, store_id) SELECT ${id}, 'barista', id FROM stores WHERE slug = ${slug}`.execute(t.deps.db.writer);
    }
    return { id, auth: await apiLogin(t.app, email, 'a-long-enough-password') };
  }

  before(async () => {
    t = await startTestApp({ SSE_HEARTBEAT_INTERVAL: '60s' }); // heartbeats re-check too: too slow to be what ends these streams
    secondDb = shared ? t.deps.db : await connectDatabase({ dataDir: '', databaseUrl: t.database.url!, poolSize: 3 });
    const deps: AppDeps = { ...t.deps, db: secondDb, lifecycle: new Lifecycle(), live: new LiveHub(secondDb) };
    second = await buildApp(deps);
    secondUrl = await listenOnLoopback(second);
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await second.close();
    if (!shared) await secondDb.close();
    await t.close();
    console.log(`revocation: stream ended after the answer (ms): ${JSON.stringify(measured)}`);
  });

  it('logout ends that session and its streams, not the account’s other sessions', async () => {
    const auth = await newCustomer(t, 'Lola');
    const order = await placedOrder(t, auth);
    const { authorization: other } = await apiLogin(
      t.app,
      (await t.app.inject({ url: '/api/v1/account', headers: auth })).json().email,
      'a-long-enough-password',
    );
    const stream = await open(`/api/v1/orders/${order.id}/events`, auth);
    const otherStream = await open(`/api/v1/orders/${order.id}/events`, { authorization: other });
    await stream.next((e) => e.event === 'order');
    await endsWithin('logout', stream, async () => {
      const response = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: auth });
      assert.equal(response.statusCode, 204);
    });
    // The other session's stream still gets events.
    assert.equal((await post(t, { authorization: other }, `/api/v1/orders/${order.id}/cancel`)).statusCode, 200);
    await otherStream.next((e) => e.event === 'order' && JSON.parse(e.data).state === 'cancelled');
  });

  it('a password change ends every other session and its streams; the one that changed it goes on', async () => {
    const email = `pat.${randomUUID().slice(0, 8)}@example.test`;
    await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { firstName: 'Pat', lastName: 'Word', email, password: 'a-long-enough-password' } });
    const phone = await apiLogin(t.app, email, 'a-long-enough-password');
    const laptop = await apiLogin(t.app, email, 'a-long-enough-password');
    const order = await placedOrder(t, phone);
    const stream = await open(`/api/v1/orders/${order.id}/events`, phone);
    await stream.next((e) => e.event === 'order');
    await endsWithin('password change', stream, async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: laptop,
        payload: { currentPassword: 'a-long-enough-password', newPassword: 'another-long-password' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().otherSessionsEnded, 1);
    });
    assert.equal((await t.app.inject({ url: '/api/v1/account', headers: phone })).statusCode, 401, 'the other session is gone');
    assert.equal((await t.app.inject({ url: '/api/v1/account', headers: laptop })).statusCode, 200, 'the changing session stays');
  });

  it('disabling an account ends all of its sessions and streams', async () => {
    const barista = await newBarista(['colchester']);
    const stream = await open('/api/v1/stores/colchester/queue/events', barista.auth);
    await stream.next((e) => e.event === 'queue');
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    await endsWithin('disable', stream, async () => {
      const response = await admin.post(`/admin/users/${barista.id}/disable`, { confirm: 'yes' });
      assert.equal(response.statusCode, 303);
    });
  });

  it('revoking a role closes the streams that needed it, and only those', async () => {
    const barista = await newBarista(['colchester', 'ipswich']);
    const colchester = await open('/api/v1/stores/colchester/queue/events', barista.auth);
    const ipswich = await open('/api/v1/stores/ipswich/queue/events', barista.auth);
    await colchester.next((e) => e.event === 'queue');
    await ipswich.next((e) => e.event === 'queue');
    const grant = await t.deps.db.writer
      .selectFrom('user_roles')
      .innerJoin('stores', 'stores.id', 'user_roles.store_id')
      .select('user_roles.id')
      .where('user_roles.user_id', '=', barista.id)
      .where('stores.slug', '=', 'colchester')
      .executeTakeFirstOrThrow();
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    await endsWithin('role revoke', colchester, async () => {
      const response = await admin.post(`/admin/users/${barista.id}/roles/${grant.id}/revoke`, { confirm: 'yes' });
      assert.equal(response.statusCode, 303);
    });
    // Ipswich's stream is still theirs: it stays open.
    const ended = await Promise.race([ipswich.ended.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300))]);
    assert.equal(ended, false, 'the Ipswich stream stays open');
  });

  it('a stream re-checks its right before every event it sends, even if no notice arrived', async () => {
    const email = `quinn.${randomUUID().slice(0, 8)}@example.test`;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { firstName: 'Quinn', lastName: 'Check', email, password: 'a-long-enough-password' },
    });
    const phone = await apiLogin(t.app, email, 'a-long-enough-password');
    const laptop = await apiLogin(t.app, email, 'a-long-enough-password');
    const order = await placedOrder(t, phone);
    const stream = await open(`/api/v1/orders/${order.id}/events`, phone);
    await stream.next((e) => e.event === 'order');
    // The phone's session vanishes with no announcement (as if the notice were lost)…
    const secret = phone.authorization.replace(/^Bearer /, '');
    await t.deps.db.writer.deleteFrom('sessions').where('id', '=', sessionIdFor(secret)).execute();
    // …then the order changes (through the laptop): the stream must not send that event, and ends.
    assert.equal((await post(t, laptop, `/api/v1/orders/${order.id}/cancel`)).statusCode, 200);
    await Promise.race([stream.ended, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the stream is still open')), HANG_MS))]);
    assert.deepEqual(
      stream.events.map((e) => JSON.parse(e.data).state),
      ['authorised'],
      'the event after the session ended was not sent',
    );
  });
});
