// No request hangs, spins or grows without bound (issue 15 item 1): a request timeout, the heap
// protection answering 503 (health and readiness still answer), and open live streams capped per
// account (a probe held 60).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SimulatedGateway } from '../../src/payments/simulated.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError } from '../support/api.js';
import { HANG_MS } from '../support/hang.js';
import { openSse, type SseClient } from '../support/sse-client.js';
import { bank, fillBasket, newCustomer, place, placedOrder } from '../features/orders/helpers.js';

describe('overload', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const t of apps) await t.close();
  });

  it('a handler still working after REQUEST_TIMEOUT answers 503; the same request sent again finds its one order', async () => {
    const t = await startTestApp({ REQUEST_TIMEOUT: '1s' });
    apps.push(t);
    t.deps.payments = new SimulatedGateway({ latencyMs: 3000 });
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const key = 'timeout-then-retry-0001';
    assertApiError(await place(t, auth, undefined, key), 503, 'timeout');
    await new Promise((resolve) => setTimeout(resolve, 3500)); // the first request's hold completes meanwhile
    const again = await place(t, auth, undefined, key);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(bank(t).ledger.holds.size, 1);
  });

  it('with the heap over its limit, new requests get 503 with Retry-After; /healthz and /readyz still answer', async () => {
    const t = await startTestApp({ HEAP_USED_LIMIT_MB: '1' });
    apps.push(t);
    const deadline = Date.now() + HANG_MS;
    let menu = await t.app.inject({ url: '/api/v1/stores' });
    while (menu.statusCode !== 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the heap is sampled every second
      menu = await t.app.inject({ url: '/api/v1/stores' });
    }
    assertApiError(menu, 503, 'overloaded');
    assert.ok(menu.headers['retry-after']);
    const page = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /very busy/);
    assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
  });

  it('an account holds at most LIVE_STREAMS_PER_ACCOUNT open streams; closing one makes room', async () => {
    const t = await startTestApp({ LIVE_STREAMS_PER_ACCOUNT: '3' });
    apps.push(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const auth = await newCustomer(t);
    const order = await placedOrder(t, auth);
    const url = `${base}/api/v1/orders/${order.id}/events`;
    const streams: SseClient[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const stream = await openSse(url, auth);
        streams.push(stream);
        assert.equal(stream.status, 200);
      }
      const refused = await fetch(url, { headers: { ...auth, accept: 'text/event-stream' } });
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'too_many_streams');
      const other = await newCustomer(t, 'Ada');
      const theirs = await placedOrder(t, other);
      const stream = await openSse(`${base}/api/v1/orders/${theirs.id}/events`, other);
      streams.push(stream);
      assert.equal(stream.status, 200, 'another account has its own places');

      streams.shift()!.close();
      const deadline = Date.now() + HANG_MS;
      let reopened = await openSse(url, auth);
      while (reopened.status !== 200 && Date.now() < deadline) {
        reopened.close();
        await new Promise((resolve) => setTimeout(resolve, 100)); // the server sees the close
        reopened = await openSse(url, auth);
      }
      streams.push(reopened);
      assert.equal(reopened.status, 200);
    } finally {
      for (const s of streams) s.close();
    }
  });
});
