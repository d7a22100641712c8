import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { retryReadHandlers } from '../../src/web/retry-reads.js';
import { fakeClock } from '../support/fake-clock.js';

const standby = () => Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' });

describe('retryReadHandlers', () => {
  it('runs a GET handler again while the database fails over', async () => {
    const app = Fastify();
    retryReadHandlers(app, 5_000);
    let calls = 0;
    app.get('/menu', async () => {
      calls++;
      if (calls < 3) throw standby();
      return { ok: true };
    });
    const response = await app.inject({ url: '/menu' });
    assert.equal(response.statusCode, 200);
    assert.equal(calls, 3);
  });

  it('leaves POST handlers alone', async () => {
    const app = Fastify();
    retryReadHandlers(app, 5_000);
    let calls = 0;
    app.post('/orders', async () => {
      calls++;
      throw standby();
    });
    const response = await app.inject({ method: 'POST', url: '/orders' });
    assert.equal(response.statusCode, 500);
    assert.equal(calls, 1);
  });

  it('gives up after its budget', async (t) => {
    const app = Fastify();
    retryReadHandlers(app, 300);
    const calls: number[] = [];
    app.get('/menu', async () => {
      calls.push(Date.now());
      throw standby();
    });
    await app.ready(); // before the fake clock: Fastify's plugin timeouts use setTimeout too
    fakeClock(t);
    const response = await app.inject({ url: '/menu' });
    assert.equal(response.statusCode, 500);
    assert.ok(calls.length > 1, 'it retried before giving up');
    const spent = calls.at(-1)! - calls[0]!;
    assert.ok(spent <= 300, `every retry ran inside the 300 ms budget (the last after ${spent} ms on the fake clock)`);
  });
});
