import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasExpired, parseCardExpiry } from '../../src/domain/card-expiry.js';

describe('parseCardExpiry', () => {
  it('accepts 1229, 12/29 and 12 / 29 as December 2029', () => {
    for (const typed of ['1229', '12/29', '12 / 29', ' 12/29 ', '12-29', '12 29', '12/2029', '122029']) {
      assert.deepEqual(parseCardExpiry(typed), { month: 12, year: 2029 }, typed);
    }
  });
  it('accepts a one-digit month with a separator', () => {
    assert.deepEqual(parseCardExpiry('1/29'), { month: 1, year: 2029 });
  });
  it('leaves the month range to the caller', () => {
    assert.deepEqual(parseCardExpiry('13/29'), { month: 13, year: 2029 });
  });
  it('refuses what is not an expiry', () => {
    for (const typed of ['', '129', '12/2', '12/291', 'ab/cd', '12//29', '1 2 2 9', '12345']) {
      assert.equal(parseCardExpiry(typed), null, typed);
    }
  });
});

describe('hasExpired', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  it('a card is good to the end of its month', () => {
    assert.equal(hasExpired({ month: 12, year: 2026 }, now), false);
    assert.equal(hasExpired({ month: 11, year: 2026 }, now), true);
    assert.equal(hasExpired({ month: 1, year: 2027 }, now), false);
  });
});
