// `npm run bench`: the customer's hot paths, each measured against its ceiling in the same run
// (the same bytes served from memory by a bare Fastify route; see ceiling.ts), at 10 and 32
// connections, and the memory the app settles at. Embedded database by default; `--postgres` runs
// the app on a throwaway PostgreSQL 15, and BENCH_DATABASE_URL on the PostgreSQL it names. Prints the table, writes bench/results/<date>-<mode>.json
// and .svg, and exits non-zero when a target in bench/targets.ts is missed.
//
// `--cluster` goes through HAProxy to both app instances on the Patroni cluster (bench/cluster-app.ts).
// On PostgreSQL and in the cluster, the order path's ceiling is pgbench running an order placement's
// writes on the same database (bench/pgbench.ts; through :5000 with synchronous replication in the cluster).
//
//   npm run bench -- [--postgres | --cluster] [--seconds 8] [--warm-up 2] [--connections 10,32] [--only "menu API"] [--out bench/results] [--start-timeout 60]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable, targetsTable, writeResults } from './report.js';
import { runBench } from './run.js';
import { startClusterForBench, type ClusterForBench } from './cluster-app.js';
import { runPgbench, type PgbenchFigures } from './pgbench.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env['BENCH_SECONDS'] ?? '8' },
    'warm-up': { type: 'string', default: '2' },
    connections: { type: 'string', default: '10,32' },
    only: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'bench/results' },
    // How long the app may take to answer /readyz: a fresh embedded start migrates and seeds.
    'start-timeout': { type: 'string', default: '60' },
    postgres: { type: 'boolean', default: false },
    cluster: { type: 'boolean', default: false },
  },
});
const positive = (name: string, raw: string, max: number) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  return n;
};
const seconds = positive('seconds', values.seconds, 600);
const warmUp = positive('warm-up', values['warm-up'], 60);
const startTimeoutMs = positive('start-timeout', values['start-timeout'], 3600) * 1000;
const connections = values.connections.split(',').map((c) => positive('connections', c.trim(), 1000));
if ([values.postgres, values.cluster, Boolean(process.env['BENCH_DATABASE_URL'])].filter(Boolean).length > 1) {
  throw new Error('give one of --postgres, --cluster or BENCH_DATABASE_URL');
}
const starting: Promise<ThrowawayPostgres> | undefined = values.postgres ? startThrowawayPostgres() : undefined;
// pg_ctl runs the server as a daemon: an interrupted bench must still take it down (once it has
// started; a start that fails cleans up after itself).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(
    signal,
    () =>
      void (starting ?? Promise.resolve(undefined))
        .then(
          (t) => t?.stop(),
          () => {},
        )
        .finally(() => process.exit(130)),
  );
}
const throwaway = await starting;
const cluster: ClusterForBench | undefined = values.cluster ? await startClusterForBench() : undefined;
const databaseUrl = throwaway?.url ?? (process.env['BENCH_DATABASE_URL'] || undefined);
const mode = cluster ? 'cluster' : databaseUrl ? 'postgres' : 'embedded';

console.log(
  `bench on node ${process.version}, ${cluster ? 'cluster (HAProxy, two app instances, Patroni)' : databaseUrl ? `postgres${throwaway ? ' (throwaway PostgreSQL 15)' : ''}` : 'embedded'}`,
);
const orderCeilings: PgbenchFigures[] = [];
const report = await runBench({
  mode,
  databaseUrl,
  connections,
  length: { seconds },
  warmUp: { seconds: warmUp },
  customers: 20,
  only: values.only,
  startTimeoutMs,
  log: (line) => console.log(`  ${line}`),
  ...(cluster ? { app: cluster.app } : {}),
})
  .then(async (r) => {
    // The order path's ceiling, on the database the app just used (PGlite has no pgbench).
    const pgbenchUrl = cluster?.writerUrl ?? databaseUrl;
    if (pgbenchUrl) {
      for (const clients of connections) {
        console.log(`  pgbench (an order placement's writes), ${clients} clients`);
        orderCeilings.push(await runPgbench(pgbenchUrl, clients, seconds, warmUp));
      }
    }
    return r;
  })
  .finally(async () => {
    await throwaway?.stop();
    await cluster?.stop();
  });
console.log(`\n${markdownTable(report)}\n\n${targetsTable(report)}\n`);
if (orderCeilings.length) {
  console.log("| order path ceiling: pgbench, an order placement's writes | clients | placements/s | p50 ms | p99 ms | failed | synchronous standbys |");
  console.log('|---|---|---|---|---|---|---|');
  for (const c of orderCeilings) {
    console.log(`| ${mode} | ${c.clients} | ${c.tps} | ${c.p50Ms} | ${c.p99Ms} | ${c.failed} | ${c.synchronousStandbys || '(none)'} |`);
  }
  // The app's order placement as a share of it, once the order scenario is in scenarios.ts.
  for (const r of report.results.filter((x) => /place order/i.test(x.scenario))) {
    const ceiling = orderCeilings.find((c) => c.clients === r.connections);
    if (ceiling?.tps) console.log(`place order at ${r.connections}: ${r.app.rps} req/s = ${((r.app.rps / ceiling.tps) * 100).toFixed(1)} % of pgbench`);
  }
  console.log('');
}
// In the results JSON beside the scenarios.
Object.assign(report, { orderCeilings });
const written = await writeResults(report, path.resolve(values.out));
console.log(`wrote ${path.relative(process.cwd(), written.json)} and ${path.relative(process.cwd(), written.svg)}`);
if (!report.ok) {
  for (const r of report.results.filter((x) => !x.ok)) {
    if (r.app.requests === 0) console.error(`missed: ${r.scenario} at ${r.connections}: no request answered within the measurement`);
    else
      console.error(
        `missed: ${r.scenario} at ${r.connections}: p99 ${r.app.p99Ms} ms (target ${r.targetP99Ms ?? 'none'}), non-2xx ${r.app.non2xx}, errors ${r.app.errors}`,
      );
  }
  for (const t of report.targets.filter((x) => !x.met)) console.error(`missed: ${t.name}: ${t.measured} (target ${t.target})`);
  console.error('A benchmark target was missed.');
  process.exitCode = 1;
}
