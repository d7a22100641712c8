// The app as an operator runs it: `src/main.ts` in a process of its own on a fresh embedded
// database, stdout and stderr collected, for tests of what an operator sees (logs, start-up).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HANG_MS } from './hang.js';

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface MainProcess {
  base: string;
  /** Its DATA_DIR (the embedded database, the dev mailbox's mail/). */
  dataDir: string;
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** The exit code, once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (if still running), wait for the exit, delete its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` on its own PGlite data directory (no PostgreSQL, broker or SMTP) and waits
 * until its outbox has started, the last step of start-up. `env` adds to or overrides the defaults.
 */
export async function startMainProcess(env: Record<string, string> = {}): Promise<MainProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-main-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      DATABASE_READ_URL: '',
      MQTT_URL: '',
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + HANG_MS * 4; // migrating and seeding PGlite on a loaded machine
  while (!stdout.includes('"outbox started"')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      if (child.exitCode === null) child.kill('SIGTERM');
      await fs.rm(dataDir, { recursive: true, force: true });
      throw new Error(`the app did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    dataDir,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
