// The whole benchmark as a function (`npm run bench` and the smoke test both call it): start the
// app, sign customers up, and for each scenario and each number of connections measure the app and,
// right after, the scenario's ceiling (ceiling.ts). Every result carries its ratio to the ceiling.
// Modes: 'embedded' (PGlite in the app process) and 'postgres' (the app on `databaseUrl`). A
// 'cluster' mode slots in at startApp (HAProxy's address instead of one instance, ceilings behind
// the same HAProxy); the order path's pgbench ceiling slots in as a second kind of ceiling.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { startApp, type RunningApp } from './app-process.js';
import { record, startCeiling } from './ceiling.js';
import { measure, type Figures, type Length } from './measure.js';
import { scenarios as allScenarios, signUpCustomers } from './scenarios.js';
import { latencyTargets, memoryTargets, ratioTargets, sizeTargets, ticketTarget, type BenchDatabase } from './targets.js';
import { measurePageWeight, type PageWeight } from './page-weight.js';
import { measureCheckInToTicket, measurePlaceOrder, prepareOrderingCustomers, recordPlaceOrder, type TicketFigures } from './journeys.js';

export type BenchMode = 'embedded' | 'postgres' | 'cluster';

export interface BenchOptions {
  mode: BenchMode;
  databaseUrl?: string;
  connections: number[];
  length: Length;
  warmUp: Length;
  customers: number;
  /** Only the scenarios whose name contains one of these (all when empty). */
  only?: string[];
  log?: (line: string) => void;
  /** How long the app may take to answer /readyz (default 60 s). */
  startTimeoutMs?: number;
  /** An app already running (the cluster behind HAProxy, bench/cluster-app.ts) instead of one started here. */
  app?: RunningApp;
  /** Check-ins timed from their answer to the ticket (default 20). */
  ticketOrders?: number;
}

/** One target of issue 11, as printed: what it asks, what was measured, met or not. */
export interface TargetResult {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface ScenarioResult {
  scenario: string;
  connections: number;
  /** The status of the recorded answer the ceiling replays. */
  recordedStatus: number;
  /** Bytes of the answer's body, as the load tool receives it (no Accept-Encoding). */
  bodyBytes: number;
  app: Figures;
  ceiling: Figures;
  /** The app's throughput as a share of the ceiling's (1 = as fast as serving bytes from memory). */
  throughputRatio: number;
  /** The app's p99 over the ceiling's (the ceiling's floored at 1 ms: its p99 is often under it). */
  p99Ratio: number;
  /** The p99 target in targets.ts (at 10 connections only), or null. */
  targetP99Ms: number | null;
  ok: boolean;
}

export interface BenchReport {
  bench: 'http';
  date: string;
  mode: BenchMode;
  machine: { cores: number; cpu: string; memoryGb: number; node: string; platform: string };
  settings: { connections: number[]; length: Length; warmUp: Length; customers: number };
  results: ScenarioResult[];
  pageWeight: PageWeight;
  ticket: TicketFigures;
  targets: TargetResult[];
  appRssMb: number;
  rssTargetMb: number;
  memoryOk: boolean;
  ok: boolean;
}

export function machine(): BenchReport['machine'] {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) throw new Error(`signing in ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Issue 11's targets, each met or not, from what this run measured. */
export function targetResults(
  results: readonly ScenarioResult[],
  weight: PageWeight,
  ticket: TicketFigures,
  appRssMb: number,
  rssTargetMb: number,
  mode: BenchMode,
): TargetResult[] {
  const targets: TargetResult[] = [];
  for (const [scenario, share] of Object.entries(ratioTargets)) {
    for (const r of results.filter((x) => x.scenario === scenario)) {
      targets.push({
        name: `${scenario} at ${r.connections}`,
        target: `≥ ${pct(share)} of the ceiling`,
        measured: pct(r.throughputRatio),
        met: r.throughputRatio >= share,
      });
    }
  }
  targets.push(
    {
      name: 'menu JSON on the wire',
      target: `≤ ${kb(sizeTargets.menuJsonBytes)} compressed`,
      measured: `${kb(weight.menuJsonBytes)} (${weight.menuJsonEncoding})`,
      met: weight.menuJsonBytes <= sizeTargets.menuJsonBytes && weight.menuJsonEncoding !== 'identity',
    },
    { name: 'menu API conditional GET', target: '304', measured: String(weight.conditionalGetStatus), met: weight.conditionalGetStatus === 304 },
    { name: 'menu API cookie', target: 'none set', measured: weight.menuApiSetsCookie ? 'set' : 'none set', met: !weight.menuApiSetsCookie },
    {
      name: 'menu page on a phone (HTML, CSS, JS)',
      target: `≤ ${kb(sizeTargets.menuPageBytes)} compressed`,
      measured: `${kb(weight.menuPageWithAssetsBytes)} (+ ${kb(weight.imagesBytes)} images)`,
      met: weight.menuPageWithAssetsBytes <= sizeTargets.menuPageBytes,
    },
    {
      name: `check-in → ticket (${ticket.endsAt})`,
      target: `p99 < ${ticketTarget.p99Ms} ms, none missed`,
      measured: `p50 ${ticket.p50Ms} ms, p99 ${ticket.p99Ms} ms, ${ticket.missed} missed of ${ticket.orders}`,
      met: ticket.p99Ms < ticketTarget.p99Ms && ticket.missed === 0 && ticket.orders > 0,
    },
    {
      name: 'errors',
      target: '0',
      measured: String(results.reduce((n, r) => n + r.app.errors + r.app.non2xx, 0)),
      met: results.every((r) => r.app.errors === 0 && r.app.non2xx === 0),
    },
    {
      name: `app RSS after the run (${mode})`,
      target: `< ${rssTargetMb} MB`,
      measured: `${appRssMb} MB`,
      met: appRssMb < rssTargetMb,
    },
  );
  return targets;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const database: BenchDatabase = options.mode === 'embedded' ? 'pglite' : 'postgres';
  const app = options.app ?? (await startApp({ databaseUrl: options.databaseUrl, startTimeoutMs: options.startTimeoutMs }));
  try {
    const customers = await signUpCustomers(app.base, options.customers, randomBytes(3).toString('hex'));
    const chosen = allScenarios(customers).filter((s) => !options.only?.length || options.only.some((o) => s.name.includes(o)));
    const results: ScenarioResult[] = [];
    for (const scenario of chosen) {
      // The app's own answer, recorded once: the ceiling replays exactly these bytes.
      const first = scenario.request(0);
      const recording = await record(app.base, first);
      for (const connections of options.connections) {
        log(`${scenario.name}, ${connections} connections: app`);
        const appFigures = await measure(app.base, scenario, connections, options.length, options.warmUp);
        const ceiling = await startCeiling(first, recording);
        let ceilingFigures: Figures;
        try {
          log(`${scenario.name}, ${connections} connections: ceiling`);
          ceilingFigures = await measure(ceiling.base, scenario, connections, options.length, options.warmUp);
        } finally {
          await ceiling.close();
        }
        const target = connections === 10 && scenario.target ? latencyTargets[database][scenario.target] : undefined;
        results.push({
          scenario: scenario.name,
          connections,
          recordedStatus: recording.status,
          bodyBytes: recording.body.length,
          app: appFigures,
          ceiling: ceilingFigures,
          throughputRatio: ceilingFigures.rps > 0 ? Number((appFigures.rps / ceilingFigures.rps).toFixed(4)) : 0,
          p99Ratio: Number((appFigures.p99Ms / Math.max(ceilingFigures.p99Ms, 1)).toFixed(2)),
          targetP99Ms: target?.p99Ms ?? null,
          ok:
            recording.status < 300 &&
            appFigures.requests > 0 &&
            appFigures.non2xx === 0 &&
            appFigures.errors === 0 &&
            (!target || appFigures.p99Ms <= target.p99Ms),
        });
      }
    }
    // The order path: every request its own basket and Idempotency-Key (journeys.ts), customers of its own.
    const ordering = await signUpCustomers(app.base, Math.max(...options.connections), `${randomBytes(3).toString('hex')}o`);
    const orderTokens = ordering.map((c) => c.token);
    await prepareOrderingCustomers(app.base, orderTokens);
    if (!options.only?.length || options.only.some((o) => 'place order'.includes(o))) {
      const recorded = await recordPlaceOrder(app.base, orderTokens[0]!);
      const placeRequest = { method: 'POST' as const, path: '/api/v1/orders', headers: { 'content-type': 'application/json' }, body: '{}' };
      for (const connections of options.connections) {
        log(`place order, ${connections} connections: app`);
        const appFigures = await measurePlaceOrder(app.base, orderTokens, connections, options.length, options.warmUp.requests ? 0 : options.warmUp.seconds);
        const ceiling = await startCeiling(placeRequest, { status: recorded.status, headers: recorded.headers, body: Buffer.from(recorded.body) });
        let ceilingFigures: Figures;
        try {
          log(`place order, ${connections} connections: ceiling`);
          ceilingFigures = await measure(ceiling.base, { name: 'place order', request: () => placeRequest }, connections, options.length, options.warmUp);
        } finally {
          await ceiling.close();
        }
        results.push({
          scenario: 'place order',
          connections,
          recordedStatus: recorded.status,
          bodyBytes: Buffer.byteLength(recorded.body),
          app: appFigures,
          ceiling: ceilingFigures,
          throughputRatio: ceilingFigures.rps > 0 ? Number((appFigures.rps / ceilingFigures.rps).toFixed(4)) : 0,
          p99Ratio: Number((appFigures.p99Ms / Math.max(ceilingFigures.p99Ms, 1)).toFixed(2)),
          targetP99Ms: null,
          ok: recorded.status === 201 && appFigures.requests > 0 && appFigures.non2xx === 0 && appFigures.errors === 0,
        });
      }
    }
    log('check-in → ticket');
    const staff = await signIn(app.base, 'admin@alpaca.test', 'alpaca-demo-password');
    const ticket = await measureCheckInToTicket(app.base, orderTokens[0]!, staff, options.ticketOrders ?? 20);
    log('page weight');
    const pageWeight = await measurePageWeight(app.base, 'colchester');

    const appRssMb = await app.rssMb();
    const rssTargetMb = memoryTargets[database].rssMb;
    const memoryOk = appRssMb <= rssTargetMb;
    const targets = targetResults(results, pageWeight, ticket, appRssMb, rssTargetMb, options.mode);
    return {
      bench: 'http',
      date: new Date().toISOString(),
      mode: options.mode,
      machine: machine(),
      settings: { connections: options.connections, length: options.length, warmUp: options.warmUp, customers: options.customers },
      results,
      pageWeight,
      ticket,
      targets,
      appRssMb,
      rssTargetMb,
      memoryOk,
      ok: results.every((r) => r.ok) && targets.every((t) => t.met),
    };
  } finally {
    await app.stop();
  }
}
