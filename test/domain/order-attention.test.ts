// Needs attention: which orders wait on the bank too long, and for how many minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTENTION_STUCK_MS, isStuck, minutesSince, waitsOnBank } from '../../src/domain/order-attention.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

test('only a hold or a capture waits on the bank', () => {
  assert.equal(waitsOnBank('authorising'), true);
  assert.equal(waitsOnBank('capturing'), true);
  assert.equal(waitsOnBank('needs_payment'), false);
  assert.equal(waitsOnBank('paid'), false);
});

test('stuck after more than two minutes with no answer', () => {
  assert.equal(ATTENTION_STUCK_MS, 120_000);
  assert.equal(isStuck('capturing', ago(ATTENTION_STUCK_MS), NOW), false);
  assert.equal(isStuck('capturing', ago(ATTENTION_STUCK_MS + 1), NOW), true);
  assert.equal(isStuck('authorising', ago(10 * 60_000), NOW), true);
  assert.equal(isStuck('paid', ago(10 * 60_000), NOW), false);
});

test('minutes since are whole and never negative', () => {
  assert.equal(minutesSince(ago(179_000), NOW), 2);
  assert.equal(minutesSince(new Date(NOW.getTime() + 60_000), NOW), 0);
});
