// What tickets and order emails say about an order, read from the order's own
// immutable snapshot (orders, order_lines, order_events) when the message is
// delivered. The snapshot never changes after checkout, so rendering late (after
// an outage) still says what the customer bought.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Store } from '../features/stores/queries.js';

export interface OrderLineForMessages {
  name: string;
  /** Option names as the customer chose them, e.g. ['Oat milk', 'Double shot']. */
  options: string[];
  quantity: number;
  unitPence: number;
  totalPence: number;
}

export interface OrderForMessages {
  id: string;
  number: string;
  state: string;
  customer: { firstName: string; lastName: string; email: string };
  store: Store;
  lines: OrderLineForMessages[];
  totalPence: number;
  placedAt: Date;
  paidAt: Date | null;
  card: { brand: string; last4: string } | null;
}

export async function loadOrderForMessages(_db: Kysely<DB>, _orderId: string): Promise<OrderForMessages | null> {
  return null; // filled in once the orders tables (migration 003) land
}

/** "Ada L." — what the barista calls out. */
export function customerShortName(customer: { firstName: string; lastName: string }): string {
  const initial = [...customer.lastName.trim()][0];
  return initial ? `${customer.firstName.trim()} ${initial.toUpperCase()}.` : customer.firstName.trim();
}
