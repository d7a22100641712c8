// What a customer does to their own order after placing it: "I'm here" (charge
// the held card) and cancel (release it). Both start with a conditional
// transition, so a second tap — on any instance — finds the order moved on.
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { authorize } from '../../domain/permissions.js';
import { idempotencyKeyFor } from '../../payments/gateway.js';
import type { CurrentUser } from '../../web/current-user.js';
import { findOrder } from './queries.js';
import { transition } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';
import { getStoreById } from '../../db/stores.js';
import { etaAt, loadStoreQueue } from '../../db/store-eta.js';

/** The caller's own order; anyone else's is "not found" (its existence is not revealed). */
export async function ownOrder(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const order = await read(deps.db.writer, (db) => findOrder(db, orderId));
  if (!order) throw new NotFoundError('Order');
  authorize(user, 'order.customer', { ownerId: order.user_id });
  return order;
}

const CLOSED_MESSAGES: Partial<Record<OrderRow['state'], string>> = {
  expired: 'This order has expired and the hold on your card was released. Please place a new order.',
  cancelled: 'This order was cancelled.',
  declined: 'The card for this order was declined, so it was not placed.',
  needs_payment: 'We could not take the payment for this order. Pay with another card on the order page, or at the till.',
  authorising: 'We are still confirming your payment. Please wait a moment.',
};

/** Past its check-in window but not yet swept: expire it now rather than charge it. */
async function expireIfLate(deps: AppDeps, order: OrderRow, now: Date): Promise<boolean> {
  if (order.state !== 'authorised' || !order.expires_at || order.expires_at > now) return false;
  await transition(deps.db.writer, order.id, 'expire', { now, actor: 'system', detail: 'check-in window passed' });
  return true;
}

/**
 * Charges the held card and settles the order as `paid`, or `needs_payment` when the capture is
 * refused: the call and the settle step of claim → call → settle (the `check_in` transition is the
 * claim), so no row is locked during the gateway call. Safe to run again for an order left
 * `capturing` (the capture's idempotency key makes the gateway answer a repeat with the first result).
 */
export async function finishCapture(deps: AppDeps, order: OrderRow, actor: string): Promise<OrderRow> {
  const result = await deps.payments.capture({
    reference: order.payment_reference!,
    amountPence: order.total_pence,
    // Per hold: a capture of another card's hold (pay again) is a new operation, not a repeat.
    idempotencyKey: idempotencyKeyFor(order.id, 'capture', order.payment_attempt),
  });
  const now = deps.clock();
  const applied = result.ok
    ? await transition(deps.db.writer, order.id, 'capture', { now, actor })
    : await transition(deps.db.writer, order.id, 'capture_fail', { now, actor, detail: result.code, set: { payment_failure: result.message } });
  // Null: a webhook (or a re-run of this very settle after a lost COMMIT answer) settled it first.
  return applied?.order ?? (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
}

/** How long a capture may be in flight before a retry (same idempotency key) is safe and useful. */
export const CAPTURE_STUCK_MS = 60_000;

export function isStuck(order: OrderRow, now: Date): boolean {
  return order.checked_in_at !== null && now.getTime() - order.checked_in_at.getTime() >= CAPTURE_STUCK_MS;
}

/**
 * "I'm here": claim (the `check_in` transition), call the gateway, settle. Each step is run again
 * on a transient database error by the unit of work; a claim whose COMMIT answer was lost is
 * recognised as ours on its re-run, so the capture it started is finished, not refused.
 */
export async function checkIn(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const now = deps.clock();
  const order = await ownOrder(deps, user, orderId);
  if (await expireIfLate(deps, order, now)) throw new ConflictError(CLOSED_MESSAGES.expired!, 'order_expired');
  let rerun = false;
  const claimed = await write(
    deps.db.writer,
    async (trx, run) => {
      rerun = run.afterLostCommit;
      // The ETA told now, from the queue as it is when making starts.
      const store = (await getStoreById(trx, order.store_id))!;
      const eta = etaAt(store, await loadStoreQueue(trx, store.id, now, order.id), now, { drinks: order.drinks, prepSeconds: order.prep_seconds });
      return transition(trx, order.id, 'check_in', { now, actor: `customer:${order.user_id}`, set: { ready_estimate_at: new Date(now.getTime() + eta) } });
    },
    { guardedBy: 'conditional transition' },
  );
  if (!claimed) {
    // The second tap: this order is already being charged, or was, or can't be.
    const current = (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
    // Our own claim, committed by an earlier run of this write whose COMMIT answer was lost (a
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

/** Cancelling twice is cancelled (a re-run after a lost COMMIT answer finds it so). */
export async function cancelOrder(deps: AppDeps, user: CurrentUser | null, orderId: string): Promise<OrderRow> {
  const order = await ownOrder(deps, user, orderId);
  const now = deps.clock();
  const applied = await transition(deps.db.writer, order.id, 'cancel', { now, actor: `customer:${order.user_id}` });
  if (applied) return applied.order;
  const current = (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
  if (current.state === 'cancelled') return current; // cancelled twice is cancelled
  throw new ConflictError(
    current.state === 'authorising' ? CLOSED_MESSAGES.authorising! : 'This order can no longer be cancelled: it has been checked in, paid or closed.',
    'order_not_cancellable',
  );
}
