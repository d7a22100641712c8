// Request ids end to end: returned in X-Request-Id (the proxy's when believable), and kept with
// every outbox message the request enqueued, whose delivery is logged with it (decision 704).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOutbox } from '../../src/outbox/runtime.js';
import { fillBasket, newCustomer, place } from '../features/orders/helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('answers every request with an X-Request-Id: the trusted proxy’s, or a fresh UUID', async () => {
    const fresh = await t.app.inject({ url: '/api/v1/stores' });
    assert.match(String(fresh.headers['x-request-id']), UUID);
    const again = await t.app.inject({ url: '/api/v1/stores' });
    assert.notEqual(again.headers['x-request-id'], fresh.headers['x-request-id']);
    // app.inject comes from 127.0.0.1, and TRUST_PROXY is loopback by default: the load balancer.
    const proxied = await t.app.inject({ url: '/api/v1/stores', headers: { 'x-request-id': 'lb-7f3a:0001' } });
    assert.equal(proxied.headers['x-request-id'], 'lb-7f3a:0001');
    const page = await t.app.inject({ url: '/no-such-page', headers: { 'x-request-id': 'lb-7f3a:0002' } });
    assert.equal(page.statusCode, 404);
    assert.equal(page.headers['x-request-id'], 'lb-7f3a:0002');
    const injected = await t.app.inject({ url: '/api/v1/stores', headers: { 'x-request-id': 'a"b{"level":60}' } });
    assert.match(String(injected.headers['x-request-id']), UUID);
  });

  it('believes no X-Request-Id from an address outside TRUST_PROXY', async () => {
    const direct = await startTestApp({ TRUST_PROXY: '10.0.0.0/8' });
    try {
      const response = await direct.app.inject({ url: '/api/v1/stores', headers: { 'x-request-id': 'client-chosen' } });
      assert.match(String(response.headers['x-request-id']), UUID);
    } finally {
      await direct.close();
    }
  });

  it('keeps the id with the outbox messages the request caused, and logs their delivery with it', async () => {
    const customer = await newCustomer(t, 'Reqid');
    await fillBasket(t, customer);
    const placed = await place(t, customer);
    assert.equal(placed.statusCode, 201, placed.body);
    const orderId = placed.json().order.id as string;
    const requestId = String(placed.headers['x-request-id']);
    assert.match(requestId, UUID);

    const all = await t.deps.db.writer.selectFrom('outbox').select(['id', 'kind', 'request_id', 'payload']).execute();
    const about = (payload: unknown) => payload as { orderId?: string; data?: { orderId?: string } };
    const mine = all.filter((r) => about(r.payload).orderId === orderId || about(r.payload).data?.orderId === orderId);
    assert.ok(mine.length > 0, 'placing an order enqueues its email');
    for (const row of mine) assert.equal(row.request_id, requestId, `${row.kind} row ${row.id}`);

    const lines: { msg: string; fields: Record<string, unknown> }[] = [];
    const record = (fields: object, msg: string) => lines.push({ msg, fields: fields as Record<string, unknown> });
    const outbox = createOutbox(t.deps, { info: record, warn: record, error: record });
    try {
      await outbox.drainOnce();
    } finally {
      await outbox.close();
    }
    const delivered = lines.filter((l) => l.msg === 'outbox delivered' && mine.some((r) => r.id === l.fields['outboxId']));
    assert.ok(delivered.length > 0, JSON.stringify(lines));
    for (const line of delivered) assert.equal(line.fields['reqId'], requestId);
  });
});
