// DESIGN.md §2's lifecycle: every transition is allowed from exactly the states the table lists,
// for exactly the actors who may make it, and refused from all others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTOR_KINDS,
  actorKindOf,
  actorsOf,
  allowedFrom,
  canUndoCollect,
  chargeOf,
  CLOSED_STATES,
  isClosed,
  holdsPayment,
  inQueue,
  isFinal,
  isOrderState,
  listedInHistory,
  needsAttention,
  nextState,
  ORDER_STATES,
  ORDER_TRANSITIONS,
  QUEUE_STATES,
  stampsOf,
  successors,
  targetOf,
  UNDO_COLLECT_WINDOW_MS,
  type ActorKind,
  type OrderState,
  type OrderTransition,
} from '../../src/domain/order-lifecycle.js';
import { STAFF_STATE_LABELS, STATE_LABELS, STATE_PHRASES } from '../../src/domain/order-state-words.js';

type Moves = Partial<Record<ActorKind, OrderState[]>>;

// The lifecycle table, written out independently of the module: target, and who may move from where.
const EXPECTED: Record<OrderTransition, [OrderState, Moves]> = {
  authorise: ['authorised', { customer: ['authorising'], gateway: ['authorising'] }],
  decline: ['declined', { customer: ['authorising'], gateway: ['authorising'], system: ['authorising'] }],
  check_in: ['capturing', { customer: ['authorised'], gateway: ['authorised'] }],
  start_making: ['capturing', { system: ['authorised'] }],
  capture: ['paid', { customer: ['capturing'], system: ['capturing'], gateway: ['capturing'] }],
  capture_fail: ['needs_payment', { customer: ['capturing'], system: ['capturing'], gateway: ['capturing'] }],
  pay_again: ['capturing', { customer: ['needs_payment'] }],
  pay_at_till: ['paid', { staff: ['needs_payment'] }],
  expire: ['expired', { system: ['authorised', 'needs_payment'], gateway: ['authorised'] }],
  cancel: ['cancelled', { customer: ['authorised', 'needs_payment'], staff: ['needs_payment'], gateway: ['authorised'] }],
  mark_ready: ['ready', { staff: ['paid'] }],
  recall: ['paid', { staff: ['ready'] }],
  collect: ['completed', { staff: ['ready'] }],
  close_uncollected: ['completed', { system: ['ready'] }],
  undo_collect: ['ready', { staff: ['completed'] }],
  refund: ['refunded', { staff: ['paid', 'ready'] }],
};

// DESIGN.md §2's "next" column.
const NEXT: Record<OrderState, OrderState[]> = {
  authorising: ['authorised', 'declined'],
  declined: [],
  authorised: ['capturing', 'expired', 'cancelled'],
  capturing: ['paid', 'needs_payment'],
  needs_payment: ['capturing', 'paid', 'cancelled', 'expired'],
  paid: ['ready', 'refunded'],
  ready: ['completed', 'paid', 'refunded'],
  completed: ['ready'],
  expired: [],
  cancelled: [],
  refunded: [],
};

for (const transition of ORDER_TRANSITIONS) {
  const [to, moves] = EXPECTED[transition];
  test(`${transition} → ${to}, by ${Object.keys(moves).join(', ')}`, () => {
    assert.equal(targetOf(transition), to);
    assert.deepEqual(actorsOf(transition).sort(), Object.keys(moves).sort());
    const anyone = [...new Set(Object.values(moves).flat())];
    assert.deepEqual([...allowedFrom(transition)].sort(), anyone.sort());
    for (const actor of ACTOR_KINDS) {
      const from = moves[actor] ?? [];
      assert.deepEqual([...allowedFrom(transition, actor)].sort(), [...from].sort(), actor);
      for (const state of ORDER_STATES) {
        assert.equal(nextState(state, transition, actor), from.includes(state) ? to : null, `${actor} from ${state}`);
      }
    }
    for (const state of ORDER_STATES) assert.equal(nextState(state, transition), anyone.includes(state) ? to : null, state);
  });
}

test('the transitions cover exactly the table, and the states exactly DESIGN.md §2', () => {
  assert.deepEqual([...ORDER_TRANSITIONS].sort(), Object.keys(EXPECTED).sort());
  assert.deepEqual([...ORDER_STATES].sort(), Object.keys(NEXT).sort());
  for (const state of ORDER_STATES) {
    assert.deepEqual(successors(state).sort(), [...NEXT[state]].sort(), state);
    assert.equal(isFinal(state), NEXT[state].length === 0, state);
  }
});

test('closed states are the final ones and collected', () => {
  for (const state of ORDER_STATES) assert.equal(isClosed(state), isFinal(state) || state === 'completed', state);
  assert.equal(CLOSED_STATES.length, 5);
});

test('gateway events never cancel or expire an order waiting for another payment', () => {
  assert.equal(nextState('needs_payment', 'cancel', 'gateway'), null);
  assert.equal(nextState('needs_payment', 'expire', 'gateway'), null);
  assert.equal(nextState('authorised', 'cancel', 'staff'), null, 'staff cancel only orders that need payment');
});

test('each transition stamps the column of its moment; recall and undo clear the one they reverse', () => {
  assert.deepEqual(stampsOf('authorise'), { stamp: 'authorised_at', clear: [] });
  assert.deepEqual(stampsOf('check_in'), { stamp: 'checked_in_at', clear: [] });
  assert.deepEqual(stampsOf('start_making'), { stamp: 'checked_in_at', clear: [] });
  assert.deepEqual(stampsOf('pay_at_till'), { stamp: 'paid_at', clear: [] });
  assert.deepEqual(stampsOf('capture_fail'), { stamp: null, clear: [] }, 'needs_payment is not closed');
  assert.deepEqual(stampsOf('recall'), { stamp: null, clear: ['ready_at'] });
  assert.deepEqual(stampsOf('undo_collect'), { stamp: null, clear: ['completed_at'] });
  for (const t of ORDER_TRANSITIONS) {
    if (isFinal(targetOf(t)) && targetOf(t) !== 'completed') assert.equal(stampsOf(t).stamp, 'closed_at', t);
  }
});

test('capture charges by card, the till by till; nothing else charges', () => {
  for (const t of ORDER_TRANSITIONS) assert.equal(chargeOf(t), t === 'capture' ? 'card' : t === 'pay_at_till' ? 'till' : null, t);
});

test('a declined attempt is never listed in the history; everything else is', () => {
  for (const state of ORDER_STATES) assert.equal(listedInHistory(state), state !== 'declined', state);
});

test('only paid and ready orders are in the queue: never one that needs payment', () => {
  assert.deepEqual([...QUEUE_STATES], ['paid', 'ready']);
  for (const state of ORDER_STATES) assert.equal(inQueue(state), state === 'paid' || state === 'ready', state);
  assert.equal(inQueue('needs_payment'), false);
  assert.equal(needsAttention('needs_payment'), true);
  assert.equal(needsAttention('paid'), false);
});

test('a hold is live while authorised or capturing', () => {
  for (const state of ORDER_STATES) assert.equal(holdsPayment(state), state === 'authorised' || state === 'capturing', state);
});

test('undo collected only within 60 s of the collection', () => {
  const at = new Date('2026-11-30T12:00:00Z');
  const after = (ms: number) => new Date(at.getTime() + ms);
  assert.equal(UNDO_COLLECT_WINDOW_MS, 60_000);
  assert.equal(canUndoCollect(at, at), true);
  assert.equal(canUndoCollect(at, after(60_000)), true);
  assert.equal(canUndoCollect(at, after(60_001)), false);
  assert.equal(canUndoCollect(at, after(-1)), false, 'a clock before the collection is not "within 60 s"');
});

test('actor strings map to the kinds of the table', () => {
  assert.equal(actorKindOf('customer:12'), 'customer');
  assert.equal(actorKindOf('staff:3'), 'staff');
  assert.equal(actorKindOf('system'), 'system');
  assert.equal(actorKindOf('stripe'), 'gateway');
  assert.equal(actorKindOf('simulated'), 'gateway');
  for (const bad of ['customer', 'customer:', 'staff:x', 'admin:1', '', 'System']) assert.equal(actorKindOf(bad), null, bad);
});

test('isOrderState knows the new names and not the old one', () => {
  for (const state of ORDER_STATES) assert.equal(isOrderState(state), true);
  assert.equal(isOrderState('payment_failed'), false);
  assert.equal(isOrderState(3), false);
});

test('every state has words, and none of them is the raw state name', () => {
  for (const state of ORDER_STATES) {
    for (const words of [STATE_LABELS[state], STATE_PHRASES[state], STAFF_STATE_LABELS[state]]) {
      assert.ok(words.length > 0, state);
      assert.doesNotMatch(words, /_/, state);
    }
  }
});
