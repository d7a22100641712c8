import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_DATABASE } from '../../support/database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'test-metrics-token-0123456789abcdef';

/** The value of one sample line, e.g. sample(body, 'alpaca_orders{store="colchester",state="paid"}'). */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
  });
  after(() => t.close());

  const scrape = async () => {
    const response = await t.app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return response.body;
  };

  it('times requests by route pattern and status, never by raw URL', async () => {
    await t.app.inject({ url: '/api/v1/stores/colchester/menu' });
    await t.app.inject({ url: '/api/v1/stores/ipswich/menu' });
    await t.app.inject({ url: '/api/v1/stores/nowhere/menu' });
    await t.app.inject({ url: '/no/such/page/raw-url-probe' });
    const body = await scrape();
    assert.equal(sample(body, 'http_request_duration_seconds_count{method="GET",route="/api/v1/stores/:store/menu",status_code="200"}'), 2);
    assert.equal(sample(body, 'http_request_duration_seconds_count{method="GET",route="/api/v1/stores/:store/menu",status_code="404"}'), 1);
    assert.equal(sample(body, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}'), 1);
    // (A number like 12345 could appear in any metric value by chance; a word can't.)
    assert.doesNotMatch(body, /colchester\/menu|raw-url-probe/);
    assert.match(body, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/stores\/:store\/menu",status_code="200"\}/);
  });

  it('reports orders by store and state, the outbox backlog, the pool and process metrics', async () => {
    const db = t.deps.db.writer;
    const store = await db.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    const user = await db.selectFrom('users').select('id').where('email', '=', 'customer@alpaca.test').executeTakeFirstOrThrow();
    for (const [i, state] of (['paid', 'paid', 'ready'] as const).entries()) {
      await db
        .insertInto('orders')
        .values({
          store_id: store.id,
          user_id: user.id,
          state,
          total_pence: 350,
          customer_first_name: 'Ada',
          customer_last_initial: 'L',
          payment_gateway: 'simulated',
          idempotency_key: `metrics-${i}`,
        })
        .execute();
    }
    await db
      .insertInto('outbox')
      .values({ kind: 'email', payload: JSON.stringify({ n: 1 }), created_at: new Date(Date.now() - 90_000) } as never)
      .execute();
    await db
      .insertInto('outbox')
      .values({ kind: 'email', payload: JSON.stringify({ n: 2 }) })
      .execute();
    await db
      .insertInto('outbox')
      .values({ kind: 'email', payload: JSON.stringify({ n: 3 }), parked_at: new Date() })
      .execute();

    const body = await scrape();
    assert.equal(sample(body, 'alpaca_metrics_database_up'), 1);
    assert.equal(sample(body, 'alpaca_orders{store="colchester",state="paid"}'), 2);
    assert.equal(sample(body, 'alpaca_orders{store="colchester",state="ready"}'), 1);
    assert.equal(sample(body, 'alpaca_orders{store="ipswich",state="paid"}'), 0);
    assert.equal(sample(body, 'alpaca_outbox{status="pending"}'), 2);
    assert.equal(sample(body, 'alpaca_outbox{status="parked"}'), 1);
    const age = sample(body, 'alpaca_outbox_oldest_pending_age_seconds{status="pending"}')!;
    assert.ok(age >= 89 && age < 600, `oldest pending age ${age}`);
    assert.ok(sample(body, 'alpaca_db_pool_max_connections{pool="writer"}')! >= 1);
    if (TEST_DATABASE === 'postgres') {
      assert.match(body, /^alpaca_db_connections\{state="active"\} [1-9]/m, 'this scrape itself is an active connection');
    } else {
      assert.doesNotMatch(body, /^alpaca_db_connections\{/m, 'PGlite has no pg_stat_activity worth showing');
    }
    assert.match(body, /^process_cpu_user_seconds_total \d/m);
    assert.match(body, /^nodejs_eventloop_lag_seconds \d/m);
  });

  it('answers loopback callers that come straight in, and others only with the token', async () => {
    const proxied = await t.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '127.0.0.1' } });
    assert.equal(proxied.statusCode, 403);
    const remote = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(remote.statusCode, 403);
    assert.doesNotMatch(remote.body, /http_request_duration/);
    const wrong = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer not-the-token-at-all-000000' } });
    assert.equal(wrong.statusCode, 403);
    const right = await t.app.inject({
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' },
    });
    assert.equal(right.statusCode, 200);
    assert.match(right.body, /alpaca_orders/);
  });
});
