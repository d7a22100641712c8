// The customer's pill and history lines say what a held order waits for, in words (issue 9 item 8):
// a pickup order never reads "tap I'm here", and a changed pickup is not a second "Placed" line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  customerHistory,
  customerStateLabel,
  eventDetailWords,
  historyLabel,
  localMoment,
  STATE_LABELS,
  type LabelledOrder,
} from '../../src/domain/order-state-words.js';
import type { OrderState } from '../../src/domain/order-lifecycle.js';

const LONDON = 'Europe/London';
// Wednesday 25 November 2026, 12:00 in London (GMT, so UTC too).
const placed = new Date('2026-11-25T12:00:00Z');
const held = (trigger: LabelledOrder['trigger'], extra: Partial<LabelledOrder> = {}): LabelledOrder => ({
  state: 'authorised',
  trigger,
  readyEstimateAt: null,
  startBlocked: null,
  authorisedAt: placed,
  ...extra,
});

test('a held order waiting for the tap asks for it', () => {
  assert.equal(customerStateLabel(held({ kind: 'here' }), LONDON), 'Placed — tap "I\'m here" at the store');
});

test('a pickup order says its time, with the day when it is not the day it was placed', () => {
  assert.equal(customerStateLabel(held({ kind: 'pickup', slot: new Date('2026-11-25T12:10:00Z') }), LONDON), 'Pickup at 12:10');
  assert.equal(customerStateLabel(held({ kind: 'pickup', slot: new Date('2026-11-26T09:00:00Z') }), LONDON), 'Pickup at Thu 26 Nov, 09:00');
  assert.equal(customerStateLabel(held({ kind: 'pickup', slot: new Date('2026-11-26T09:00:00Z') }, { authorisedAt: null }), LONDON), 'Pickup at 09:00');
});

test('"on my way" says when it should be ready: the estimate, or the arrival when there is none', () => {
  const trigger = { kind: 'on_my_way', arrivalMinutes: 15, dueAt: new Date('2026-11-25T12:15:00Z') } as const;
  assert.equal(customerStateLabel(held(trigger, { readyEstimateAt: new Date('2026-11-25T12:14:00Z') }), LONDON), 'On your way — ready about 12:14');
  assert.equal(customerStateLabel(held(trigger), LONDON), 'On your way — ready about 12:15');
  assert.equal(customerStateLabel(held(trigger, { authorisedAt: null }), LONDON), 'On your way — ready about 12:15', 'no hold time: the time alone');
});

test('a start that was held back asks the customer to choose, whatever the trigger', () => {
  const order = held({ kind: 'pickup', slot: new Date('2026-11-25T12:10:00Z') }, { startBlocked: 'store_paused' });
  assert.equal(customerStateLabel(order, LONDON), 'Not started — choose what to do');
});

test('other states keep their one label', () => {
  for (const state of ['paid', 'needs_payment', 'ready', 'cancelled'] as const) {
    assert.equal(customerStateLabel({ ...held({ kind: 'pickup', slot: placed }), state }, LONDON), STATE_LABELS[state]);
  }
});

test('history: the hold is "Placed", a change in the same state is told in its own words, the rest by label', () => {
  assert.equal(historyLabel({ from: 'authorising', to: 'authorised', detail: null }), 'Placed — card held, not charged');
  assert.equal(historyLabel({ from: 'authorised', to: 'authorised', detail: 'changed to a pickup time: 12:10' }), 'Changed to a pickup time: 12:10');
  assert.equal(historyLabel({ from: 'authorised', to: 'authorised', detail: '  ' }), 'Updated');
  assert.equal(historyLabel({ from: 'authorised', to: 'authorised', detail: null }), 'Updated');
  assert.equal(historyLabel({ from: 'capturing', to: 'paid', detail: null }), STATE_LABELS.paid);
  // Read top to bottom: sent and checked, then placed (not "Confirming payment" above "card held, not charged").
  assert.equal(historyLabel({ from: null, to: 'authorising', detail: null }), 'Sent — checking your card');
  assert.equal(historyLabel({ from: 'capturing', to: 'needs_payment', detail: null }), 'Payment refused — not charged');
});

test("the customer's history of a capture refused, then paid with another card, reads as what happened", () => {
  const steps: [OrderState | null, OrderState][] = [
    [null, 'authorising'],
    ['authorising', 'authorised'],
    ['authorised', 'capturing'],
    ['capturing', 'needs_payment'],
    ['needs_payment', 'capturing'],
    ['capturing', 'paid'],
  ];
  const events = steps.map(([from, to]) => ({ from, to, detail: null }));
  assert.deepEqual(customerHistory(events).map(historyLabel), [
    'Sent — checking your card',
    'Placed — card held, not charged',
    'Payment refused — not charged',
    'Paid — being made',
  ]);
  // A charge still under way is shown: it is where the order is now.
  assert.deepEqual(customerHistory(events.slice(0, 3)).map(historyLabel), ['Sent — checking your card', 'Placed — card held, not charged', 'Taking payment']);
});

test('a moment on the store clock: the time today, the day and time otherwise (BST too)', () => {
  assert.equal(localMoment(new Date('2026-11-25T18:05:00Z'), placed, LONDON), '18:05');
  const summer = new Date('2026-07-01T11:00:00Z');
  assert.equal(localMoment(new Date('2026-07-01T11:30:00Z'), summer, LONDON), '12:30');
  assert.equal(localMoment(new Date('2026-07-02T07:00:00Z'), summer, LONDON), 'Thu 2 Jul, 08:00');
});

test("an event's detail from the bank or Stripe reads in words on staff pages (issue 10 item 8)", () => {
  assert.equal(eventDetailWords('capture_declined'), 'the bank refused the charge');
  assert.equal(eventDetailWords('payment_intent.payment_failed'), 'Stripe: payment failed');
  assert.equal(eventDetailWords('do_not_honor'), 'do not honor', 'a code we do not know loses its underscores');
  assert.equal(eventDetailWords('no answer from the payment provider'), 'no answer from the payment provider', 'sentences pass through');
  assert.equal(eventDetailWords('hold 2'), 'hold 2');
});
