// The OpenAPI document passes `redocly lint` (redocly.yaml: the recommended rules, all at error
// level, none switched off, plus the project's own) with no error and no warning (issue 12, decision 701).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

describe('the OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('passes redocly lint with 0 errors and 0 warnings', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await fs.writeFile(file, (await t.app.inject({ url: '/api/openapi.json' })).body);
      const result = await run('node_modules/.bin/redocly', ['lint', file, '--config', 'redocly.yaml', '--format', 'stylish'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }));
      const output = `${result.stdout}\n${result.stderr}`;
      assert.ok(!('failed' in result), `redocly lint failed:\n${output}`);
      assert.match(output, /Your API description is valid/);
      assert.doesNotMatch(output, /warning/i, output);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('documents every operation for clients: an operationId, tags, security and a 403 for the CSRF check', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ m, p, op })),
    );
    assert.ok(operations.length >= 25);
    const ids = operations.map(({ op }) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    for (const { m, p, op } of operations) {
      assert.ok(Array.isArray(op.security), `${m} ${p} declares its security`);
      if (['post', 'put', 'patch', 'delete'].includes(m)) assert.ok(op.responses['403'], `${m} ${p} declares 403`);
    }
    assert.deepEqual(doc.paths['/api/v1/stores'].get.security, []);
    assert.deepEqual(doc.paths['/api/v1/orders'].post.security, [{ bearer: [] }, { session: [], csrf: [] }]);
    const key = doc.paths['/api/v1/orders'].post.parameters.find((p: any) => p.name === 'idempotency-key');
    assert.equal(key.required, true);
    const stream = doc.paths['/api/v1/orders/{id}/events'].get.responses;
    assert.deepEqual(Object.keys(stream['200'].content), ['text/event-stream']);
    assert.deepEqual(Object.keys(stream['404'].content), ['application/json']);
    const from = doc.paths['/api/v1/orders/{id}'].get.responses['200'].content['application/json'].schema.properties.events.items.properties.from;
    assert.ok(
      from.anyOf.some((s: any) => s.type === 'null'),
      'an order event may come from no state',
    );
  });
});
