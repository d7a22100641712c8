import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdOperationKey, mayReleaseHold } from '../../src/domain/payment-holds.js';

describe('mayReleaseHold', () => {
  const order = { state: 'needs_payment' as const, paymentReference: 'ref_2', paidWith: null };
  it('releases a hold the order moved on from, whatever its state', () => {
    assert.equal(mayReleaseHold({ ...order, state: 'capturing' }, 'ref_1'), true);
    assert.equal(mayReleaseHold({ ...order, state: 'paid', paidWith: 'card' }, 'ref_1'), true);
  });
  it('keeps the current hold while the order relies on it', () => {
    for (const state of ['authorising', 'authorised', 'capturing'] as const) assert.equal(mayReleaseHold({ ...order, state }, 'ref_2'), false, state);
  });
  it('never releases the hold that was charged', () => {
    for (const state of ['paid', 'ready', 'completed', 'refunded'] as const) {
      assert.equal(mayReleaseHold({ ...order, state, paidWith: 'card' }, 'ref_2'), false, state);
    }
  });
  it('releases the current hold of an order that ended uncharged or was paid at the till', () => {
    for (const state of ['declined', 'needs_payment', 'expired', 'cancelled'] as const) assert.equal(mayReleaseHold({ ...order, state }, 'ref_2'), true, state);
    assert.equal(mayReleaseHold({ ...order, state: 'paid', paidWith: 'till' }, 'ref_2'), true);
  });
});

describe('holdOperationKey', () => {
  it("keeps checkout's keys and numbers every later hold", () => {
    assert.equal(holdOperationKey('o1', 'capture'), 'order-o1-capture');
    assert.equal(holdOperationKey('o1', 'cancel', 1), 'order-o1-cancel');
    assert.equal(holdOperationKey('o1', 'authorise', 2), 'order-o1-authorise-2');
  });
});
