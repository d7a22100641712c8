// Reading orders: one order with its lines, events and store, and lists of them.
// Orders are read from the writer: they are the customer's own recent writes.
import type { Kysely } from 'kysely';
import type { DB, OrderEventRow, OrderLineOption, OrderRow } from '../../db/schema.js';
import type { OrderState } from '../../domain/order-lifecycle.js';

export interface OrderLine {
  position: number;
  productId: number | null;
  product: string;
  name: string;
  options: OrderLineOption[];
  quantity: number;
  unitPence: number;
  totalPence: number;
}

export interface OrderEvent {
  id: string;
  from: OrderState | null;
  to: OrderState;
  at: Date;
  actor: string;
  detail: string | null;
}

export interface OrderStore {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
}

export interface OrderDetail {
  order: OrderRow;
  store: OrderStore;
  lines: OrderLine[];
  events: OrderEvent[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isOrderId(value: string): boolean {
  return UUID.test(value);
}

export function toEvent(row: Pick<OrderEventRow, 'id' | 'from_state' | 'to_state' | 'at' | 'actor' | 'detail'>): OrderEvent {
  // The id travels as an SSE event id, which is text.
  return { id: String(row.id), from: row.from_state, to: row.to_state, at: row.at, actor: row.actor, detail: row.detail };
}

async function storesById(db: Kysely<DB>, ids: number[]): Promise<Map<number, OrderStore>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('stores')
    .select(['id', 'slug', 'name', 'timezone', 'address_line1', 'address_line2', 'town', 'postcode'])
    .where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, {
    id: r.id, slug: r.slug, name: r.name, timezone: r.timezone,
    addressLine1: r.address_line1, addressLine2: r.address_line2, town: r.town, postcode: r.postcode,
  }]));
}

async function linesOf(db: Kysely<DB>, orderIds: string[]): Promise<Map<string, OrderLine[]>> {
  const result = new Map<string, OrderLine[]>();
  if (orderIds.length === 0) return result;
  const rows = await db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('position').execute();
  for (const r of rows) {
    const list = result.get(r.order_id) ?? [];
    list.push({
      position: r.position, productId: r.product_id, product: r.product_slug, name: r.product_name,
      options: r.options,
      quantity: r.quantity, unitPence: r.unit_pence, totalPence: r.total_pence,
    });
    result.set(r.order_id, list);
  }
  return result;
}

export async function eventsOf(db: Kysely<DB>, orderId: string, afterId?: string | null): Promise<OrderEvent[]> {
  let query = db.selectFrom('order_events').select(['id', 'from_state', 'to_state', 'at', 'actor', 'detail'])
    .where('order_id', '=', orderId).orderBy('id');
  if (afterId) {
    // Last-Event-ID is any 1-19 digits; one beyond every real id means nothing is newer.
    const after = Number(afterId);
    query = query.where('id', '>', Number.isSafeInteger(after) ? after : Number.MAX_SAFE_INTEGER);
  }
  return (await query.execute()).map(toEvent);
}

export async function findOrder(db: Kysely<DB>, orderId: string): Promise<OrderRow | undefined> {
  if (!isOrderId(orderId)) return undefined;
  return db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
}

export async function loadOrderDetail(db: Kysely<DB>, orderId: string): Promise<OrderDetail | undefined> {
  const order = await findOrder(db, orderId);
  if (!order) return undefined;
  const [stores, lines, events] = await Promise.all([
    storesById(db, [order.store_id]), linesOf(db, [order.id]), eventsOf(db, order.id),
  ]);
  return { order, store: stores.get(order.store_id)!, lines: lines.get(order.id) ?? [], events };
}

/** Orders with their lines (no events), newest first. */
async function withLines(db: Kysely<DB>, orders: OrderRow[]): Promise<OrderDetail[]> {
  const [stores, lines] = await Promise.all([storesById(db, orders.map((o) => o.store_id)), linesOf(db, orders.map((o) => o.id))]);
  return orders.map((order) => ({ order, store: stores.get(order.store_id)!, lines: lines.get(order.id) ?? [], events: [] }));
}

export async function listUserOrders(db: Kysely<DB>, userId: number, limit = 50): Promise<OrderDetail[]> {
  const orders = await db.selectFrom('orders').selectAll().where('user_id', '=', userId)
    .orderBy('created_at', 'desc').orderBy('number', 'desc').limit(limit).execute();
  return withLines(db, orders);
}

export async function listStoreOrders(db: Kysely<DB>, storeId: number, states: OrderState[]): Promise<OrderDetail[]> {
  const orders = await db.selectFrom('orders').selectAll().where('store_id', '=', storeId).where('state', 'in', states)
    .orderBy('paid_at').orderBy('created_at').execute();
  return withLines(db, orders);
}
