import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTER_TAPS, isCounterTap, tapMessage, tapVerdict } from '../../src/domain/counter-taps.js';

describe('counter taps', () => {
  it('acts on the states each tap is for', () => {
    assert.deepEqual(tapVerdict('bump', 'paid', 7), { go: true });
    assert.deepEqual(tapVerdict('bump_line', 'paid', 7), { go: true });
    assert.deepEqual(tapVerdict('recall', 'ready', 7), { go: true });
    assert.deepEqual(tapVerdict('collect', 'ready', 7), { go: true });
    assert.deepEqual(tapVerdict('undo_collect', 'completed', 7), { go: true });
    for (const state of ['paid', 'ready', 'completed'] as const) assert.deepEqual(tapVerdict('reprint', state, 7), { go: true });
  });

  it('finds work another tablet did already done, not wrong', () => {
    assert.deepEqual(tapVerdict('bump', 'ready', 7), { go: false, outcome: 'already_done' });
    assert.deepEqual(tapVerdict('bump', 'completed', 7), { go: false, outcome: 'already_done' });
    assert.deepEqual(tapVerdict('bump_line', 'ready', 7), { go: false, outcome: 'already_done' });
    assert.deepEqual(tapVerdict('recall', 'paid', 7), { go: false, outcome: 'already_done' });
    assert.deepEqual(tapVerdict('collect', 'completed', 7), { go: false, outcome: 'already_done' });
    assert.deepEqual(tapVerdict('undo_collect', 'ready', 7), { go: false, outcome: 'already_done' });
  });

  it('refuses the rest in words, never a state name', () => {
    assert.deepEqual(tapVerdict('collect', 'paid', 7), {
      go: false,
      outcome: 'wrong_state',
      message: "Order 7 can't be marked collected: it is paid and being made.",
    });
    assert.deepEqual(tapVerdict('reprint', 'needs_payment', 7), {
      go: false,
      outcome: 'wrong_state',
      message: "Order 7 can't be reprinted: it is waiting for payment.",
    });
    const refused = tapVerdict('recall', 'refunded', 7);
    assert.equal(refused.go, false);
    assert.ok(!refused.go && refused.outcome === 'wrong_state' && !refused.message.includes('_'));
  });

  it('tells the counter what happened', () => {
    assert.equal(tapMessage('bump', 'already_done', 12), 'Order 12: already done on another tablet.');
    assert.equal(tapMessage('bump', 'applied', 12), 'Order 12 is ready.');
    assert.equal(tapMessage('undo_collect', 'applied', 12), 'Order 12 is back on the counter.');
    assert.ok(COUNTER_TAPS.every(isCounterTap));
    assert.equal(isCounterTap('refund'), false);
  });
});
