import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('jsonb values', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('stores outbox payloads as JSON objects, not JSON strings', async () => {
    const db = t.deps.db.writer;
    await enqueue(db, { kind: 'ticket', orderId: 'abc' }, 'ticket:abc');
    await enqueue(db, { kind: 'ticket', orderId: 'abc' }, 'ticket:abc'); // deduplicated
    const rows = await sql<{ type: string; order_id: string }>`
      SELECT jsonb_typeof(payload) AS type, payload->>'orderId' AS order_id FROM outbox WHERE dedupe_key = 'ticket:abc'`.execute(db);
    assert.deepEqual(rows.rows, [{ type: 'object', order_id: 'abc' }]);
  });
});
