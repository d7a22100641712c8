import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDelta, formatPence, parsePounds, penceToDecimal, sumPence } from '../../src/domain/money.js';

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

  it('reads a price typed in pounds as integer pence', () => {
    assert.equal(parsePounds('3.40'), 340);
    assert.equal(parsePounds(' £3.4 '), 340);
    assert.equal(parsePounds('3'), 300);
    assert.equal(parsePounds('0.05'), 5);
  });

  it('refuses what is not a price, and negatives unless allowed', () => {
    for (const text of ['', 'abc', '3.456', '1e3', '£', '12345678']) assert.equal(parsePounds(text), null, text);
    assert.equal(parsePounds('-0.50'), null);
    assert.equal(parsePounds('-0.50', { allowNegative: true }), -50);
    assert.equal(parsePounds('-£0.50', { allowNegative: true }), -50);
    assert.equal(parsePounds('£-0.50', { allowNegative: true }), -50);
    assert.equal(parsePounds('-0', { allowNegative: true }), 0, 'minus nothing is nothing, not -0');
    assert.ok(Object.is(parsePounds('-0', { allowNegative: true }), 0));
  });

  it('writes pence as the plain decimal a form field shows', () => {
    assert.equal(penceToDecimal(340), '3.40');
    assert.equal(penceToDecimal(5), '0.05');
    assert.equal(penceToDecimal(-45), '-0.45');
    assert.equal(penceToDecimal(123456), '1234.56');
  });
});
