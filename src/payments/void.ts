// Releasing a card hold, called by the outbox drainer for each 'payment-void'
// row (written when an order expires, is cancelled or fails). Safe to repeat:
// the gateway call carries the order's cancel idempotency key, and releasing a
// hold that is already gone is not an error. A throw means "try again later".
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { OrderState } from '../domain/order-lifecycle.js';
import { idempotencyKeyFor, type PaymentGateway } from './gateway.js';

export interface VoidDeps {
  db: { writer: Kysely<DB> };
  payments: PaymentGateway;
}

const VOIDABLE: readonly OrderState[] = ['expired', 'cancelled', 'declined', 'needs_payment'];

export type VoidOutcome = 'voided' | 'nothing-held' | 'not-voidable';

export async function voidHeldPayment(deps: VoidDeps, orderId: string): Promise<VoidOutcome> {
  const order = await deps.db.writer
    .selectFrom('orders')
    .select(['id', 'state', 'payment_gateway', 'payment_reference'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order || !order.payment_reference) return 'nothing-held';
  // Only an order that ended without a charge gives its hold back; never a paid one.
  // A needs_payment order's refused hold is let go too; once paid another way it is not voidable.
  if (!VOIDABLE.includes(order.state)) return 'not-voidable';
  if (order.payment_gateway !== deps.payments.name) {
    throw new Error(`order ${orderId} was authorised through ${order.payment_gateway}, but this instance uses ${deps.payments.name}`);
  }
  await deps.payments.cancel({
    reference: order.payment_reference,
    reason: order.state === 'cancelled' ? 'cancelled' : order.state === 'expired' ? 'expired' : 'failed',
    idempotencyKey: idempotencyKeyFor(order.id, 'cancel'),
  });
  return 'voided';
}
