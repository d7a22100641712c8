// Reading orders: one order with its lines, events and store, and lists of them.
// Orders are read from the writer: they are the customer's own recent writes.
import type { Kysely } from 'kysely';
import type { DB, OrderRow } from '../../db/schema.js';
import { listedInHistory, ORDER_STATES, type OrderState } from '../../domain/order-lifecycle.js';
import { storesByIds } from '../../db/stores.js';
import { toOrder, toOrderEvent, toOrderLine, toRefund, type OrderDetail, type OrderEvent, type OrderLine, type Refund } from './model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isOrderId(value: string): boolean {
  return UUID.test(value);
}

async function linesOf(db: Kysely<DB>, orderIds: string[]): Promise<Map<string, OrderLine[]>> {
  const result = new Map<string, OrderLine[]>();
  if (orderIds.length === 0) return result;
  const rows = await db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('position').execute();
  for (const r of rows) {
    const list = result.get(r.order_id) ?? [];
    list.push(toOrderLine(r));
    result.set(r.order_id, list);
  }
  return result;
}

export async function eventsOf(db: Kysely<DB>, orderId: string, afterId?: string | null): Promise<OrderEvent[]> {
  let query = db.selectFrom('order_events').select(['id', 'from_state', 'to_state', 'at', 'actor', 'detail']).where('order_id', '=', orderId).orderBy('id');
  if (afterId) {
    // Last-Event-ID is any 1-19 digits; one beyond every real id means nothing is newer.
    const after = Number(afterId);
    query = query.where('id', '>', Number.isSafeInteger(after) ? after : Number.MAX_SAFE_INTEGER);
  }
  return (await query.execute()).map(toOrderEvent);
}

export async function refundsOf(db: Kysely<DB>, orderId: string): Promise<Refund[]> {
  return (await db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute()).map(toRefund);
}

export async function findOrder(db: Kysely<DB>, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  return db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
}

export async function loadOrderDetail(db: Kysely<DB>, orderId: string): Promise<OrderDetail | undefined> {
  const order = await findOrder(db, orderId);
  if (!order) return undefined;
  const [stores, lines, events, refunds] = await Promise.all([
    storesByIds(db, [order.store_id]),
    linesOf(db, [order.id]),
    eventsOf(db, order.id),
    refundsOf(db, order.id),
  ]);
  return { order: toOrder(order), store: stores.get(order.store_id)!, lines: lines.get(order.id) ?? [], events, refunds };
}

/** Orders with their lines (no events), newest first. */
async function withLines(db: Kysely<DB>, orders: OrderRow[]): Promise<OrderDetail[]> {
  const [stores, lines] = await Promise.all([
    storesByIds(
      db,
      orders.map((o) => o.store_id),
    ),
    linesOf(
      db,
      orders.map((o) => o.id),
    ),
  ]);
  return orders.map((order) => ({ order: toOrder(order), store: stores.get(order.store_id)!, lines: lines.get(order.id) ?? [], events: [], refunds: [] }));
}

/** The customer's history: declined attempts are kept for audit, never listed. */
export async function listUserOrders(db: Kysely<DB>, userId: number, limit = 50): Promise<OrderDetail[]> {
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('state', 'in', ORDER_STATES.filter(listedInHistory))
    .orderBy('created_at', 'desc')
    .orderBy('number', 'desc')
    .limit(limit)
    .execute();
  return withLines(db, orders);
}

export async function listStoreOrders(db: Kysely<DB>, storeId: number, states: OrderState[]): Promise<OrderDetail[]> {
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('store_id', '=', storeId)
    .where('state', 'in', states)
    .orderBy('paid_at')
    .orderBy('created_at')
    .execute();
  return withLines(db, orders);
}
