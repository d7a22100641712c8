// The order lifecycle (DESIGN.md §2), with no I/O. The database applies a
// transition with `UPDATE … WHERE state = ANY(allowedFrom(transition))`, so two
// instances racing on one order can't both win, and a replayed webhook or a
// second "I'm here" tap finds the order already moved on and changes nothing.

export const ORDER_STATES = [
  'authorising', 'authorised', 'capturing', 'paid', 'ready', 'completed',
  'payment_failed', 'expired', 'cancelled',
] as const;

export type OrderState = (typeof ORDER_STATES)[number];

/** Everything that can happen to an order, named for what happened. */
export type OrderTransition =
  | 'authorise'          // the card hold succeeded
  | 'decline'            // the card hold was refused
  | 'check_in'           // the customer tapped "I'm here"; capture starts
  | 'capture'            // the capture succeeded: the customer is charged
  | 'capture_fail'       // the capture was refused
  | 'expire'             // not checked in within the window; the hold is voided
  | 'cancel'             // cancelled before check-in; the hold is voided
  | 'mark_ready'         // the barista put it on the counter
  | 'collect';           // the customer took it

interface Rule {
  from: readonly OrderState[];
  to: OrderState;
}

const RULES: Record<OrderTransition, Rule> = {
  authorise: { from: ['authorising'], to: 'authorised' },
  decline: { from: ['authorising'], to: 'payment_failed' },
  check_in: { from: ['authorised'], to: 'capturing' },
  capture: { from: ['capturing'], to: 'paid' },
  capture_fail: { from: ['capturing'], to: 'payment_failed' },
  expire: { from: ['authorised'], to: 'expired' },
  cancel: { from: ['authorised'], to: 'cancelled' },
  mark_ready: { from: ['paid'], to: 'ready' },
  collect: { from: ['ready'], to: 'completed' },
};

export const ORDER_TRANSITIONS = Object.keys(RULES) as OrderTransition[];

/** The states a transition may start from (the `WHERE state = ANY(…)` of its update). */
export function allowedFrom(transition: OrderTransition): readonly OrderState[] {
  return RULES[transition].from;
}

/** The state a transition leads to. */
export function targetOf(transition: OrderTransition): OrderState {
  return RULES[transition].to;
}

/** The state after `transition`, or null when it is not allowed from `state`. */
export function nextState(state: OrderState, transition: OrderTransition): OrderState | null {
  const rule = RULES[transition];
  return rule.from.includes(state) ? rule.to : null;
}

/** The states reachable from `state` in one step (DESIGN.md §2's "next" column). */
export function successors(state: OrderState): OrderState[] {
  return [...new Set(ORDER_TRANSITIONS.map((t) => nextState(state, t)).filter((s): s is OrderState => s !== null))];
}

export function isFinal(state: OrderState): boolean {
  return successors(state).length === 0;
}

/** A card is held (and must be voided if the order ends without a charge). */
export function holdsPayment(state: OrderState): boolean {
  return state === 'authorised' || state === 'capturing';
}

/** The customer's wording for each state. */
export const STATE_LABELS: Record<OrderState, string> = {
  authorising: 'Confirming payment',
  authorised: 'Placed — tap "I\'m here" at the store',
  capturing: 'Taking payment',
  paid: 'Paid — being made',
  ready: 'Ready to collect',
  completed: 'Collected',
  payment_failed: 'Payment failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** Which timestamp column a transition fills in, if any. */
export const STAMPS: Partial<Record<OrderTransition, 'authorised_at' | 'checked_in_at' | 'paid_at' | 'ready_at' | 'completed_at' | 'closed_at'>> = {
  authorise: 'authorised_at',
  check_in: 'checked_in_at',
  capture: 'paid_at',
  mark_ready: 'ready_at',
  collect: 'completed_at',
  decline: 'closed_at',
  capture_fail: 'closed_at',
  expire: 'closed_at',
  cancel: 'closed_at',
};

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}
