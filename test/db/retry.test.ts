// Client-side failover: transient database errors are retried with backoff inside a budget;
// constraint and data errors never are.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { isTransientDbError, retryTransient } from '../../src/db/retry.js';
import { fakeClock } from '../support/fake-clock.js';

const dbError = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

/** Work that fails `failures` times with `error`, then returns 'done'; records when each attempt ran. */
function flaky(failures: number, error: () => unknown) {
  const attempts: number[] = [];
  const work = async () => {
    attempts.push(Date.now());
    if (attempts.length <= failures) throw error();
    return 'done';
  };
  return { work, attempts };
}

describe('retryTransient', () => {
  for (const code of ['57P01', '25006', '40001', 'ECONNREFUSED']) {
    it(`retries ${code} and returns the eventual result`, async () => {
      const { work, attempts } = flaky(2, () => dbError(code));
      const retried: number[] = [];
      const result = await retryTransient(work, { firstDelayMs: 1, onRetry: (_e, attempt) => retried.push(attempt) });
      assert.equal(result, 'done');
      assert.equal(attempts.length, 3);
      assert.deepEqual(retried, [1, 2]);
    });
  }

  for (const code of ['23505', '22P02']) {
    it(`never retries ${code}`, async () => {
      const { work, attempts } = flaky(5, () => dbError(code));
      await assert.rejects(retryTransient(work, { firstDelayMs: 1 }), { code });
      assert.equal(attempts.length, 1);
    });
  }

  it('recognises a transient error wrapped as a cause', async () => {
    const { work, attempts } = flaky(1, () => new Error('query failed', { cause: dbError('57P01') }));
    assert.equal(await retryTransient(work, { firstDelayMs: 1 }), 'done');
    assert.equal(attempts.length, 2);
  });

  it('waits longer before each retry, doubling up to the maximum delay', async (t: TestContext) => {
    const clock = fakeClock(t);
    t.mock.method(Math, 'random', () => 0.5); // no jitter: each wait is exactly the delay
    const { work } = flaky(4, () => dbError('40001'));
    await retryTransient(work, { firstDelayMs: 20, maxDelayMs: 50, budgetMs: 10_000 });
    assert.deepEqual(clock.sleeps, [20, 40, 50, 50]);
  });

  it('gives up with the last error once the budget is spent, never sleeping past it', async (t: TestContext) => {
    const clock = fakeClock(t);
    t.mock.method(Math, 'random', () => 0.99); // the longest jitter: 1.49 × the delay
    const { work, attempts } = flaky(Infinity, () => dbError('57P01'));
    await assert.rejects(retryTransient(work, { firstDelayMs: 10, budgetMs: 100 }), { code: '57P01' });
    assert.ok(attempts.length >= 3, `only ${attempts.length} attempts`);
    assert.ok(clock.now() <= 100, `slept ${clock.sleeps.join(' + ')} ms for a 100 ms budget`);
  });

  it('uses a 30 second budget by default', async (t: TestContext) => {
    const clock = fakeClock(t);
    const { work } = flaky(Infinity, () => dbError('25006'));
    await assert.rejects(retryTransient(work), { code: '25006' });
    assert.ok(clock.now() > 25_000 && clock.now() <= 30_000, `gave up after ${clock.now()} ms`);
  });
});

describe('isTransientDbError', () => {
  it('knows failover and connection codes', () => {
    for (const code of ['57P01', '57P02', '57P03', '25006', '40001', '40P01', '08006', 'ECONNRESET', 'CONNECTION_CLOSED']) {
      assert.equal(isTransientDbError(dbError(code)), true, code);
    }
  });

  it('rejects constraint, data and non-errors', () => {
    for (const value of [dbError('23505'), dbError('22P02'), dbError('23503'), new Error('plain'), null, undefined, 'ECONNREFUSED', 42]) {
      assert.equal(isTransientDbError(value), false, String(value));
    }
  });

  it('does not loop on an error that is its own cause', () => {
    const error: Error & { cause?: unknown } = new Error('self');
    error.cause = error;
    assert.equal(isTransientDbError(error), false);
  });
});
