import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDelta, formatPence, sumPence } from '../../src/domain/money.js';

describe('money', () => {
  it('formats pence as pounds', () => {
    assert.equal(formatPence(0), '£0.00');
    assert.equal(formatPence(5), '£0.05');
    assert.equal(formatPence(350), '£3.50');
    assert.equal(formatPence(123456), '£1,234.56');
    assert.equal(formatPence(-45), '-£0.45');
  });

  it('refuses fractions of a penny', () => {
    assert.throws(() => formatPence(3.5), TypeError);
    assert.throws(() => formatPence(Number.NaN), TypeError);
  });

  it('formats a price delta with its sign, and nothing for zero', () => {
    assert.equal(formatDelta(45), '+£0.45');
    assert.equal(formatDelta(0), '');
    assert.equal(formatDelta(-50), '-£0.50');
  });

  it('sums pence', () => {
    assert.equal(sumPence([]), 0);
    assert.equal(sumPence([340, 45, 60]), 445);
  });
});
