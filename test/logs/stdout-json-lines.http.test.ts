// The app as an operator runs it (`node src/main.ts`, stdout to a collector): stdout carries JSON
// lines only, the start-up help is left out when stdout is not a terminal, and every log line of a
// request carries its id, the one returned in X-Request-Id (issue 12, decision 704).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HANG_MS } from '../support/hang.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the log stream', () => {
  let dataDir: string;
  let port: number;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;
  let child: ReturnType<typeof spawn>;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-logs-'));
    port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        DATABASE_URL: '',
        MQTT_URL: '',
        SMTP_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + HANG_MS * 4; // migrating and seeding PGlite on a loaded machine
    while (!stdout.includes('"outbox started"')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  after(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('carries one JSON object per line, each request line with the id returned to the caller', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/stores`, { headers: { 'x-request-id': 'haproxy-0a0b:42' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'haproxy-0a0b:42');
    const own = await fetch(`http://127.0.0.1:${port}/api/v1/stores`);
    const ownId = own.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the "request completed" line follows the answer
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);

    const lines = stdout.split('\n').filter((line) => line.length > 0);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line on stdout: ${line}`);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const forProbe = records.filter((r) => r['reqId'] === 'haproxy-0a0b:42');
    assert.deepEqual(
      forProbe.map((r) => r['msg']),
      ['incoming request', 'request completed'],
    );
    assert.equal(records.filter((r) => r['reqId'] === ownId).length, 2);
    assert.ok(records.some((r) => r['msg'] === 'app started'));
    assert.doesNotMatch(stdout + stderr, /Demo accounts|alpaca-demo-password/, 'no start-up help when stdout is not a terminal');
  });
});
