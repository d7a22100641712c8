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
import { latencyTargets, memoryTargets, type BenchDatabase } from './targets.js';

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
    const appRssMb = await app.rssMb();
    const rssTargetMb = memoryTargets[database].rssMb;
    const memoryOk = appRssMb <= rssTargetMb;
    return {
      bench: 'http',
      date: new Date().toISOString(),
      mode: options.mode,
      machine: machine(),
      settings: { connections: options.connections, length: options.length, warmUp: options.warmUp, customers: options.customers },
      results,
      appRssMb,
      rssTargetMb,
      memoryOk,
      ok: memoryOk && results.every((r) => r.ok),
    };
  } finally {
    await app.stop();
  }
}
