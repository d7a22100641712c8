// The staff minimum for the loop: a barista (or manager) of the order's store,
// or an admin, marks a paid order ready and a ready order collected.
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { STATE_PHRASES } from '../../domain/order-state-words.js';
import { authorize } from '../../domain/permissions.js';
import type { CurrentUser } from '../../web/current-user.js';
import { findOrder } from './queries.js';
import { transition } from '../../db/order-transition.js';
import { read } from '../../db/unit-of-work.js';

/** The one staff check for orders (401 guest, 403 not staff of this store). */
export function requireStaffOf(user: CurrentUser | null, storeId: number): CurrentUser {
  return authorize(user, 'order.advance', { storeId });
}

/** A conditional transition: a repeat (a double tap, or a re-run after a lost COMMIT answer) finds it done. */
async function advance(deps: AppDeps, user: CurrentUser | null, orderId: string, step: 'mark_ready' | 'collect'): Promise<OrderRow> {
  const order = await read(deps.db.writer, (db) => findOrder(db, orderId));
  if (!order) throw new NotFoundError('Order');
  const staff = requireStaffOf(user, order.store_id);
  const now = deps.clock();
  const applied = await transition(deps.db.writer, order.id, step, { now, actor: `staff:${staff.id}` });
  if (applied) return applied.order;
  const current = (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
  const done = step === 'mark_ready' ? 'ready' : 'completed';
  if (current.state === done) return current; // a double tap on the same button
  throw new ConflictError(
    step === 'mark_ready'
      ? `Order ${current.number} can't be marked ready: it is ${STATE_PHRASES[current.state]}, not paid.`
      : `Order ${current.number} can't be marked collected: it is ${STATE_PHRASES[current.state]}, not ready.`,
    'wrong_state',
  );
}

export const markReady = (deps: AppDeps, user: CurrentUser | null, orderId: string) => advance(deps, user, orderId, 'mark_ready');
export const markCollected = (deps: AppDeps, user: CurrentUser | null, orderId: string) => advance(deps, user, orderId, 'collect');

/** Staff steps on an order that needs payment: taken at the till (hold voided), or cancelled (hold released). */
async function settleUnpaid(deps: AppDeps, user: CurrentUser | null, orderId: string, step: 'pay_at_till' | 'cancel'): Promise<OrderRow> {
  const order = await read(deps.db.writer, (db) => findOrder(db, orderId));
  if (!order) throw new NotFoundError('Order');
  const staff = requireStaffOf(user, order.store_id);
  const detail = step === 'pay_at_till' ? 'paid at the till' : 'cancelled by staff: payment could not be taken';
  const applied = await transition(deps.db.writer, order.id, step, { now: deps.clock(), actor: `staff:${staff.id}`, detail });
  if (applied) return applied.order;
  const current = (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
  const done = step === 'pay_at_till' ? current.state === 'paid' && current.paid_with === 'till' : current.state === 'cancelled';
  if (done) return current; // a double tap, or another tablet
  throw new ConflictError(
    `Order ${current.number} can't be ${step === 'pay_at_till' ? 'marked paid at the till' : 'cancelled'}: it is ${STATE_PHRASES[current.state]}.`,
    'wrong_state',
  );
}

export const markPaidAtTill = (deps: AppDeps, user: CurrentUser | null, orderId: string) => settleUnpaid(deps, user, orderId, 'pay_at_till');
export const cancelUnpaid = (deps: AppDeps, user: CurrentUser | null, orderId: string) => settleUnpaid(deps, user, orderId, 'cancel');
