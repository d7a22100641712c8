// Every transition of DESIGN.md §2 is allowed from exactly the states the table lists, and refused from all others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowedFrom, isFinal, nextState, ORDER_STATES, ORDER_TRANSITIONS, successors, targetOf,
  type OrderState, type OrderTransition,
} from '../../src/domain/order-lifecycle.js';

// The lifecycle table, written out independently of the module.
const EXPECTED: Record<OrderTransition, [OrderState, OrderState]> = {
  authorise: ['authorising', 'authorised'],
  decline: ['authorising', 'payment_failed'],
  check_in: ['authorised', 'capturing'],
  capture: ['capturing', 'paid'],
  capture_fail: ['capturing', 'payment_failed'],
  expire: ['authorised', 'expired'],
  cancel: ['authorised', 'cancelled'],
  mark_ready: ['paid', 'ready'],
  collect: ['ready', 'completed'],
};

const NEXT: Record<OrderState, OrderState[]> = {
  authorising: ['authorised', 'payment_failed'],
  authorised: ['capturing', 'expired', 'cancelled'],
  capturing: ['paid', 'payment_failed'],
  paid: ['ready'],
  ready: ['completed'],
  completed: [],
  payment_failed: [],
  expired: [],
  cancelled: [],
};

for (const transition of ORDER_TRANSITIONS) {
  const [from, to] = EXPECTED[transition];
  test(`${transition}: ${from} → ${to}`, () => {
    assert.deepEqual(allowedFrom(transition), [from]);
    assert.equal(targetOf(transition), to);
    assert.equal(nextState(from, transition), to);
  });
  for (const state of ORDER_STATES.filter((s) => s !== from)) {
    test(`${transition} is refused from ${state}`, () => {
      assert.equal(nextState(state, transition), null);
      assert.ok(!allowedFrom(transition).includes(state));
    });
  }
}

test('the transitions cover exactly the table', () => {
  assert.deepEqual([...ORDER_TRANSITIONS].sort(), Object.keys(EXPECTED).sort());
  for (const state of ORDER_STATES) {
    assert.deepEqual(successors(state).sort(), [...NEXT[state]].sort(), state);
    assert.equal(isFinal(state), NEXT[state].length === 0, state);
  }
});
