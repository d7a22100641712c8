import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelayMs } from '../../src/outbox/backoff.js';

const policy = { baseMs: 5_000, maxMs: 1_800_000 };

describe('outbox backoff', () => {
  it('doubles from the base with each failed attempt', () => {
    const mid = () => 0.5; // jitter factor exactly 1
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, mid)),
      [5_000, 10_000, 20_000, 40_000, 80_000],
    );
  });

  it('is capped at the maximum, even after very many attempts', () => {
    assert.equal(
      retryDelayMs(12, policy, () => 0.5),
      1_800_000,
    );
    assert.equal(
      retryDelayMs(1_000, policy, () => 0.5),
      1_800_000,
    );
  });

  it('jitters within ±25%', () => {
    assert.equal(
      retryDelayMs(3, policy, () => 0),
      15_000,
    );
    assert.equal(
      retryDelayMs(3, policy, () => 0.999_999),
      25_000,
    );
    const seen = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, policy)));
    assert.ok(seen.size > 10, 'real randomness spreads the retries');
    for (const d of seen) assert.ok(d >= 15_000 && d <= 25_000);
  });
});
