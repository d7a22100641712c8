// The Idempotency-Key rule shared by placing an order and adding to the basket.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdempotencyKey } from '../../src/domain/idempotency-key.js';
import { ValidationError } from '../../src/domain/errors.js';

describe('checkIdempotencyKey', () => {
  it('accepts 8 to 255 letters, digits and . _ : -', () => {
    assert.equal(checkIdempotencyKey('order:2026-11-30_a.b'), 'order:2026-11-30_a.b');
    assert.equal(checkIdempotencyKey('a'.repeat(255)), 'a'.repeat(255));
  });

  it('refuses a missing, short, long or oddly spelled key, naming the header', () => {
    for (const key of [undefined, '', 'short', 'a'.repeat(256), 'has space here', 'naïve-key-1']) {
      assert.throws(
        () => checkIdempotencyKey(key),
        (error: unknown) => error instanceof ValidationError && error.fields?.['Idempotency-Key'] !== undefined,
        `key ${JSON.stringify(key)}`,
      );
    }
  });
});
