// What a Stripe event means for an order. Events arrive at least once and in any
// order, so each one only *tries* the transitions it implies; the conditional
// updates turn a duplicate or a late event into a no-op.
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { DB, OrderRow } from '../../db/schema.js';
import type { OrderTransition } from '../../domain/order-lifecycle.js';
import { formatPence } from '../../domain/money.js';
import { recordOrderEvent, transition } from '../../db/order-transition.js';

export interface EventContext {
  now: Date;
  checkinWindowMs: number;
}

/** The PaymentIntent an event is about: the object itself, or a charge's `payment_intent`. */
export function paymentIntentOf(event: Stripe.Event): { id: string | null; orderId: string | null } {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null; metadata?: Record<string, string> };
  const orderId = object.metadata?.['order_id'] ?? null;
  if (object.object === 'payment_intent') return { id: object.id ?? null, orderId };
  const pi = object.payment_intent;
  return { id: typeof pi === 'string' ? pi : (pi?.id ?? null), orderId };
}

async function findOrder(trx: Kysely<DB>, intentId: string | null, orderId: string | null): Promise<OrderRow | undefined> {
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

/** Transitions to try, in order, per event type (each is conditional on the order's state). */
const PLANS: Record<string, OrderTransition[]> = {
  'payment_intent.amount_capturable_updated': ['authorise'],
  'payment_intent.succeeded': ['check_in', 'capture'], // check_in only applies if captured outside the app
  'charge.captured': ['check_in', 'capture'],
  'payment_intent.payment_failed': ['decline', 'capture_fail'],
  'payment_intent.canceled': ['decline', 'cancel', 'capture_fail'],
  'charge.expired': ['expire', 'capture_fail'],
};

export const HANDLED_EVENTS = [...Object.keys(PLANS), 'charge.refunded'];

function failureMessage(event: Stripe.Event): string | null {
  const object = event.data.object as { last_payment_error?: { message?: string } | null; cancellation_reason?: string | null };
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

  if (event.type === 'charge.refunded') {
    const locked = await trx.selectFrom('orders').selectAll().where('id', '=', order.id).forUpdate().executeTakeFirstOrThrow();
    const refunded = (event.data.object as { amount_refunded?: number }).amount_refunded ?? 0;
    await recordOrderEvent(trx, locked, locked.state, { now: context.now, actor: 'stripe', detail: `refunded ${formatPence(refunded)} at Stripe` });
    return `refund of ${refunded} noted on order ${order.number}`;
  }

  const applied: string[] = [];
  for (const step of PLANS[event.type]!) {
    const failure = failureMessage(event);
    const set =
      step === 'authorise'
        ? { payment_reference: intent.id, expires_at: new Date(context.now.getTime() + context.checkinWindowMs) }
        : step === 'decline' || step === 'capture_fail'
          ? { payment_reference: intent.id, ...(failure ? { payment_failure: failure } : {}) }
          : {};
    const result = await transition(trx, order.id, step, { now: context.now, actor: 'stripe', detail: event.type, set });
    if (!result) continue;
    applied.push(`${result.from}→${result.order.state}`);
    if (step !== 'check_in') break; // one outcome per event
  }
  return applied.length > 0 ? `order ${order.number}: ${applied.join(', ')}` : `order ${order.number}: already ${order.state}, nothing to do`;
}
