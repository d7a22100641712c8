import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { Database } from '../../../src/db/connect.js';
import { registerDatabaseGauges } from '../../../src/features/metrics/database-gauges.js';
import { fakeClock } from '../../support/fake-clock.js';

function fakeDatabase(execute: () => Promise<unknown>): Database {
  return {
    kind: 'postgres',
    reader: { transaction: () => ({ execute }) },
    poolStats: () => [
      { pool: 'writer', max: 10 },
      { pool: 'reader', max: 10 },
    ],
  } as unknown as Database;
}

describe('database gauges', () => {
  it('say the database is down, and leave the database gauges out, when the read fails', async () => {
    const registry = new Registry();
    const errors: unknown[] = [];
    registerDatabaseGauges(
      registry,
      fakeDatabase(() => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))),
      (e) => errors.push(e),
    );
    const body = await registry.metrics();
    assert.match(body, /^alpaca_metrics_database_up 0$/m);
    assert.doesNotMatch(body, /^alpaca_orders\{/m);
    assert.doesNotMatch(body, /^alpaca_outbox\{/m);
    assert.match(body, /^alpaca_db_pool_max_connections\{pool="reader"\} 10$/m);
    assert.equal(errors.length, 1, 'one read per scrape, shared by every gauge');
  });

  it('give up on a database that does not answer instead of hanging the scrape', async (t) => {
    const registry = new Registry();
    const errors: unknown[] = [];
    registerDatabaseGauges(
      registry,
      fakeDatabase(() => new Promise(() => {})),
      (e) => errors.push(e),
    );
    // On the fake clock the scrape's timeout fires at once: the test reads the timeout it set
    // instead of waiting for it (a scrape that never gave up would hang until the test timeout).
    const clock = fakeClock(t);
    const body = await registry.metrics();
    assert.match(body, /^alpaca_metrics_database_up 0$/m);
    assert.doesNotMatch(body, /^alpaca_orders\{/m);
    assert.match(String(errors[0]), /took longer than/);
    assert.ok(
      clock.sleeps.length > 0 && Math.max(...clock.sleeps) < 10_000,
      `gives up before Prometheus's default 10 s scrape timeout (waits ${clock.sleeps} ms)`,
    );
  });
});
