// The one place order states become words: pages, emails, flashes and error messages
// never show a raw state name ("needs_payment").
import type { OrderState } from './order-lifecycle.js';
import type { Trigger } from './order-triggers.js';
import { formatLocalDateTime, formatLocalTime, localDate } from './store-time.js';

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

/** What the customer's pill needs to say what a held order is waiting for. */
export interface LabelledOrder {
  state: OrderState;
  trigger: Trigger;
  readyEstimateAt: Date | null;
  startBlocked: string | null;
  /** When the hold succeeded: times are given with their day when it is not that day. */
  authorisedAt: Date | null;
}

function sameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  const x = localDate(a, timeZone);
  const y = localDate(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/** A time on the store's clock, with its day when that is not today ("12:10", "Thu 3 Dec, 09:00"). */
export function localMoment(at: Date, now: Date, timeZone: string): string {
  return sameLocalDay(at, now, timeZone) ? formatLocalTime(at, timeZone) : formatLocalDateTime(at, timeZone);
}

/**
 * The customer's pill for an order (order page and history). A held order says what it waits for:
 * the tap, the customer's arrival or the pickup time, so a pickup order never reads "tap I'm here".
 */
export function customerStateLabel(order: LabelledOrder, timeZone: string): string {
  if (order.state !== 'authorised') return STATE_LABELS[order.state];
  if (order.startBlocked) return 'Not started — choose what to do';
  const { trigger } = order;
  if (trigger.kind === 'on_my_way') {
    const ready = order.readyEstimateAt ?? trigger.dueAt;
    return `On your way — ready about ${localMoment(ready, order.authorisedAt ?? ready, timeZone)}`;
  }
  if (trigger.kind === 'pickup') return `Pickup at ${localMoment(trigger.slot, order.authorisedAt ?? trigger.slot, timeZone)}`;
  return STATE_LABELS.authorised;
}

/** What one line of an order's history says. */
export interface HistoryEvent {
  from: OrderState | null;
  to: OrderState;
  detail: string | null;
}

/**
 * A line of the order's history. The hold succeeding is "Placed"; an event that keeps the state
 * (the pickup changed, a start held back) says what happened in its own words, never the state's
 * label again.
 */
export function historyLabel(event: HistoryEvent): string {
  if (event.from === event.to) {
    const detail = event.detail?.trim();
    return detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : 'Updated';
  }
  // The first line comes before "Placed": the order was sent and the card is being checked, not
  // yet placed (the pill's "Confirming payment" read as if paid, above a "card held, not charged").
  if (event.to === 'authorising') return 'Sent — checking your card';
  if (event.to === 'authorised') return 'Placed — card held, not charged';
  if (event.to === 'needs_payment') return 'Payment refused — not charged';
  return STATE_LABELS[event.to];
}

/** Codes the payment providers and Stripe's webhooks leave in an event's detail, in words. */
const DETAIL_WORDS: Record<string, string> = {
  card_declined: 'card declined',
  generic_decline: 'card declined',
  insufficient_funds: 'insufficient funds',
  expired_card: 'card expired',
  incorrect_cvc: 'wrong security code',
  capture_declined: 'the bank refused the charge',
  hold_released: 'the card hold had been released',
  requires_payment_method: 'the card needs replacing',
  invalid_request: 'the payment provider refused the request',
  'payment_intent.amount_capturable_updated': 'Stripe: card held',
  'payment_intent.succeeded': 'Stripe: payment taken',
  'charge.captured': 'Stripe: payment taken',
  'payment_intent.payment_failed': 'Stripe: payment failed',
  'payment_intent.canceled': 'Stripe: hold released',
  'charge.expired': 'Stripe: hold expired',
  'charge.refunded': 'Stripe: refunded',
};

/**
 * An order event's detail as staff read it: sentences pass through; a machine code from the bank or
 * Stripe ("capture_declined", "payment_intent.payment_failed") becomes words, a code we do not know
 * at least loses its underscores.
 */
export function eventDetailWords(detail: string): string {
  const known = DETAIL_WORDS[detail];
  if (known) return known;
  return /^[a-z0-9]+([._][a-z0-9]+)+$/.test(detail) ? detail.replace(/[._]/g, ' ') : detail;
}

/**
 * The history as the customer reads it: a "Taking payment" moment followed by its outcome (paid, or
 * refused) is left out, so the list says what happened ("Placed", "Paid — being made"), not each step
 * of the charge. One still in progress (the last event) stays. Staff see every event.
 */
export function customerHistory<E extends HistoryEvent>(events: readonly E[]): E[] {
  return events.filter((event, i) => !(event.to === 'capturing' && event.from !== event.to && i < events.length - 1));
}
