// The staff minimum for the loop: a barista (or manager) of the order's store,
// or an admin, marks a paid order ready and a ready order collected.
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { OrderTransition } from '../../domain/order-lifecycle.js';
import { STATE_PHRASES } from '../../domain/order-state-words.js';
import { authorize } from '../../domain/permissions.js';
import type { CurrentUser } from '../../web/current-user.js';
import { afterTransition } from './effects.js';
import { findOrder } from './queries.js';
import { applyTransition } from './transitions.js';
import { retryTransient } from '../../db/retry.js';

/** The one staff check for orders (401 guest, 403 not staff of this store). */
export function requireStaffOf(user: CurrentUser | null, storeId: number): CurrentUser {
  return authorize(user, 'order.advance', { storeId });
}

/** Run again whole after a transient database error: a conditional transition, and a repeat is a double tap. */
function advance(deps: AppDeps, user: CurrentUser | null, orderId: string, transition: 'mark_ready' | 'collect'): Promise<OrderRow> {
  return retryTransient(() => advanceOnce(deps, user, orderId, transition));
}

async function advanceOnce(deps: AppDeps, user: CurrentUser | null, orderId: string, transition: 'mark_ready' | 'collect'): Promise<OrderRow> {
  const order = await findOrder(deps.db.writer, orderId);
  if (!order) throw new NotFoundError('Order');
  const staff = requireStaffOf(user, order.store_id);
  const now = deps.clock();
  const applied = await deps.db.writer.transaction().execute(async (trx) => {
    const result = await applyTransition(trx, order.id, transition, { now, actor: `staff:${staff.id}` });
    if (result) await afterTransition(trx, result.order, transition as OrderTransition);
    return result;
  });
  if (applied) return applied.order;
  const current = (await findOrder(deps.db.writer, order.id))!;
  const done = transition === 'mark_ready' ? 'ready' : 'completed';
  if (current.state === done) return current; // a double tap on the same button
  throw new ConflictError(
    transition === 'mark_ready'
      ? `Order ${current.number} can't be marked ready: it is ${STATE_PHRASES[current.state]}, not paid.`
      : `Order ${current.number} can't be marked collected: it is ${STATE_PHRASES[current.state]}, not ready.`,
    'wrong_state',
  );
}

export const markReady = (deps: AppDeps, user: CurrentUser | null, orderId: string) => advance(deps, user, orderId, 'mark_ready');
export const markCollected = (deps: AppDeps, user: CurrentUser | null, orderId: string) => advance(deps, user, orderId, 'collect');
