// Refunding an order (DESIGN.md §2, issue 10 item 6): claim → call → settle, like authorisation
// (decision 216), so no row is locked while the gateway answers.
// - claim: one transaction locks the order, checks the refund with `planRefund` and inserts it,
//   `pending` for a card (the amount reserved) or `succeeded` for a till payment (cash, no call).
//   The refunds trigger keeps the order's sum and its CHECK refuses anything over the capture,
//   whoever writes at the same time (decision 301);
// - call: the gateway's refund with the refund row's own idempotency key;
// - settle: the row becomes succeeded or failed; a refund that completes the capture before
//   collection ends the order `refunded` (off the queue), and the customer is emailed.
// The same Idempotency-Key finds the same refund: a settled one is answered again, a pending one
// (the gateway was unreachable, or the instance died) is called and settled again, and the
// gateway's own idempotency makes that the same refund.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB, OrderRow, RefundRow } from '../../db/schema.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { nextState } from '../../domain/order-lifecycle.js';
import { linesRefundPence, planRefund, refundedQuantitiesOf, refundsThroughGateway, remainingLines } from '../../domain/order-refunds.js';
import { authorize } from '../../domain/permissions.js';
import { enqueue } from '../../outbox/enqueue.js';
import { jsonb } from '../../db/jsonb.js';
import type { CurrentUser } from '../../web/current-user.js';
import { recordAudit } from '../audit/index.js';
import { toRefund, type Refund } from './model.js';
import { findOrder } from './queries.js';
import { transition } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';

export interface RefundInput {
  reason: string;
  /** The lines to give back (by line id) and how many of each; none: the rest of the order. */
  lines?: readonly { lineId: number; quantity: number }[] | undefined;
  /** The caller's key: the same key is the same refund. A fresh one when absent. */
  idempotencyKey?: string | undefined;
}

export interface RefundOutcome {
  refund: Refund;
  order: OrderRow;
  /** An earlier request with the same key made this refund. */
  replayed: boolean;
}

export const REFUND_REASON_MAX = 500;

/** The refund's own key: scoped to the order, so one caller's key can never name another order's refund. */
const refundKey = (orderId: string, key: string) => `refund-${orderId}-${key}`;

function checkInput(input: RefundInput): string {
  const reason = input.reason.trim();
  if (reason.length === 0) throw new ValidationError({ reason: 'Say why the order is refunded.' });
  if (reason.length > REFUND_REASON_MAX) throw new ValidationError({ reason: `Keep the reason under ${REFUND_REASON_MAX} characters.` });
  if (input.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    throw new ValidationError({ idempotencyKey: 'An Idempotency-Key is 1 to 200 printable characters.' });
  }
  return reason;
}

/** The CHECK of decision 301, when a concurrent refund got there first: the same words as planRefund's. */
function overCapture(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  return e?.code === '23514' && (e.constraint === 'orders_refunds_within_capture' || String(e.message).includes('orders_refunds_within_capture'));
}

/** Claims the refund: checked and inserted under the order's row lock. */
async function claim(
  deps: AppDeps,
  trx: Transaction<DB>,
  order: OrderRow,
  staff: CurrentUser,
  reason: string,
  input: RefundInput,
  key: string,
): Promise<{ row: RefundRow; fresh: boolean }> {
  const existing = await trx.selectFrom('refunds').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (existing) return { row: existing, fresh: false };
  const locked = await trx.selectFrom('orders').selectAll().where('id', '=', order.id).forUpdate().executeTakeFirstOrThrow();
  const [lines, refunds] = await Promise.all([
    trx.selectFrom('order_lines').select(['id', 'position', 'quantity', 'unit_pence']).where('order_id', '=', order.id).orderBy('position').execute(),
    trx.selectFrom('refunds').select(['status', 'lines']).where('order_id', '=', order.id).execute(),
  ]);
  const refundedQuantities = refundedQuantitiesOf(refunds);
  const priced = lines.map((l) => ({ position: l.position, quantity: l.quantity, unitPence: l.unit_pence }));
  const left = locked.captured_pence - locked.refunded_pence;
  let requested: { position: number; quantity: number }[];
  let amountPence: number;
  if (input.lines && input.lines.length > 0) {
    const fields: Record<string, string> = {};
    requested = input.lines.map((line, index) => {
      const found = lines.find((l) => l.id === line.lineId);
      if (!found) fields[`lines.${index}.lineId`] = 'That line is not on this order.';
      return { position: found?.position ?? -1, quantity: line.quantity };
    });
    const positions = requested.map((r) => r.position).filter((p) => p >= 0);
    if (new Set(positions).size !== positions.length) fields['lines'] = 'Name each line once.';
    if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    amountPence = linesRefundPence(priced, requested);
  } else {
    if (left <= 0 && locked.captured_pence > 0) throw new ConflictError('This order has already been refunded in full.', 'not_refundable');
    requested = remainingLines(lines, refundedQuantities);
    amountPence = left;
  }
  const plan = planRefund(
    { state: locked.state, capturedPence: locked.captured_pence, refundedPence: locked.refunded_pence, lines, refundedQuantities },
    { amountPence, lines: requested },
  );
  const cash = !refundsThroughGateway(locked.paid_with ?? 'card');
  if (!cash && !locked.payment_reference) throw new ConflictError('This order has no card payment to refund.', 'not_refundable');
  const actor = `staff:${staff.id}`;
  const now = deps.clock();
  const row = await trx
    .insertInto('refunds')
    .values({
      order_id: order.id,
      amount_pence: amountPence,
      lines: jsonb(requested),
      reason,
      actor,
      method: cash ? 'cash' : 'gateway',
      status: cash ? 'succeeded' : 'pending',
      idempotency_key: key,
      settled_at: cash ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actorId: staff.id,
    action: 'order.refund',
    entity: 'order',
    entityId: order.id,
    storeId: order.store_id,
    after: { refundId: row.id, amountPence, lines: requested, reason, method: row.method, refundedPenceAfter: plan.refundedPenceAfter },
  });
  if (cash) await afterSuccess(trx, row, actor, now);
  return { row, fresh: true };
}

/**
 * A refund went through: email the customer, and when the refunds now give back the whole capture
 * of an order not yet collected, end it `refunded` (off the queue). Runs in the settling transaction.
 */
async function afterSuccess(trx: Transaction<DB>, refund: RefundRow, actor: string, now: Date): Promise<void> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', refund.order_id).forUpdate().executeTakeFirstOrThrow();
  const { sum } = await trx
    .selectFrom('refunds')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_pence'), eb.lit(0)).as('sum'))
    .where('order_id', '=', order.id)
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  if (Number(sum) === order.captured_pence && nextState(order.state, 'refund', 'staff')) {
    await transition(trx, order.id, 'refund', { now, actor, detail: refund.reason });
  }
  const user = await trx.selectFrom('users').select('email').where('id', '=', order.user_id).executeTakeFirstOrThrow();
  await enqueue(
    trx,
    { kind: 'email', template: 'order-refunded', to: user.email, data: { orderId: order.id, refundId: refund.id } },
    `email:order-refunded:${refund.id}`,
  );
}

/** Asks the gateway for a pending refund and settles it; a settled one is returned as it is. */
async function callAndSettle(deps: AppDeps, order: OrderRow, refund: RefundRow): Promise<RefundRow> {
  if (refund.status !== 'pending') return refund;
  const result = await deps.payments.refund({ reference: order.payment_reference!, amountPence: refund.amount_pence, idempotencyKey: refund.idempotency_key });
  const now = deps.clock();
  // Guarded by `status = 'pending'`: a re-run (or a twin settling the same refund) finds it settled.
  return write(
    deps.db.writer,
    async (trx) => {
      const settled = await trx
        .updateTable('refunds')
        .set(
          result.ok
            ? { status: 'succeeded', gateway_reference: result.reference, settled_at: now }
            : { status: 'failed', failure: `${result.message} (${result.code})`.slice(0, 500), settled_at: now },
        )
        .where('id', '=', refund.id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!settled) return trx.selectFrom('refunds').selectAll().where('id', '=', refund.id).executeTakeFirstOrThrow();
      if (settled.status === 'succeeded') await afterSuccess(trx, settled, refund.actor, now);
      return settled;
    },
    { guardedBy: 'conditional transition' },
  );
}

/** Refunds an order (managers of its store and admins), in full or per line; see the top of this file. */
export async function refundOrder(deps: AppDeps, user: CurrentUser | null, orderId: string, input: RefundInput): Promise<RefundOutcome> {
  const db = deps.db.writer;
  const order = await read(db, (r) => findOrder(r, orderId));
  if (!order) throw new NotFoundError('Order');
  const staff = authorize(user, 'order.refund', { storeId: order.store_id });
  const reason = checkInput(input);
  const key = refundKey(order.id, input.idempotencyKey ?? randomUUID());
  let claimed: { row: RefundRow; fresh: boolean };
  try {
    claimed = await write(db, (trx) => claim(deps, trx, order, staff, reason, input, key), { guardedBy: 'idempotency key' });
  } catch (error) {
    if (overCapture(error))
      throw new ConflictError('Another refund of this order was made at the same moment; nothing more can be refunded.', 'refund_exceeds_captured');
    throw error;
  }
  if (claimed.row.order_id !== order.id) throw new NotFoundError('Order');
  const settled = await callAndSettle(deps, order, claimed.row);
  if (settled.status === 'failed') {
    throw new AppError(409, 'refund_failed', `The payment provider refused the refund: ${settled.failure ?? 'no reason given'}. Nothing was refunded.`);
  }
  const current = (await read(db, (r) => findOrder(r, order.id)))!;
  return { refund: toRefund(settled), order: current, replayed: !claimed.fresh };
}
