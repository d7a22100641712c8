// The one place order states become words: pages, emails, flashes and error messages
// never show a raw state name ("needs_payment").
import type { OrderState } from './order-lifecycle.js';

/** The customer's label for each state (the pill on the order page and in the history). */
export const STATE_LABELS: Record<OrderState, string> = {
  authorising: 'Confirming payment',
  declined: 'Card declined',
  authorised: 'Placed — tap "I\'m here" at the store',
  capturing: 'Taking payment',
  needs_payment: 'Payment needed',
  paid: 'Paid — being made',
  ready: 'Ready to collect',
  completed: 'Collected',
  expired: 'Expired',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** The state inside a sentence: "Order 1042 can't be marked ready: it is {phrase}." */
export const STATE_PHRASES: Record<OrderState, string> = {
  authorising: 'still confirming its payment',
  declined: 'a declined payment',
  authorised: 'waiting for its customer',
  capturing: 'being charged',
  needs_payment: 'waiting for payment',
  paid: 'paid and being made',
  ready: 'ready',
  completed: 'collected',
  expired: 'expired',
  cancelled: 'cancelled',
  refunded: 'refunded',
};

/** Staff's label for each state (admin and back office): what the order is waiting for, in words. */
export const STAFF_STATE_LABELS: Record<OrderState, string> = {
  authorising: 'Confirming payment',
  declined: 'Card declined (not an order)',
  authorised: 'Placed, not checked in',
  capturing: 'Taking payment',
  needs_payment: 'Payment needed',
  paid: 'Paid, being made',
  ready: 'Ready at the counter',
  completed: 'Collected',
  expired: 'Expired',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};
