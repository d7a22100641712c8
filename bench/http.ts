// `npm run bench`: the customer's hot paths, each measured against its ceiling in the same run
// (the same bytes served from memory by a bare Fastify route; see ceiling.ts), at 10 and 32
// connections, and the memory the app settles at. Embedded database by default; `--postgres` runs
// the app on a throwaway PostgreSQL 15, and BENCH_DATABASE_URL on the PostgreSQL it names. Prints the table, writes bench/results/<date>-<mode>.json
// and .svg, and exits non-zero when a target in bench/targets.ts is missed.
//
//   npm run bench -- [--postgres] [--seconds 8] [--warm-up 2] [--connections 10,32] [--only "menu API"] [--out bench/results]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable, writeResults } from './report.js';
import { runBench } from './run.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env['BENCH_SECONDS'] ?? '8' },
    'warm-up': { type: 'string', default: '2' },
    connections: { type: 'string', default: '10,32' },
    only: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: 'bench/results' },
    postgres: { type: 'boolean', default: false },
  },
});
const positive = (name: string, raw: string, max: number) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number above 0 and at most ${max}, got "${raw}"`);
  return n;
};
const seconds = positive('seconds', values.seconds, 600);
const warmUp = positive('warm-up', values['warm-up'], 60);
const connections = values.connections.split(',').map((c) => positive('connections', c.trim(), 1000));
if (values.postgres && process.env['BENCH_DATABASE_URL']) throw new Error('give --postgres or BENCH_DATABASE_URL, not both');
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
const databaseUrl = throwaway?.url ?? (process.env['BENCH_DATABASE_URL'] || undefined);

console.log(`bench on node ${process.version}, ${databaseUrl ? `postgres${throwaway ? ' (throwaway PostgreSQL 15)' : ''}` : 'embedded'}`);
const report = await runBench({
  mode: databaseUrl ? 'postgres' : 'embedded',
  databaseUrl,
  connections,
  length: { seconds },
  warmUp: { seconds: warmUp },
  customers: 20,
  only: values.only,
  log: (line) => console.log(`  ${line}`),
}).finally(() => throwaway?.stop());
console.log(`\n${markdownTable(report)}\n`);
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
  if (!report.memoryOk) console.error(`missed: app RSS ${report.appRssMb} MB over ${report.rssTargetMb} MB`);
  console.error('A benchmark target was missed.');
  process.exitCode = 1;
}
