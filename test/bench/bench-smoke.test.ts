// The benchmark, run very short, so it can't rot: every scenario runs against the app and its
// ceiling and reports every field, ratios included, and the JSON and chart get written. No speed
// is asserted here (bench/targets.ts holds the targets, checked by `npm run bench` alone): each
// measurement is a fixed 8 requests (after 2 to warm up), however slow the machine. Most of its time
// is the app starting (migrations and seed on a fresh embedded database).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { markdownTable, targetsTable, writeResults } from '../../bench/report.js';
import { runBench, type BenchReport } from '../../bench/run.js';
import { scenarios } from '../../bench/scenarios.js';

const SCENARIOS = [...scenarios([{ token: 'x', visitorId: 'y' }]).map((s) => s.name), 'place order'];

describe('the benchmark, smoke-sized', () => {
  let report: BenchReport;
  let dir: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-bench-smoke-'));
    report = await runBench({
      mode: 'embedded',
      connections: [2],
      length: { seconds: 5, requests: 8 },
      warmUp: { seconds: 5, requests: 2 },
      customers: 2,
      ticketOrders: 2,
      // A fresh embedded database migrates and seeds at start: about 30 s at a load average of 20 on
      // 2 cores. Generous, under the suite's 180 s per-test timeout, so a busy machine is no failure.
      startTimeoutMs: 150_000,
    });
  });
  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('measures every scenario, the app and its ceiling, with its ratios', () => {
    assert.deepEqual(
      report.results.map((r) => r.scenario),
      SCENARIOS,
    );
    for (const r of report.results) {
      assert.equal(r.connections, 2);
      assert.ok(r.recordedStatus >= 200 && r.recordedStatus < 300, `${r.scenario}: recorded ${r.recordedStatus}`);
      assert.ok(r.bodyBytes > 0, `${r.scenario}: empty body`);
      for (const [who, f] of [
        ['app', r.app],
        ['ceiling', r.ceiling],
      ] as const) {
        assert.ok(f.requests > 0, `${r.scenario}: no ${who} request completed`);
        assert.equal(f.non2xx, 0, `${r.scenario}: ${who} answered non-2xx`);
        for (const field of ['rps', 'p50Ms', 'p99Ms', 'errors'] as const) {
          assert.ok(Number.isFinite(f[field]) && f[field] >= 0, `${r.scenario}: ${who} ${field} = ${f[field]}`);
        }
      }
      assert.ok(Number.isFinite(r.throughputRatio) && r.throughputRatio > 0, `${r.scenario}: throughput ratio ${r.throughputRatio}`);
      assert.ok(Number.isFinite(r.p99Ratio) && r.p99Ratio >= 0, `${r.scenario}: p99 ratio ${r.p99Ratio}`);
      assert.equal(typeof r.ok, 'boolean');
    }
  });

  it('reports the page weight, check-in → ticket and every target, met or not', () => {
    const w = report.pageWeight;
    for (const field of ['menuJsonBytes', 'menuPageBytes', 'menuPageWithAssetsBytes', 'imagesBytes', 'conditionalGetStatus'] as const) {
      assert.ok(Number.isFinite(w[field]) && w[field] > 0, `page weight ${field} = ${w[field]}`);
    }
    assert.equal(typeof w.menuApiSetsCookie, 'boolean');
    assert.ok(w.assets.length > 0);
    assert.equal(report.ticket.orders, 2);
    for (const field of ['missed', 'p50Ms', 'p99Ms', 'maxMs'] as const) assert.ok(Number.isFinite(report.ticket[field]) && report.ticket[field] >= 0);
    const names = report.targets.map((t) => t.name);
    for (const name of ['menu JSON on the wire', 'menu API conditional GET', 'menu page on a phone (HTML, CSS, JS)', 'errors'])
      assert.ok(names.includes(name), name);
    assert.ok(names.some((n) => n.startsWith('menu API, anonymous at ')));
    assert.ok(names.some((n) => n.startsWith('check-in → ticket')));
    for (const t of report.targets) {
      assert.equal(typeof t.met, 'boolean');
      assert.ok(t.target && t.measured, t.name);
    }
    assert.ok(targetsTable(report).split('\n').length === report.targets.length + 2);
  });

  it('reports the machine and the app memory', () => {
    assert.ok(report.machine.cores >= 1 && report.machine.memoryGb > 0);
    assert.equal(report.machine.node, process.version);
    assert.ok(report.appRssMb > 0);
    assert.equal(typeof report.memoryOk, 'boolean');
  });

  it('writes the JSON and a chart with one row per result, and prints the table', async () => {
    const written = await writeResults(report, dir);
    assert.deepEqual(JSON.parse(await fs.readFile(written.json, 'utf8')), JSON.parse(JSON.stringify(report)));
    const svg = await fs.readFile(written.svg, 'utf8');
    assert.ok(svg.startsWith('<svg'));
    assert.equal(svg.match(/ req\/s \(/g)?.length, report.results.length);
    assert.equal(
      markdownTable(report)
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| scenario')).length,
      report.results.length,
    );
  });
});
