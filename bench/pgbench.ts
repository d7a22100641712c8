// The order path's ceiling (issue 11): pgbench running exactly an order placement's writes
// (bench/pgbench/order-placement.sql) against the app's own database, at the same numbers of
// clients as the app's order scenario. What the database alone can do is the most the app can.
// Against the cluster it goes through HAProxy's write port (:5000) with synchronous replication
// on, and says so (`synchronousStandbys`). Its rows are deleted afterwards.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, 'pgbench', 'order-placement.sql');
/** Debian's postgresql-15 client (scripts/install-system-deps); the PATH's pgbench otherwise. */
const PGBENCH = ['/usr/lib/postgresql/15/bin/pgbench', 'pgbench'];

export interface PgbenchFigures {
  clients: number;
  seconds: number;
  /** Order placements per second (one script run = one placement = three transactions). */
  tps: number;
  transactions: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  /** synchronous_commit and synchronous_standby_names on the server measured. */
  synchronousCommit: string;
  synchronousStandbys: string;
}

async function pgbenchBinary(): Promise<string> {
  for (const candidate of PGBENCH) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {}
  }
  throw new Error('pgbench not found: run scripts/install-system-deps (Debian postgresql-15 / postgresql-client-15)');
}

/** What the script needs from the database: a store, a product, and the range of customers with a basket. */
async function variables(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ store: string; product: string }>(
      'select (select min(id) from stores)::text as store, (select min(id) from products)::text as product',
    );
    // The newest customers with a basket whose ids run without a gap (the bench's own, signed up
    // one after another): pgbench picks a random id in the range, so each must exist.
    const ids = (await client.query<{ id: number }>('select user_id as id from baskets where user_id is not null order by user_id desc limit 50')).rows.map(
      (r) => r.id,
    );
    let run = ids.length ? 1 : 0;
    while (run < ids.length && ids[run] === ids[run - 1]! - 1) run++;
    const v = { ...rows[0], uid_max: String(ids[0] ?? ''), uid_min: String(ids[run - 1] ?? '') };
    if (!v.store || !v.product || !run) throw new Error('pgbench needs a seeded database with customers who have a basket');
    const settings = await client.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('synchronous_commit', 'synchronous_standby_names')",
    );
    const setting = (name: string) => settings.rows.find((r) => r.name === name)?.setting ?? '';
    return { ...v, synchronous_commit: setting('synchronous_commit'), synchronous_standby_names: setting('synchronous_standby_names') };
  } finally {
    await client.end();
  }
}

/** Deletes what pgbench wrote (orders and all that hangs off them, outbox rows, throttle hits). */
export async function cleanUp(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query("delete from outbox where dedupe_key like 'pgbench:%'");
    await client.query("delete from order_events where order_id in (select id from orders where idempotency_key like 'pgbench-%')");
    await client.query("delete from order_lines where order_id in (select id from orders where idempotency_key like 'pgbench-%')");
    await client.query("delete from orders where idempotency_key like 'pgbench-%'");
    await client.query("delete from rate_limit_hits where bucket like 'order-placements:user:%'");
    await client.query('commit');
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
}

/** Runs the order-placement script with `clients` connections for `seconds`, after `warmUpSeconds` of the same. */
export async function runPgbench(databaseUrl: string, clients: number, seconds: number, warmUpSeconds = 2): Promise<PgbenchFigures> {
  const binary = await pgbenchBinary();
  const vars = await variables(databaseUrl);
  const url = new URL(databaseUrl);
  const env = {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1) || 'postgres',
  };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-pgbench-'));
  const args = (s: number, log: boolean) => [
    '-n', // no vacuum of pgbench's own tables: there are none
    '-f',
    SCRIPT,
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, os.availableParallelism())),
    '-T',
    String(s),
    ...['store', 'product', 'uid_min', 'uid_max'].flatMap((k) => ['-D', `${k}=${vars[k]}`]),
    ...(log ? ['-l', '--log-prefix', path.join(dir, 'tx')] : []),
  ];
  try {
    if (warmUpSeconds > 0) await run(binary, args(warmUpSeconds, false), { env, cwd: dir });
    const { stdout } = await run(binary, args(seconds, true), { env, cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const number = (re: RegExp) => Number(stdout.match(re)?.[1] ?? Number.NaN);
    // Each log line: client id, transaction no, latency (µs), script no, epoch s, µs (pgbench -l).
    const latencies: number[] = [];
    for (const file of await fs.readdir(dir)) {
      if (!file.startsWith('tx')) continue;
      for (const line of (await fs.readFile(path.join(dir, file), 'utf8')).split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (Number.isFinite(us) && line) latencies.push(us / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      clients,
      seconds,
      tps: Number(number(/tps = ([\d.]+) \(without initial connection time\)/).toFixed(1)),
      transactions: number(/number of transactions actually processed: (\d+)/),
      failed: Number.isFinite(number(/number of failed transactions: (\d+)/)) ? number(/number of failed transactions: (\d+)/) : 0,
      p50Ms: Number(percentile(latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      synchronousCommit: vars['synchronous_commit'] ?? '',
      synchronousStandbys: vars['synchronous_standby_names'] ?? '',
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
    await cleanUp(databaseUrl);
  }
}
