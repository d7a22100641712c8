// Refunds (DESIGN.md §2): rows of their own, whose sum can never exceed what was captured.
// A partial refund keeps the order's state; a full refund before collection ends it
// `refunded` (off the queue); after collection the order stays completed. The database
// checks the sum again under a row lock (migration 300, decision 301): this is the rule
// and the customer-readable refusal, that is the guard against two refunds at once.
import { ConflictError, ValidationError } from './errors.js';
import { formatPence } from './money.js';
import { nextState, type OrderState, type PaidWith } from './order-lifecycle.js';

/** Only what was charged can be refunded. */
export const REFUNDABLE_STATES = ['paid', 'ready', 'completed'] as const satisfies readonly OrderState[];

export interface RefundableOrder {
  state: OrderState;
  capturedPence: number;
  /** The sum of the order's refunds so far. */
  refundedPence: number;
  lines: readonly { position: number; quantity: number }[];
  /** Quantities already refunded, by line position. */
  refundedQuantities: Readonly<Record<number, number>>;
}

export interface RefundRequest {
  amountPence: number;
  lines: readonly { position: number; quantity: number }[];
}

export interface RefundPlan {
  /** `refund` when this refund ends the order as refunded; null when the state stays. */
  transition: 'refund' | null;
  refundedPenceAfter: number;
}

/** Checks a refund against the order; throws a ValidationError or ConflictError saying why not. */
export function planRefund(order: RefundableOrder, request: RefundRequest): RefundPlan {
  if (!(REFUNDABLE_STATES as readonly OrderState[]).includes(order.state)) {
    throw new ConflictError(
      order.state === 'refunded' ? 'This order has already been refunded in full.' : 'Only a paid order can be refunded.',
      'not_refundable',
    );
  }
  // The lines first: "only 1 left on that line" says more than an amount in pence.
  const fields: Record<string, string> = {};
  for (const [index, line] of request.lines.entries()) {
    const ordered = order.lines.find((l) => l.position === line.position);
    const refundable = ordered ? ordered.quantity - (order.refundedQuantities[line.position] ?? 0) : 0;
    if (!ordered) fields[`lines.${index}.position`] = 'That line is not on this order.';
    else if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > refundable) {
      fields[`lines.${index}.quantity`] = `Choose from 1 to ${refundable}.`;
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const { amountPence } = request;
  if (!Number.isInteger(amountPence) || amountPence < 1) throw new ValidationError({ amountPence: 'Enter an amount in pence, at least 1.' });
  const left = order.capturedPence - order.refundedPence;
  if (amountPence > left) {
    throw new ConflictError(`At most ${formatPence(left)} can still be refunded on this order.`, 'refund_exceeds_captured');
  }
  const refundedPenceAfter = order.refundedPence + amountPence;
  const full = refundedPenceAfter === order.capturedPence;
  return { transition: full && nextState(order.state, 'refund') !== null ? 'refund' : null, refundedPenceAfter };
}

/** A till-paid order is refunded as cash (recorded, no gateway call); a card one through the gateway. */
export function refundsThroughGateway(paidWith: PaidWith): boolean {
  return paidWith === 'card';
}

export interface PricedLine {
  position: number;
  quantity: number;
  unitPence: number;
}

/** Quantities given back so far, by line position, from the refunds that count (not failed). */
export function refundedQuantitiesOf(
  refunds: readonly { status: 'pending' | 'succeeded' | 'failed'; lines: readonly { position: number; quantity: number }[] }[],
): Record<number, number> {
  const quantities: Record<number, number> = {};
  for (const refund of refunds) {
    if (refund.status === 'failed') continue;
    for (const line of refund.lines) quantities[line.position] = (quantities[line.position] ?? 0) + line.quantity;
  }
  return quantities;
}

/** What a refund of these lines gives back: each line's unit price × quantity (lines not on the order count nothing). */
export function linesRefundPence(lines: readonly PricedLine[], request: readonly { position: number; quantity: number }[]): number {
  return request.reduce((sum, r) => sum + (lines.find((l) => l.position === r.position)?.unitPence ?? 0) * r.quantity, 0);
}

/** The quantities not yet refunded, per line: what "refund the rest" gives back. */
export function remainingLines(
  lines: readonly { position: number; quantity: number }[],
  refundedQuantities: Readonly<Record<number, number>>,
): { position: number; quantity: number }[] {
  return lines.map((l) => ({ position: l.position, quantity: l.quantity - (refundedQuantities[l.position] ?? 0) })).filter((l) => l.quantity > 0);
}
