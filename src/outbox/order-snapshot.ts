// What tickets and order emails say about an order, read from the order's own
// immutable snapshot (orders + order_lines) when the message is delivered. The
// snapshot never changes after checkout, so rendering late (after an outage)
// still says exactly what the customer bought and paid.
import type { Kysely } from 'kysely';
import type { DB, OrderLineOption } from '../db/schema.js';
import { getStoreById } from '../db/stores.js';
import type { Store } from '../domain/store.js';

export interface OrderLineForMessages {
  name: string;
  /** One entry per option group, e.g. ['Milk: Oat', 'Syrup: Vanilla, Caramel']. */
  options: string[];
  quantity: number;
  unitPence: number;
  totalPence: number;
  /** The VAT rate the line was sold at, in percent (decision 332). */
  vatRatePercent: number;
}

export interface OrderForMessages {
  id: string;
  number: string;
  state: string;
  customer: { firstName: string; lastInitial: string; email: string };
  store: Store;
  lines: OrderLineForMessages[];
  totalPence: number;
  placedAt: Date;
  paidAt: Date | null;
  card: { brand: string; last4: string } | null;
  paymentFailure: string | null;
  /** The customer's note to the barista (an allergy, say), or null. */
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 'Milk: Oat', 'Syrup: Vanilla, Caramel' — options grouped the way a barista reads them. */
export function describeOptions(options: readonly OrderLineOption[]): string[] {
  const groups = new Map<string, string[]>();
  for (const option of options) {
    const label = option.groupName || option.group;
    groups.set(label, [...(groups.get(label) ?? []), option.name]);
  }
  return [...groups].map(([group, names]) => `${group}: ${names.join(', ')}`);
}

export async function loadOrderForMessages(db: Kysely<DB>, orderId: string): Promise<OrderForMessages | null> {
  if (!UUID.test(orderId)) return null;
  const order = await db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.state',
      'orders.store_id',
      'orders.total_pence',
      'orders.customer_first_name',
      'orders.customer_last_initial',
      'orders.card_brand',
      'orders.card_last4',
      'orders.created_at',
      'orders.paid_at',
      'orders.payment_failure',
      'orders.customer_note',
      'users.email',
    ])
    .where('orders.id', '=', orderId)
    .executeTakeFirst();
  if (!order) return null;
  const [store, lines] = await Promise.all([
    getStoreById(db, order.store_id),
    db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute(),
  ]);
  if (!store) return null;
  return {
    id: order.id,
    number: String(order.number),
    state: order.state,
    customer: { firstName: order.customer_first_name, lastInitial: order.customer_last_initial, email: order.email },
    store,
    lines: lines.map((l) => ({
      name: l.product_name,
      options: describeOptions(l.options),
      quantity: l.quantity,
      unitPence: l.unit_pence,
      totalPence: l.total_pence,
      vatRatePercent: l.vat_rate_percent,
    })),
    totalPence: order.total_pence,
    placedAt: order.created_at,
    paidAt: order.paid_at,
    card: order.card_brand && order.card_last4 ? { brand: order.card_brand, last4: order.card_last4 } : null,
    paymentFailure: order.payment_failure,
    note: order.customer_note,
  };
}

/** What a refund email says about its refund. */
export interface RefundForMessages {
  amountPence: number;
  method: 'gateway' | 'cash';
  reason: string;
  lines: { name: string; quantity: number }[];
}

export async function loadRefundForMessages(db: Kysely<DB>, orderId: string, refundId: number): Promise<RefundForMessages | null> {
  if (!UUID.test(orderId) || !Number.isSafeInteger(refundId)) return null;
  const refund = await db.selectFrom('refunds').selectAll().where('id', '=', refundId).where('order_id', '=', orderId).executeTakeFirst();
  if (!refund) return null;
  const lines = await db.selectFrom('order_lines').select(['position', 'product_name']).where('order_id', '=', orderId).execute();
  return {
    amountPence: refund.amount_pence,
    method: refund.method,
    reason: refund.reason,
    lines: refund.lines.map((l) => ({ name: lines.find((x) => x.position === l.position)?.product_name ?? 'an item', quantity: l.quantity })),
  };
}

/** "Ada L." — what the barista calls out. */
export function customerShortName(customer: { firstName: string; lastInitial: string }): string {
  const initial = [...customer.lastInitial.trim()][0];
  return initial ? `${customer.firstName.trim()} ${initial.toUpperCase()}.` : customer.firstName.trim();
}
