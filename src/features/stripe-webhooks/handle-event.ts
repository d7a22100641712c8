// What a Stripe event means for an order. Events arrive at least once and in any
// order, so each one only *tries* the transitions it implies; the conditional
// updates turn a duplicate or a late event into a no-op.
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { DB, OrderRow } from '../../db/schema.js';
import type { OrderTransition } from '../../domain/order-lifecycle.js';
import { formatPence } from '../../domain/money.js';
import { transition } from '../../db/order-transition.js';
import { AppError } from '../../domain/errors.js';
import { holdExpiresAt } from '../../domain/order-triggers.js';

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
  // Captured: whatever the order has not seen yet on the way there (a `succeeded` that overtook
  // `amount_capturable_updated` finds the order still authorising), as one chain.
  'payment_intent.succeeded': ['authorise', 'check_in', 'capture'],
  'charge.captured': ['authorise', 'check_in', 'capture'],
  'payment_intent.payment_failed': ['decline', 'capture_fail'],
  'payment_intent.canceled': ['decline', 'cancel', 'capture_fail'],
  'charge.expired': ['expire', 'capture_fail'],
};

const CAPTURED = new Set(['payment_intent.succeeded', 'charge.captured']);

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

  if (event.type === 'charge.refunded') return recordStripeRefund(trx, order, event, context);

  const applied: string[] = [];
  for (const step of PLANS[event.type]!) {
    const failure = failureMessage(event);
    const set =
      step === 'authorise'
        ? { payment_reference: intent.id, expires_at: holdExpiresAt(order, context.now, context.checkinWindowMs) }
        : step === 'decline' || step === 'capture_fail'
          ? { payment_reference: intent.id, ...(failure ? { payment_failure: failure } : {}) }
          : {};
    const result = await transition(trx, order.id, step, { now: context.now, actor: 'stripe', detail: event.type, set });
    if (!result) continue;
    applied.push(`${result.from}→${result.order.state}`);
    if (step !== 'check_in' && !(step === 'authorise' && CAPTURED.has(event.type))) break; // one outcome per event
  }
  return applied.length > 0 ? `order ${order.number}: ${applied.join(', ')}` : `order ${order.number}: already ${order.state}, nothing to do`;
}
