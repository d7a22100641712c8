// `npm run bench`: throughput and latency of the customer's hot paths, and the
// memory the app settles at. The app runs as its own process (`src/main.ts`, as
// in production) on the embedded database — or on PostgreSQL with
// BENCH_DATABASE_URL — and autocannon drives it from this process.
// Exits non-zero when a target in bench/targets.ts is missed.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { latencyTargets, memoryTargets, type BenchDatabase } from './targets.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);
const connections = 10;
const database: BenchDatabase = process.env['BENCH_DATABASE_URL'] ? 'postgres' : 'pglite';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function rssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

// The app below runs on this same binary (process.execPath).
console.log(`bench on node ${process.version}`);
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  env: {
    ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development',
    ...(process.env['BENCH_DATABASE_URL'] ? { DATABASE_URL: process.env['BENCH_DATABASE_URL'] } : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    if (i > 300) throw new Error('the app did not start');
    const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  // Twenty customers, each with a basket at Colchester.
  const tokens: string[] = [];
  for (let i = 0; i < 20; i++) {
    const email = `bench${i}@alpaca.test`;
    const json = { 'content-type': 'application/json' };
    await fetch(`${base}/api/v1/accounts`, { method: 'POST', headers: json, body: JSON.stringify({ firstName: 'Bench', lastName: `${i}`, email, password: 'bench-password-1' }) });
    const login = await (await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'bench-password-1' }) })).json() as { token: string };
    tokens.push(login.token);
    await fetch(`${base}/api/v1/basket/store`, { method: 'PUT', headers: { ...json, authorization: `Bearer ${login.token}` }, body: JSON.stringify({ store: 'colchester' }) });
  }
  const milks = ['semi-skimmed', 'skimmed', 'whole', 'oat', 'almond', 'soy', 'coconut'];
  const coffees = ['latte', 'cappuccino', 'flat-white', 'americano', 'mocha'];
  let n = 0;
  // Each request picks the next customer and a different customisation, so baskets stay realistic (≤ ~20 lines).
  const nextCustomer = () => tokens[n++ % tokens.length]!;

  const scenarios: { name: string; options: autocannon.Options }[] = [
    { name: 'menu API', options: { url: `${base}/api/v1/stores/colchester/menu` } },
    { name: 'menu page', options: { url: `${base}/stores/colchester` } },
    { name: 'product page', options: { url: `${base}/stores/colchester/products/latte` } },
    { name: 'basket API', options: { url: `${base}/api/v1/basket`, requests: [{ setupRequest: (r) => ({ ...r, headers: { authorization: `Bearer ${nextCustomer()}` } }) }] } },
    { name: 'add to basket API', options: { url: `${base}/api/v1/basket/lines`, method: 'POST', requests: [{
      setupRequest: (r) => {
        const i = n;
        return { ...r, method: 'POST', headers: { authorization: `Bearer ${nextCustomer()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ product: coffees[Math.floor(i / 20) % coffees.length], options: { milk: milks[Math.floor(i / 100) % milks.length] }, quantity: 1 }) };
      },
    }] } },
  ];

  const results = [];
  for (const s of scenarios) {
    const run = await autocannon({ connections, duration: seconds, ...s.options });
    const target = latencyTargets[database][s.name];
    results.push({
      scenario: s.name, requests: run.requests.total, rps: Math.round(run.requests.average),
      p50ms: run.latency.p50, p99ms: run.latency.p99, non2xx: run.non2xx, errors: run.errors,
      targetP99ms: target?.p99Ms ?? null,
      ok: run.non2xx === 0 && run.errors === 0 && (!target || run.latency.p99 <= target.p99Ms),
    });
  }
  const rss = await rssMb(server.pid!);
  console.table(results);
  const memoryOk = rss <= memoryTargets[database].rssMb;
  console.log(JSON.stringify({ bench: 'http', connections, seconds, database, results, appRssMb: rss, rssTargetMb: memoryTargets[database].rssMb, memoryOk }));
  if (results.some((r) => !r.ok) || !memoryOk) {
    console.error('A benchmark target was missed.');
    process.exitCode = 1;
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await fs.rm(dataDir, { recursive: true, force: true });
}
