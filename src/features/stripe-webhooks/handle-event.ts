// What a Stripe event means for an order. Events arrive at least once and in any
// order, so each one only *tries* the transitions it implies; the conditional
// updates turn a duplicate or a late event into a no-op. A PaymentIntent event is
// applied as what Stripe says the PaymentIntent is *now* (retrieved before the
// transaction, decision 707), not as what the event said it was when sent: two
// events read in either order then lead to the same end.
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { DB, OrderRow } from '../../db/schema.js';
import type { OrderTransition } from '../../domain/order-lifecycle.js';
import { formatPence } from '../../domain/money.js';
import { transition } from '../../db/order-transition.js';
import { AppError } from '../../domain/errors.js';
import { holdExpiresAt } from '../../domain/order-triggers.js';

/** The PaymentIntent as Stripe has it now: the fields an order's end depends on. */
export interface CurrentIntent {
  status: string;
  cancellation_reason?: string | null;
  last_payment_error?: { message?: string } | null;
}

export interface EventContext {
  now: Date;
  checkinWindowMs: number;
  /** The PaymentIntent retrieved from Stripe just before (decision 707): required for INTENT_EVENTS. */
  current?: CurrentIntent | undefined;
}

/** The PaymentIntent an event is about: the object itself, or a charge's `payment_intent`. */
export function paymentIntentOf(event: Stripe.Event): { id: string | null; orderId: string | null } {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null; metadata?: Record<string, string> };
  const orderId = object.metadata?.['order_id'] ?? null;
  if (object.object === 'payment_intent') return { id: object.id ?? null, orderId };
  const pi = object.payment_intent;
  return { id: typeof pi === 'string' ? pi : (pi?.id ?? null), orderId };
}

export async function findOrder(trx: Kysely<DB>, intentId: string | null, orderId: string | null): Promise<OrderRow | undefined> {
  if (intentId) {
    const byIntent = await trx
      .selectFrom('orders')
      .selectAll()
      .where('payment_gateway', '=', 'stripe')
      .where('payment_reference', '=', intentId)
      .executeTakeFirst();
    if (byIntent) return byIntent;
  }
  // An answer that overtook our own write of the reference (3-D Secure, a crash): the metadata names the order.
  if (orderId && /^[0-9a-f-]{36}$/i.test(orderId)) {
    const byId = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).where('payment_gateway', '=', 'stripe').executeTakeFirst();
    if (byId && (byId.payment_reference === null || byId.payment_reference === intentId)) return byId;
  }
  return undefined;
}

/**
 * Events that mean "this PaymentIntent changed": each is applied as the PaymentIntent's current
 * state, retrieved from Stripe first (plansForIntent), never as the snapshot the event carries.
 */
export const INTENT_EVENTS: ReadonlySet<string> = new Set([
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'charge.captured',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.expired',
]);

/**
 * The transitions that bring an order to what the PaymentIntent is now, whatever came before: held →
 * authorised; captured → paid by the whole chain; failed → declined (or needs payment at capture);
 * cancelled → declined if we never saw the hold, else cancelled, or expired when Stripe let the hold
 * lapse (or the event says the charge expired). Still in progress (3-D Secure, processing): nothing yet.
 */
export function plansForIntent(current: CurrentIntent, eventType: string): OrderTransition[] {
  switch (current.status) {
    case 'requires_capture':
      return ['authorise'];
    case 'succeeded':
      return ['authorise', 'check_in', 'capture'];
    case 'requires_payment_method':
      return ['decline', 'capture_fail'];
    case 'canceled':
      return current.cancellation_reason === 'automatic' || eventType === 'charge.expired'
        ? ['decline', 'expire', 'capture_fail']
        : ['decline', 'cancel', 'capture_fail'];
    default:
      return [];
  }
}

const CAPTURED_CHAIN = (plan: OrderTransition[]) => plan.includes('capture');

/** A refund issued at Stripe (the dashboard, or ours echoed back) arrives before the capture is known: Stripe retries it. */
export class RefundBeforeCaptureError extends AppError {
  constructor() {
    super(409, 'refund_before_capture', 'This refund is for a charge the order has not recorded yet; send it again later.');
  }
}

/**
 * `charge.refunded` carries the charge's whole refunded amount. Whatever of it the order's refunds do
 * not already account for (ours, recorded when we asked Stripe, count too) becomes one refund row,
 * actor `stripe`, keyed by the charge and the amount, so a repeat or an earlier, smaller event adds
 * nothing. Never an order event: a refund is not a state change (issue 12 item 5, decision 706).
 */
async function recordStripeRefund(trx: Kysely<DB>, order: OrderRow, event: Stripe.Event, context: EventContext): Promise<string> {
  const charge = event.data.object as { id?: string; amount_refunded?: number; captured?: boolean };
  const refunded = charge.amount_refunded ?? 0;
  // An uncaptured charge "refunded" is a hold released (a cancel, an expiry): no money moved.
  if (charge.captured !== true) return `order ${order.number}: card hold of ${formatPence(refunded)} released at Stripe, nothing was captured`;
  const locked = await trx
    .selectFrom('orders')
    .select(['id', 'number', 'captured_pence', 'refunded_pence'])
    .where('id', '=', order.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (refunded <= locked.refunded_pence) return `order ${locked.number}: refund of ${formatPence(refunded)} already recorded`;
  if (!locked.captured_pence || refunded > locked.captured_pence) throw new RefundBeforeCaptureError();
  const missing = refunded - locked.refunded_pence;
  await trx
    .insertInto('refunds')
    .values({
      order_id: locked.id,
      amount_pence: missing,
      reason: 'Refunded at Stripe',
      actor: 'stripe',
      method: 'gateway',
      status: 'succeeded',
      gateway_reference: charge.id ?? null,
      idempotency_key: `stripe:${charge.id ?? event.id}:${refunded}`,
      settled_at: context.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return `order ${locked.number}: refund of ${formatPence(missing)} recorded (${formatPence(refunded)} refunded at Stripe)`;
}

/** An event applied without the PaymentIntent read first: answered 409, so Stripe sends it again. */
export class IntentNotRetrievedError extends AppError {
  constructor() {
    super(409, 'intent_not_retrieved', 'The payment this event is about was not read from Stripe first; send it again later.');
  }
}

export const HANDLED_EVENTS = [...INTENT_EVENTS, 'charge.refunded'];

function failureMessage(object: CurrentIntent): string | null {
  if (object.last_payment_error?.message) return object.last_payment_error.message;
  if (object.cancellation_reason) return `The payment was cancelled (${object.cancellation_reason.replace(/_/g, ' ')}).`;
  return null;
}

/** Applies the event; returns a short note of what happened, stored with the event. */
export async function handleStripeEvent(trx: Kysely<DB>, event: Stripe.Event, context: EventContext): Promise<string> {
  if (!HANDLED_EVENTS.includes(event.type)) return 'ignored: not an event we act on';
  const intent = paymentIntentOf(event);
  const order = await findOrder(trx, intent.id, intent.orderId);
  if (!order) return `ignored: no order for payment intent ${intent.id ?? '?'}`;

  if (event.type === 'charge.refunded') return recordStripeRefund(trx, order, event, context);

  const current = context.current;
  // The order appeared between the read that retrieves and this transaction: Stripe sends it again.
  if (!current) throw new IntentNotRetrievedError();
  const plan = plansForIntent(current, event.type);
  if (plan.length === 0) return `order ${order.number}: payment ${current.status} at Stripe, nothing to do yet`;
  const failure = failureMessage(current);
  const applied: string[] = [];
  for (const step of plan) {
    const set =
      step === 'authorise'
        ? { payment_reference: intent.id, expires_at: holdExpiresAt(order, context.now, context.checkinWindowMs) }
        : step === 'decline' || step === 'capture_fail'
          ? { payment_reference: intent.id, ...(failure ? { payment_failure: failure } : {}) }
          : {};
    const result = await transition(trx, order.id, step, { now: context.now, actor: 'stripe', detail: event.type, set });
    if (!result) continue;
    applied.push(`${result.from}→${result.order.state}`);
    if (step !== 'check_in' && !(step === 'authorise' && CAPTURED_CHAIN(plan))) break; // one outcome per event
  }
  return applied.length > 0 ? `order ${order.number}: ${applied.join(', ')}` : `order ${order.number}: already ${order.state}, nothing to do`;
}
