// What follows each transition outside the database — emails, the printer
// ticket, releasing a card hold — written to the outbox in the transition's own
// transaction by `transition()` (order-transition.ts), so no caller can forget them:
// a transition has the same effects whether the app, the expiry sweeper or a Stripe
// webhook made it. Dedupe keys make a replay enqueue nothing.
import type { Kysely } from 'kysely';
import type { DB, OrderRow } from './schema.js';
import type { OrderTransition } from '../domain/order-lifecycle.js';
import { enqueue, type EmailTemplate } from '../outbox/enqueue.js';

/** Emails the customer may turn off on their account page; confirmations and payment problems always go. */
const OPTIONAL: Partial<Record<EmailTemplate, 'notify_receipt' | 'notify_ready'>> = { 'payment-receipt': 'notify_receipt', 'order-ready': 'notify_ready' };

/** `perHold`: sent once per card hold (a second refused capture after paying again is news too). */
async function email(trx: Kysely<DB>, order: OrderRow, template: EmailTemplate, { perHold = false } = {}): Promise<void> {
  const user = await trx
    .selectFrom('users')
    .select(['email', 'notify_receipt', 'notify_ready', 'erased_at'])
    .where('id', '=', order.user_id)
    .executeTakeFirstOrThrow();
  if (user.erased_at !== null) return; // an erased account has no address to write to
  const choice = OPTIONAL[template];
  if (choice && !user[choice]) return; // the customer chose not to get this one (issue 14)
  const hold = perHold && order.payment_attempt > 1 ? `:${order.payment_attempt}` : '';
  await enqueue(trx, { kind: 'email', template, to: user.email, data: { orderId: order.id } }, `email:${template}:${order.id}${hold}`);
}

/**
 * Releases the order's current hold. The void names it (reference and attempt), so it releases that
 * hold even once the order has moved to another card's (decision 317); one void per hold.
 */
async function voidHold(trx: Kysely<DB>, order: OrderRow): Promise<void> {
  if (order.payment_reference) await enqueueVoid(trx, order.id, order.payment_reference, order.payment_attempt);
}

/** A void of one named hold, once: checkout's hold keeps its old dedupe key, later holds are numbered. */
export async function enqueueVoid(trx: Kysely<DB>, orderId: string, reference: string, attempt: number): Promise<void> {
  const dedupe = attempt === 1 ? `payment-void:${orderId}` : `payment-void:${orderId}:${attempt}`;
  await enqueue(trx, { kind: 'payment-void', orderId, reference, attempt }, dedupe);
}

/** The basket lines this order was made from (lines added since stay). */
async function emptyBasket(trx: Kysely<DB>, order: OrderRow): Promise<void> {
  const basket = await trx.selectFrom('baskets').select('id').where('user_id', '=', order.user_id).executeTakeFirst();
  if (!basket) return;
  await trx.deleteFrom('basket_lines').where('basket_id', '=', basket.id).where('created_at', '<=', order.created_at).execute();
}

export async function enqueueEffects(trx: Kysely<DB>, order: OrderRow, transition: OrderTransition): Promise<void> {
  switch (transition) {
    case 'authorise':
      await emptyBasket(trx, order);
      await email(trx, order, 'order-placed');
      return;
    case 'decline':
      await voidHold(trx, order); // a Stripe intent left half-done is tidied away
      return;
    case 'check_in':
      return;
    case 'capture':
      await enqueue(trx, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`);
      await email(trx, order, 'payment-receipt');
      return;
    case 'capture_fail':
      await voidHold(trx, order);
      await email(trx, order, 'payment-failed', { perHold: true });
      return;
    case 'expire':
      await voidHold(trx, order);
      await email(trx, order, 'order-expired');
      return;
    case 'cancel':
      await voidHold(trx, order);
      await email(trx, order, 'order-cancelled');
      return;
    case 'pay_at_till':
      // Paid at the counter: on the queue with its ticket; the refused card's hold is released
      // (already queued when the capture failed: the dedupe key makes this a no-op then).
      await enqueue(trx, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`);
      await voidHold(trx, order);
      return;
    case 'mark_ready':
      await email(trx, order, 'order-ready');
      return;
    case 'collect':
      return;
  }
}
