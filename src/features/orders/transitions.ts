// Applies a lifecycle transition in SQL: a conditional UPDATE that only one
// caller can win, the event row, and the live notification — all in the
// caller's transaction. The loser gets null and changes nothing.
import { sql, type Kysely } from 'kysely';
import type { DB, OrderRow } from '../../db/schema.js';
import {
  actorKindOf, allowedFrom, chargeOf, stampsOf, targetOf, type OrderState, type OrderTransition,
} from '../../domain/order-lifecycle.js';
import { publishLive } from '../../live/live-hub.js';

export interface TransitionOptions {
  now: Date;
  /** 'customer:<id>', 'staff:<id>', 'system' or 'stripe': its kind decides the states allowed. */
  actor: string;
  detail?: string | null;
  /** Other columns to set in the same update (payment reference, card, failure reason…). */
  set?: Partial<Pick<OrderRow, 'payment_reference' | 'card_brand' | 'card_last4' | 'payment_failure' | 'expires_at'>>;
}

export interface Applied {
  order: OrderRow;
  from: OrderState;
  eventId: string;
}

/** Moves the order on, or returns null when it is not in a state the transition allows. */
export async function applyTransition(
  trx: Kysely<DB>, orderId: string, transition: OrderTransition, options: TransitionOptions,
): Promise<Applied | null> {
  const kind = actorKindOf(options.actor);
  const from = kind ? allowedFrom(transition, kind) : [];
  if (from.length === 0) return null; // this actor may never make this transition
  const { stamp, clear } = stampsOf(transition);
  const charge = chargeOf(transition);
  // Lock first so the event records the state we actually left (and so events on
  // one order commit in id order, which the live streams rely on).
  const current = await trx.selectFrom('orders').select('state').where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!current || !from.includes(current.state)) return null;
  const order = await trx
    .updateTable('orders')
    .set({
      ...options.set, state: targetOf(transition), updated_at: options.now,
      ...Object.fromEntries(clear.map((column) => [column, null])),
      ...(stamp ? { [stamp]: options.now } : {}),
      // What a charge captures is the order's total.
      ...(charge ? { captured_pence: sql<number>`total_pence`, paid_with: charge } : {}),
    })
    .where('id', '=', orderId)
    .where('state', 'in', from)
    .returningAll()
    .executeTakeFirst();
  if (!order) return null;
  const eventId = await recordEvent(trx, order, current.state, { ...options, transition });
  return { order, from: current.state, eventId };
}

/** Writes an order event and announces it; the order row must be locked (or new). */
export async function recordEvent(
  trx: Kysely<DB>, order: Pick<OrderRow, 'id' | 'store_id' | 'state'>, from: OrderState | null,
  options: Pick<TransitionOptions, 'now' | 'actor' | 'detail'> & { transition?: OrderTransition },
): Promise<string> {
  const row = await trx
    .insertInto('order_events')
    .values({
      order_id: order.id, from_state: from, to_state: order.state, at: options.now, actor: options.actor,
      detail: options.detail ?? null, transition: options.transition ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const eventId = String(row.id);
  await publishLive(trx, { orderId: order.id, storeId: order.store_id, eventId });
  return eventId;
}
