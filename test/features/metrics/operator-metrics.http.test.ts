// The metrics an operator alerts on (issue 12 item 3, decision 705): promtool accepts the scrape and
// the rules file, and the counters move when orders are placed and change state, payments fail,
// outbox messages are delivered, and live streams open and close.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CARDS, fillBasket, newCustomer, place, post } from '../orders/helpers.js';
import { listenOnLoopback, startTestApp, type TestApp } from '../../support/test-app.js';
import { openSse } from '../../support/sse-client.js';

function sample(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('metrics for operators', () => {
  let t: TestApp;
  let baseUrl: string;
  before(async () => {
    t = await startTestApp();
    baseUrl = await listenOnLoopback(t.app);
  });
  after(() => t.close());

  const scrape = async () => (await t.app.inject({ url: '/metrics' })).body;

  it('passes promtool check metrics', async () => {
    const body = await scrape();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'no lint findings');
    for (const name of [
      'alpaca_orders_placed_total',
      'alpaca_order_transitions_total',
      'alpaca_payment_errors_total',
      'alpaca_outbox_deliveries_total',
      'alpaca_mqtt_publishes_total',
      'alpaca_db_pool_in_use_connections',
      'alpaca_db_pool_waiting_requests',
      'alpaca_sse_streams',
      'alpaca_sse_stream_duration_seconds',
    ]) {
      assert.match(body, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
  });

  it('passes promtool check rules on the alert rules', () => {
    const output = execFileSync('promtool', ['check', 'rules', 'ops/prometheus-rules.yml'], { encoding: 'utf8' });
    assert.match(output, /SUCCESS: \d+ rules found/);
  });

  it('has a Grafana dashboard whose every query is valid PromQL (checked as recording rules by promtool)', () => {
    const dashboard = JSON.parse(fs.readFileSync('ops/grafana-dashboard.json', 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((target) => target.expr));
    assert.ok(exprs.length >= 10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpaca-dashboard-'));
    try {
      const file = path.join(dir, 'dashboard-rules.yml');
      const rules = exprs.map((expr, i) => `      - record: dashboard:panel_${i}\n        expr: ${JSON.stringify(expr)}`).join('\n');
      fs.writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      assert.match(execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' }), new RegExp(`SUCCESS: ${exprs.length} rules found`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts orders placed, state changes, declines and outbox deliveries', async () => {
    const before = await scrape();
    const customer = await newCustomer(t, 'Counted');
    await fillBasket(t, customer);
    const placed = await place(t, customer);
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal((await post(t, customer, `/api/v1/orders/${placed.json().order.id}/check-in`)).json().state, 'paid');
    await fillBasket(t, customer);
    assert.equal((await place(t, customer, CARDS.declined)).statusCode, 402);
    const drained = await t.outbox.drainOnce();
    const after = await scrape();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    assert.equal(delta('alpaca_orders_placed_total'), 2);
    assert.equal(delta('alpaca_order_transitions_total{from="none",to="authorising"}'), 2);
    assert.equal(delta('alpaca_order_transitions_total{from="authorising",to="authorised"}'), 1);
    assert.equal(delta('alpaca_order_transitions_total{from="capturing",to="paid"}'), 1);
    assert.equal(delta('alpaca_order_transitions_total{from="authorising",to="declined"}'), 1);
    assert.equal(delta('alpaca_payment_errors_total{operation="authorise",kind="declined"}'), 1);
    const deliveredKinds = ['email', 'ticket'].map((kind) => delta(`alpaca_outbox_deliveries_total{kind="${kind}",outcome="delivered"}`));
    assert.equal(
      deliveredKinds.reduce((a, b) => a + b, 0),
      drained.delivered,
    );
    assert.ok(drained.delivered >= 2, 'the order email and its ticket at least');
  });

  it('gauges open live streams and times them when they end', async () => {
    const customer = await newCustomer(t, 'Streamed');
    await fillBasket(t, customer);
    const order = (await place(t, customer)).json().order;
    const route = '/api/v1/orders/:id/events';
    const before = await scrape();
    const stream = await openSse(`${baseUrl}/api/v1/orders/${order.id}/events`, customer);
    await stream.next((e) => e.event === 'order');
    assert.equal(sample(await scrape(), `alpaca_sse_streams{route="${route}"}`) - sample(before, `alpaca_sse_streams{route="${route}"}`), 1);
    stream.close();
    const deadline = Date.now() + 10_000;
    let ended = 0;
    while (Date.now() < deadline) {
      const now = await scrape();
      ended =
        sample(now, `alpaca_sse_stream_duration_seconds_count{route="${route}"}`) -
        sample(before, `alpaca_sse_stream_duration_seconds_count{route="${route}"}`);
      if (ended === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(ended, 1);
    assert.equal(sample(await scrape(), `alpaca_sse_streams{route="${route}"}`), sample(before, `alpaca_sse_streams{route="${route}"}`));
  });
});
