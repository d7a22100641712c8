// What a customer does to their own order after placing it: "I'm here" (charge
// the held card) and cancel (release it). Both start with a conditional
// transition, so a second tap — on any instance — finds the order moved on.
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { authorize } from '../../domain/permissions.js';
import { idempotencyKeyFor } from '../../payments/gateway.js';
import type { CurrentUser } from '../../web/current-user.js';
import { afterTransition } from './effects.js';
import { findOrder } from './queries.js';
import { applyTransition } from './transitions.js';
import { retryTransient } from '../../db/retry.js';

/** The caller's own order; anyone else's is "not found" (its existence is not revealed). */
export async function ownOrder(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const order = await findOrder(deps.db.writer, orderId);
  if (!order) throw new NotFoundError('Order');
  authorize(user, 'order.customer', { ownerId: order.user_id });
  return order;
}

const CLOSED_MESSAGES: Partial<Record<OrderRow['state'], string>> = {
  expired: 'This order has expired and the hold on your card was released. Please place a new order.',
  cancelled: 'This order was cancelled.',
  declined: 'The card for this order was declined, so it was not placed.',
  needs_payment: 'We could not take the payment for this order. Please see a member of staff.',
  authorising: 'We are still confirming your payment. Please wait a moment.',
};

/** Past its check-in window but not yet swept: expire it now rather than charge it. */
async function expireIfLate(deps: AppDeps, order: OrderRow, now: Date): Promise<boolean> {
  if (order.state !== 'authorised' || !order.expires_at || order.expires_at > now) return false;
  await deps.db.writer.transaction().execute(async (trx) => {
    const applied = await applyTransition(trx, order.id, 'expire', { now, actor: 'system', detail: 'check-in window passed' });
    if (applied) await afterTransition(trx, applied.order, 'expire');
  });
  return true;
}

/**
 * Charges the held card and settles the order as `paid`, or `needs_payment` when the capture is refused.
 * Safe to run again for an order left `capturing` (the capture's idempotency
 * key makes the gateway answer a repeat with the first result).
 */
export async function finishCapture(deps: AppDeps, order: OrderRow, actor: string): Promise<OrderRow> {
  const result = await deps.payments.capture({
    reference: order.payment_reference!, amountPence: order.total_pence, idempotencyKey: idempotencyKeyFor(order.id, 'capture'),
  });
  const now = deps.clock();
  return deps.db.writer.transaction().execute(async (trx) => {
    const applied = result.ok
      ? await applyTransition(trx, order.id, 'capture', { now, actor })
      : await applyTransition(trx, order.id, 'capture_fail', { now, actor, detail: result.code, set: { payment_failure: result.message } });
    if (!applied) return (await findOrder(trx, order.id))!; // a webhook settled it first
    await afterTransition(trx, applied.order, result.ok ? 'capture' : 'capture_fail');
    return applied.order;
  });
}

/** How long a capture may be in flight before a retry (same idempotency key) is safe and useful. */
export const CAPTURE_STUCK_MS = 60_000;

export function isStuck(order: OrderRow, now: Date): boolean {
  return order.checked_in_at !== null && now.getTime() - order.checked_in_at.getTime() >= CAPTURE_STUCK_MS;
}

/**
 * "I'm here". Run again whole after a transient database error (a failover): every step is a
 * conditional transition or an idempotent capture, and a claim whose COMMIT answer was lost is
 * recognised as ours by its check-in time, so the capture it started is finished, not refused.
 */
export async function checkIn(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const now = deps.clock();
  const run = { claimSent: false };
  return retryTransient(() => checkInOnce(deps, user, orderId, now, run));
}

async function checkInOnce(deps: AppDeps, user: CurrentUser | null, orderId: string, now: Date, run: { claimSent: boolean }): Promise<OrderRow> {
  const order = await ownOrder(deps, user, orderId);
  if (await expireIfLate(deps, order, now)) throw new ConflictError(CLOSED_MESSAGES.expired!, 'order_expired');
  const rerun = run.claimSent;
  run.claimSent = true;
  const claimed = await deps.db.writer.transaction().execute(async (trx) =>
    applyTransition(trx, order.id, 'check_in', { now, actor: `customer:${order.user_id}` }));
  if (!claimed) {
    // The second tap: this order is already being charged, or was, or can't be.
    const current = (await findOrder(deps.db.writer, order.id))!;
    // Our own claim, committed on an earlier run of this request whose answer was lost (a
    // re-run, and the check-in time this request stamped).
    const ours = rerun && current.state === 'capturing' && current.checked_in_at !== null && new Date(current.checked_in_at).getTime() === now.getTime();
    if (ours) return finishCapture(deps, current, `customer:${order.user_id}`);
    // A capture that lost its answer (crash, gateway timeout) is finished by a later tap.
    if (current.state === 'capturing' && isStuck(current, now)) return finishCapture(deps, current, `customer:${order.user_id}`);
    const refusal = CLOSED_MESSAGES[current.state];
    if (refusal) throw new ConflictError(refusal, `order_${current.state}`);
    return current;
  }
  return finishCapture(deps, claimed.order, `customer:${order.user_id}`);
}

/** Run again whole after a transient database error: cancelling twice is cancelled. */
export function cancelOrder(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  return retryTransient(() => cancelOnce(deps, user, orderId));
}

async function cancelOnce(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const order = await ownOrder(deps, user, orderId);
  const now = deps.clock();
  const applied = await deps.db.writer.transaction().execute(async (trx) => {
    const result = await applyTransition(trx, order.id, 'cancel', { now, actor: `customer:${order.user_id}` });
    if (result) await afterTransition(trx, result.order, 'cancel');
    return result;
  });
  if (applied) return applied.order;
  const current = (await findOrder(deps.db.writer, order.id))!;
  if (current.state === 'cancelled') return current; // cancelled twice is cancelled
  throw new ConflictError(
    current.state === 'authorising' ? CLOSED_MESSAGES.authorising! : 'This order can no longer be cancelled: it has been checked in, paid or closed.',
    'order_not_cancellable',
  );
}
