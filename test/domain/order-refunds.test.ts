// Refunds never exceed what was captured; a full refund before collection ends the order refunded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, ConflictError, ValidationError } from '../../src/domain/errors.js';
import { ORDER_STATES } from '../../src/domain/order-lifecycle.js';
import {
  linesRefundPence,
  planRefund,
  REFUNDABLE_STATES,
  refundedQuantitiesOf,
  refundsThroughGateway,
  remainingLines,
  type RefundableOrder,
} from '../../src/domain/order-refunds.js';

const order = (over: Partial<RefundableOrder> = {}): RefundableOrder => ({
  state: 'paid',
  capturedPence: 900,
  refundedPence: 0,
  lines: [
    { position: 1, quantity: 2 },
    { position: 2, quantity: 1 },
  ],
  refundedQuantities: {},
  ...over,
});

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error;
  }
  assert.fail('expected a refusal');
}

test('a partial refund keeps the state', () => {
  assert.deepEqual(planRefund(order(), { amountPence: 300, lines: [{ position: 1, quantity: 1 }] }), { transition: null, refundedPenceAfter: 300 });
});

test('a full refund before collection ends the order refunded, from paid or ready', () => {
  assert.deepEqual(planRefund(order(), { amountPence: 900, lines: [] }), { transition: 'refund', refundedPenceAfter: 900 });
  assert.deepEqual(planRefund(order({ state: 'ready', refundedPence: 400 }), { amountPence: 500, lines: [] }), {
    transition: 'refund',
    refundedPenceAfter: 900,
  });
});

test('a full refund after collection leaves the order completed', () => {
  assert.deepEqual(planRefund(order({ state: 'completed' }), { amountPence: 900, lines: [] }), { transition: null, refundedPenceAfter: 900 });
});

test('refunds can never exceed what was captured', () => {
  const error = refusal(() => planRefund(order({ refundedPence: 700 }), { amountPence: 201, lines: [] }));
  assert.ok(error instanceof ConflictError);
  assert.equal(error.code, 'refund_exceeds_captured');
  assert.match(error.message, /At most £2\.00 can still be refunded/);
});

test('only a charged order can be refunded; a refunded one says so', () => {
  for (const state of ORDER_STATES) {
    const refundable = (REFUNDABLE_STATES as readonly string[]).includes(state);
    if (refundable) continue;
    const error = refusal(() => planRefund(order({ state }), { amountPence: 1, lines: [] }));
    assert.equal(error.code, 'not_refundable', state);
    assert.match(error.message, state === 'refunded' ? /already been refunded/ : /Only a paid order/, state);
  }
  assert.deepEqual([...REFUNDABLE_STATES], ['paid', 'ready', 'completed']);
});

test('the amount is whole pence, at least 1', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    const error = refusal(() => planRefund(order(), { amountPence: bad, lines: [] }));
    assert.ok(error instanceof ValidationError, String(bad));
    assert.deepEqual(Object.keys(error.fields ?? {}), ['amountPence']);
  }
});

test('refunded lines are lines of the order, with quantities still unrefunded', () => {
  const error = refusal(() =>
    planRefund(order({ refundedQuantities: { 1: 1 } }), {
      amountPence: 100,
      lines: [
        { position: 9, quantity: 1 },
        { position: 1, quantity: 2 },
        { position: 2, quantity: 0 },
      ],
    }),
  );
  assert.ok(error instanceof ValidationError);
  assert.deepEqual(error.fields, {
    'lines.0.position': 'That line is not on this order.',
    'lines.1.quantity': 'Choose from 1 to 1.',
    'lines.2.quantity': 'Choose from 1 to 1.',
  });
  assert.equal(planRefund(order({ refundedQuantities: { 1: 1 } }), { amountPence: 100, lines: [{ position: 1, quantity: 1 }] }).transition, null);
});

test('a till-paid order is refunded as cash, a card one through the gateway', () => {
  assert.equal(refundsThroughGateway('card'), true);
  assert.equal(refundsThroughGateway('till'), false);
});

test('quantities refunded so far count pending and succeeded refunds, not failed ones', () => {
  assert.deepEqual(
    refundedQuantitiesOf([
      { status: 'succeeded', lines: [{ position: 1, quantity: 1 }] },
      {
        status: 'pending',
        lines: [
          { position: 1, quantity: 1 },
          { position: 2, quantity: 1 },
        ],
      },
      { status: 'failed', lines: [{ position: 2, quantity: 5 }] },
    ]),
    { 1: 2, 2: 1 },
  );
});

test('a line refund is unit price × quantity; a line not on the order counts nothing', () => {
  const lines = [
    { position: 1, quantity: 2, unitPence: 350 },
    { position: 2, quantity: 1, unitPence: 200 },
  ];
  assert.equal(
    linesRefundPence(lines, [
      { position: 1, quantity: 2 },
      { position: 2, quantity: 1 },
    ]),
    900,
  );
  assert.equal(linesRefundPence(lines, [{ position: 9, quantity: 1 }]), 0);
});

test('the rest of an order is every quantity not yet refunded', () => {
  const lines = [
    { position: 1, quantity: 2 },
    { position: 2, quantity: 1 },
  ];
  assert.deepEqual(remainingLines(lines, { 1: 1 }), [
    { position: 1, quantity: 1 },
    { position: 2, quantity: 1 },
  ]);
  assert.deepEqual(remainingLines(lines, { 1: 2, 2: 1 }), []);
});
