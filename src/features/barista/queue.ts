// What the counter needs to see: a store's paid orders (to make), oldest
// check-in first, and its ready orders (waiting to be collected). Read from the
// writer: a ticket must appear the moment its payment commits.
import type { Kysely } from 'kysely';
import type { DB, OrderLineOption } from '../../db/schema.js';

export interface TicketLine {
  name: string;
  quantity: number;
  options: string[];
}

export interface Ticket {
  id: string;
  number: number;
  state: 'paid' | 'ready';
  /** "First L." — all the counter needs to call out. */
  customer: string;
  /** When the customer checked in (the clock the wait colours count from). */
  waitingSince: Date;
  readyAt: Date | null;
  lines: TicketLine[];
}

export interface Queue {
  making: Ticket[];
  ready: Ticket[];
}

/** Enough for any counter; a column this long means something else is wrong. */
const COLUMN_LIMIT = 100;

export function customerName(first: string, lastInitial: string): string {
  return lastInitial ? `${first} ${lastInitial}.` : first;
}

function optionNames(options: readonly OrderLineOption[]): string[] {
  // "Milk: Oat" — an option name alone ("Double") is ambiguous at a busy counter.
  return options.map((o) => (o.groupName ? `${o.groupName}: ${o.name}` : o.name));
}

async function tickets(db: Kysely<DB>, storeId: number, state: 'paid' | 'ready'): Promise<Ticket[]> {
  let query = db
    .selectFrom('orders')
    .select(['id', 'number', 'state', 'customer_first_name', 'customer_last_initial', 'checked_in_at', 'paid_at', 'ready_at', 'created_at'])
    .where('store_id', '=', storeId)
    .where('state', '=', state);
  // To make: whoever checked in first is served first. Ready: in the order they were called.
  query = state === 'paid' ? query.orderBy('checked_in_at').orderBy('paid_at').orderBy('number') : query.orderBy('ready_at').orderBy('number');
  const orders = await query.limit(COLUMN_LIMIT).execute();
  if (orders.length === 0) return [];
  const lines = await db
    .selectFrom('order_lines')
    .select(['order_id', 'product_name', 'quantity', 'options'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('order_id')
    .orderBy('position')
    .execute();
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    state,
    customer: customerName(o.customer_first_name, o.customer_last_initial),
    waitingSince: o.checked_in_at ?? o.paid_at ?? o.created_at,
    readyAt: o.ready_at,
    lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ name: l.product_name, quantity: l.quantity, options: optionNames(l.options) })),
  }));
}

export async function loadQueue(db: Kysely<DB>, storeId: number): Promise<Queue> {
  const [making, ready] = await Promise.all([tickets(db, storeId, 'paid'), tickets(db, storeId, 'ready')]);
  return { making, ready };
}
