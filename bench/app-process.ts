// The app under measurement: its own process, compiled as in production (`dist/main.js`, built
// first when src/ changed: scripts/build.ts, decision 601), on the embedded
// database in a fresh data directory, or on the PostgreSQL named by `databaseUrl`.
// A cluster mode would hand back HAProxy's address here instead of spawning one instance.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface RunningApp {
  base: string;
  pid: number;
  /** Resident memory of the app process now, in MB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startApp(options: { databaseUrl?: string; port?: number; startTimeoutMs?: number }): Promise<RunningApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-bench-'));
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  // Not under c8 when the smoke test runs in the unit suite: the app is measured, not covered, and
  // its coverage must not count towards the unit tests' own. (Node hands NODE_V8_COVERAGE on to
  // every child unless the child's env names it; empty turns it off.)
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.ts'), '--if-stale'], {
    cwd: ROOT,
    env: { ...process.env, NODE_V8_COVERAGE: '' }, // the compiler is not what the unit suite covers
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_V8_COVERAGE: '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      // The bench's load comes from one address and a few accounts: throttles raised, not off.
      RATE_LIMIT_SCALE: process.env['RATE_LIMIT_SCALE'] ?? '1000',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the app exited with code ${child.exitCode} before it was ready`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the app did not start in time');
    }
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    pid: child.pid!,
    async rssMb() {
      const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    stop,
  };
}
