// The order lifecycle (DESIGN.md §2), with no I/O. The database applies a
// transition with `UPDATE … WHERE state = ANY(allowedFrom(transition, actor))`,
// so two instances racing on one order can't both win, and a replayed webhook or
// a second "I'm here" tap finds the order already moved on and changes nothing.
// Triggers (when making starts) are in order-triggers.ts, refunds in
// order-refunds.ts, the customer's words for each state in order-state-words.ts.

export const ORDER_STATES = [
  'authorising',
  'declined',
  'authorised',
  'capturing',
  'needs_payment',
  'paid',
  'ready',
  'completed',
  'expired',
  'cancelled',
  'refunded',
] as const;

export type OrderState = (typeof ORDER_STATES)[number];

/** Who makes a transition. The gateway is the payment provider's own word (a webhook). */
export const ACTOR_KINDS = ['customer', 'staff', 'system', 'gateway'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Everything that can happen to an order, named for what happened. */
export type OrderTransition =
  | 'authorise' // the card hold succeeded
  | 'decline' // the card hold was refused: an attempt, not an order
  | 'check_in' // "I'm here" (or captured outside the app): making starts, capture in flight
  | 'start_making' // an "on my way" or pickup-time order reached its moment: capture in flight
  | 'capture' // the capture succeeded: the customer is charged
  | 'capture_fail' // the capture was refused: the order waits for another payment
  | 'pay_again' // a new card was held for a needs_payment order: capture in flight
  | 'pay_at_till' // staff took payment at the till
  | 'expire' // not triggered within the window (or its store's day ended); hold voided
  | 'cancel' // cancelled before it was charged; hold voided
  | 'mark_ready' // the barista put it on the counter
  | 'recall' // back on the display to be made again
  | 'collect' // the customer took it
  | 'close_uncollected' // still on the counter when the store closed: completed as uncollected
  | 'undo_collect' // "collected" tapped by mistake: back on the counter (60 s, staff)
  | 'refund'; // refunded in full before collection

/** An order column a transition stamps with its time, or clears. */
export type StampColumn = 'authorised_at' | 'checked_in_at' | 'paid_at' | 'ready_at' | 'completed_at' | 'closed_at';

/** How a charged order was paid: a card through the gateway, or at the till. */
export type PaidWith = 'card' | 'till';

interface Rule {
  to: OrderState;
  /** The states each actor may make the transition from; an actor not listed may not make it. */
  by: Partial<Record<ActorKind, readonly OrderState[]>>;
  stamp?: StampColumn;
  clear?: readonly StampColumn[];
  /** The transition charges the order: its total is captured, paid this way. */
  charges?: PaidWith;
}

const RULES: Record<OrderTransition, Rule> = {
  authorise: { to: 'authorised', by: { customer: ['authorising'], gateway: ['authorising'] }, stamp: 'authorised_at' },
  decline: { to: 'declined', by: { customer: ['authorising'], gateway: ['authorising'], system: ['authorising'] }, stamp: 'closed_at' },
  check_in: { to: 'capturing', by: { customer: ['authorised'], gateway: ['authorised'] }, stamp: 'checked_in_at' },
  start_making: { to: 'capturing', by: { system: ['authorised'] }, stamp: 'checked_in_at' },
  capture: { to: 'paid', by: { customer: ['capturing'], system: ['capturing'], gateway: ['capturing'] }, stamp: 'paid_at', charges: 'card' },
  capture_fail: { to: 'needs_payment', by: { customer: ['capturing'], system: ['capturing'], gateway: ['capturing'] } },
  pay_again: { to: 'capturing', by: { customer: ['needs_payment'] }, stamp: 'checked_in_at' },
  pay_at_till: { to: 'paid', by: { staff: ['needs_payment'] }, stamp: 'paid_at', charges: 'till' },
  // The gateway's own expiry or cancellation only ends a hold we still rely on: a needs_payment
  // order's refused hold may be cancelled at the gateway while the customer pays another way.
  expire: { to: 'expired', by: { system: ['authorised', 'needs_payment'], gateway: ['authorised'] }, stamp: 'closed_at' },
  cancel: { to: 'cancelled', by: { customer: ['authorised', 'needs_payment'], staff: ['needs_payment'], gateway: ['authorised'] }, stamp: 'closed_at' },
  mark_ready: { to: 'ready', by: { staff: ['paid'] }, stamp: 'ready_at' },
  recall: { to: 'paid', by: { staff: ['ready'] }, clear: ['ready_at'] },
  collect: { to: 'completed', by: { staff: ['ready'] }, stamp: 'completed_at' },
  close_uncollected: { to: 'completed', by: { system: ['ready'] }, stamp: 'completed_at' },
  undo_collect: { to: 'ready', by: { staff: ['completed'] }, clear: ['completed_at'] },
  refund: { to: 'refunded', by: { staff: ['paid', 'ready'] }, stamp: 'closed_at' },
};

export const ORDER_TRANSITIONS = Object.keys(RULES) as OrderTransition[];

/**
 * The states a transition may start from (the `WHERE state = ANY(…)` of its update): for one
 * actor, or for anyone when no actor is given.
 */
export function allowedFrom(transition: OrderTransition, actor?: ActorKind): readonly OrderState[] {
  const { by } = RULES[transition];
  if (actor) return by[actor] ?? [];
  return [...new Set(Object.values(by).flat())];
}

/** The kinds of actor that may make a transition at all. */
export function actorsOf(transition: OrderTransition): ActorKind[] {
  return ACTOR_KINDS.filter((actor) => RULES[transition].by[actor] !== undefined);
}

/** The state a transition leads to. */
export function targetOf(transition: OrderTransition): OrderState {
  return RULES[transition].to;
}

/** The state after `transition`, or null when it is not allowed from `state` (for `actor`, if given). */
export function nextState(state: OrderState, transition: OrderTransition, actor?: ActorKind): OrderState | null {
  return allowedFrom(transition, actor).includes(state) ? RULES[transition].to : null;
}

/** The column a transition stamps with its time, and the ones it clears (a recall is not ready any more). */
export function stampsOf(transition: OrderTransition): { stamp: StampColumn | null; clear: readonly StampColumn[] } {
  const rule = RULES[transition];
  return { stamp: rule.stamp ?? null, clear: rule.clear ?? [] };
}

/** How the transition charges the order (its total becomes the captured amount), or null. */
export function chargeOf(transition: OrderTransition): PaidWith | null {
  return RULES[transition].charges ?? null;
}

/** The states reachable from `state` in one step (DESIGN.md §2's "next" column). */
export function successors(state: OrderState): OrderState[] {
  return [...new Set(ORDER_TRANSITIONS.map((t) => nextState(state, t)).filter((s): s is OrderState => s !== null))];
}

export function isFinal(state: OrderState): boolean {
  return successors(state).length === 0;
}

/**
 * Nothing more is expected of the order: a final state, or collected (the 60-second undo aside).
 * Live pages stop following these, and "Order again" shows on them.
 */
export const CLOSED_STATES = ['declined', 'completed', 'expired', 'cancelled', 'refunded'] as const satisfies readonly OrderState[];

export function isClosed(state: OrderState): boolean {
  return (CLOSED_STATES as readonly OrderState[]).includes(state);
}

export function isOrderState(value: unknown): value is OrderState {
  return typeof value === 'string' && (ORDER_STATES as readonly string[]).includes(value);
}

/**
 * The kind of an event's actor string: 'customer:<id>', 'staff:<id>', 'system', or the gateway's
 * name ('stripe', 'simulated'). Anything else is not an actor.
 */
export function actorKindOf(actor: string): ActorKind | null {
  const kind = actor.split(':', 1)[0];
  if (kind === 'customer' || kind === 'staff') return /^[a-z]+:\d+$/.test(actor) ? kind : null;
  if (actor === 'system') return 'system';
  if (actor === 'stripe' || actor === 'simulated') return 'gateway';
  return null;
}

/** A card is held (and must be voided if the order ends without a charge). */
export function holdsPayment(state: OrderState): boolean {
  return state === 'authorised' || state === 'capturing';
}

/** A declined hold is an attempt, kept for audit and metrics: never listed in the customer's history. */
export function listedInHistory(state: OrderState): boolean {
  return state !== 'declined';
}

/** The barista's queue: paid orders to make and ready ones waiting. Never an unpaid order. */
export const QUEUE_STATES = ['paid', 'ready'] as const satisfies readonly OrderState[];

export function inQueue(state: OrderState): boolean {
  return (QUEUE_STATES as readonly OrderState[]).includes(state);
}

/** Staff see these under "needs attention": the order can't go on without them or the customer. */
export function needsAttention(state: OrderState): boolean {
  return state === 'needs_payment';
}

/** How long after "collected" staff may undo it. */
export const UNDO_COLLECT_WINDOW_MS = 60_000;

/** Undo collected (`completed → ready`) only within 60 s of the collection. */
export function canUndoCollect(completedAt: Date, now: Date): boolean {
  const since = now.getTime() - completedAt.getTime();
  return since >= 0 && since <= UNDO_COLLECT_WINDOW_MS;
}
