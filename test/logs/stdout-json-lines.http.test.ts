// The app as an operator runs it (`node src/main.ts`, stdout to a collector): stdout carries JSON
// lines only, the start-up help is left out when stdout is not a terminal, and every log line of a
// request carries its id, the one returned in X-Request-Id (issue 12, decision 704).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type MainProcess, startMainProcess } from '../support/main-process.js';

describe('the log stream', () => {
  let app: MainProcess;
  before(async () => {
    app = await startMainProcess({ LOG_LEVEL: 'info' });
  });
  after(() => app.stop());

  it('carries one JSON object per line, each request line with the id returned to the caller', async () => {
    const response = await fetch(`${app.base}/api/v1/stores`, { headers: { 'x-request-id': 'haproxy-0a0b:42' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), 'haproxy-0a0b:42');
    const own = await fetch(`${app.base}/api/v1/stores`);
    const ownId = own.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the "request completed" line follows the answer
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0, app.stderr());

    const lines = app
      .stdout()
      .split('\n')
      .filter((line) => line.length > 0);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line on stdout: ${line}`);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const forProbe = records.filter((r) => r['reqId'] === 'haproxy-0a0b:42');
    assert.deepEqual(
      forProbe.map((r) => r['msg']),
      ['incoming request', 'request completed'],
    );
    assert.equal(records.filter((r) => r['reqId'] === ownId).length, 2);
    assert.ok(records.some((r) => r['msg'] === 'app started'));
    assert.doesNotMatch(app.stdout() + app.stderr(), /Demo accounts|alpaca-demo-password/, 'no start-up help when stdout is not a terminal');
  });
});
