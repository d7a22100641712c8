// `transition()`: the one way an order changes state. In one transaction it applies
// the lifecycle's conditional UPDATE (`WHERE state = ANY(allowed)`, so only one
// caller can win), writes the order event, announces it to the live streams, and
// enqueues the transition's effects (emails, ticket, card void) — so no caller can
// forget them. The loser gets null and changes nothing.
import { orderTransitions, ordersPlaced } from '../observability/counters.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, OrderRow } from './schema.js';
import { actorKindOf, allowedFrom, chargeOf, stampsOf, targetOf, type OrderState, type OrderTransition } from '../domain/order-lifecycle.js';
import { publishLive } from '../live/live-hub.js';
import { enqueueEffects } from './order-effects.js';
import { write } from './unit-of-work.js';

export interface TransitionOptions {
  now: Date;
  /** 'customer:<id>', 'staff:<id>', 'system' or 'stripe': its kind decides the states allowed. */
  actor: string;
  detail?: string | null;
  /** Other columns to set in the same update (payment reference, card, failure reason…). */
  set?: Partial<
    Pick<
      OrderRow,
      | 'payment_reference'
      | 'card_brand'
      | 'card_last4'
      | 'payment_failure'
      | 'expires_at'
      | 'payment_attempt'
      | 'pay_again_claim'
      | 'pay_again_claimed_at'
      | 'ready_estimate_at'
    >
  >;
}

export interface Applied {
  order: OrderRow;
  from: OrderState;
  eventId: string;
}

/**
 * Moves the order on and enqueues the effects, or returns null when the order is not in a state
 * the transition allows. Given a transaction, it runs in it (a webhook, a sweep, a settle step);
 * given the database, it is its own write, run again even after a lost COMMIT answer (guarded by
 * the conditional update: a re-run that finds the order moved on returns null).
 */
export function transition(db: Kysely<DB>, orderId: string, name: OrderTransition, options: TransitionOptions): Promise<Applied | null> {
  if (db.isTransaction) return applyInTransaction(db as Transaction<DB>, orderId, name, options);
  return write(db, (trx) => applyInTransaction(trx, orderId, name, options), { guardedBy: 'conditional transition' });
}

async function applyInTransaction(trx: Transaction<DB>, orderId: string, name: OrderTransition, options: TransitionOptions): Promise<Applied | null> {
  const kind = actorKindOf(options.actor);
  const from = kind ? allowedFrom(name, kind) : [];
  if (from.length === 0) return null; // this actor may never make this transition
  const { stamp, clear } = stampsOf(name);
  const charge = chargeOf(name);
  // Lock first so the event records the state we actually left (and so events on
  // one order commit in id order, which the live streams rely on).
  const current = await trx.selectFrom('orders').select('state').where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!current || !from.includes(current.state)) return null;
  const order = await trx
    .updateTable('orders')
    .set({
      ...options.set,
      state: targetOf(name),
      updated_at: options.now,
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
  const eventId = await recordOrderEvent(trx, order, current.state, { ...options, transition: name });
  await enqueueEffects(trx, order, name);
  return { order, from: current.state, eventId };
}

/** Writes an order event and announces it; the order row must be locked (or new). */
export async function recordOrderEvent(
  trx: Kysely<DB>,
  order: Pick<OrderRow, 'id' | 'store_id' | 'state'>,
  from: OrderState | null,
  options: Pick<TransitionOptions, 'now' | 'actor' | 'detail'> & { transition?: OrderTransition },
): Promise<string> {
  const row = await trx
    .insertInto('order_events')
    .values({
      order_id: order.id,
      from_state: from,
      to_state: order.state,
      at: options.now,
      actor: options.actor,
      detail: options.detail ?? null,
      transition: options.transition ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const eventId = String(row.id);
  if (from === null) ordersPlaced.inc();
  orderTransitions.inc({ from: from ?? 'none', to: order.state });
  await publishLive(trx, { orderId: order.id, storeId: order.store_id, eventId });
  return eventId;
}
