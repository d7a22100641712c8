// Which card holds an order gives back (DESIGN.md §2, decision 317). An order can have had more than
// one hold: checkout's, and one per "pay with another card" after a refused capture. A void names
// the hold it releases, and this rule says whether releasing it now is right — never the hold that
// was charged, never one the order still relies on.
import type { OrderState, PaidWith } from './order-lifecycle.js';

export interface OrderPayment {
  state: OrderState;
  /** The hold the order is on now. */
  paymentReference: string | null;
  paidWith: PaidWith | null;
}

/** The order still waits on its current hold: being authorised, held for its trigger, or being charged. */
const RELIES_ON_HOLD: readonly OrderState[] = ['authorising', 'authorised', 'capturing'];

/** Whether the hold `reference` of this order may be released. */
export function mayReleaseHold(order: OrderPayment, reference: string): boolean {
  // A hold the order moved on from (a refused one replaced by another card's, or a new one that
  // lost the race to the till or a cancel) is never charged: always released.
  if (reference !== order.paymentReference) return true;
  if (RELIES_ON_HOLD.includes(order.state)) return false;
  // The order's own hold: kept when it was charged, released otherwise (declined, expired,
  // cancelled, waiting for payment, or paid at the till).
  return order.paidWith !== 'card';
}

/** The gateway idempotency key of one operation on one of the order's holds (1 = checkout's, keys unchanged). */
export function holdOperationKey(orderId: string, operation: 'authorise' | 'capture' | 'cancel', attempt = 1): string {
  return attempt === 1 ? `order-${orderId}-${operation}` : `order-${orderId}-${operation}-${attempt}`;
}
