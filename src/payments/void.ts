// Releasing a card hold, called by the outbox drainer for each 'payment-void' row (written when an
// order expires, is cancelled, fails, or moves to another card's hold). Safe to repeat: the gateway
// call carries the hold's cancel idempotency key, and releasing a hold that is already gone is not
// an error. A throw means "try again later".
// A void names the hold it releases (its reference and attempt number, decision 317): once an order
// has paid again with another card, its current reference is not the one a void from before meant.
// Rows written before that carry only the order id and mean its current hold.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { mayReleaseHold } from '../domain/payment-holds.js';
import { idempotencyKeyFor, type PaymentGateway } from './gateway.js';

export interface VoidDeps {
  db: { writer: Kysely<DB> };
  payments: PaymentGateway;
}

export type VoidOutcome = 'voided' | 'nothing-held' | 'not-voidable';

/** The hold a void releases: a reference and its attempt number (1 = checkout's hold). */
export interface HoldToRelease {
  reference: string;
  attempt: number;
}

export async function voidHeldPayment(deps: VoidDeps, orderId: string, hold?: HoldToRelease): Promise<VoidOutcome> {
  const order = await deps.db.writer
    .selectFrom('orders')
    .select(['id', 'state', 'payment_gateway', 'payment_reference', 'paid_with', 'payment_attempt'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return 'nothing-held';
  const target = hold ?? (order.payment_reference ? { reference: order.payment_reference, attempt: order.payment_attempt } : null);
  if (!target) return 'nothing-held';
  // Never the hold that was charged, never one the order still relies on (domain/payment-holds.ts).
  if (!mayReleaseHold({ state: order.state, paymentReference: order.payment_reference, paidWith: order.paid_with }, target.reference)) return 'not-voidable';
  if (order.payment_gateway !== deps.payments.name) {
    throw new Error(`order ${orderId} was authorised through ${order.payment_gateway}, but this instance uses ${deps.payments.name}`);
  }
  await deps.payments.cancel({
    reference: target.reference,
    reason: order.state === 'cancelled' ? 'cancelled' : order.state === 'expired' ? 'expired' : 'failed',
    idempotencyKey: idempotencyKeyFor(order.id, 'cancel', target.attempt),
  });
  return 'voided';
}
