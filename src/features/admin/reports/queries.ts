// Orders and revenue per store per day, and the best-selling products, over a
// range of days. Only money actually taken counts: paid, ready and completed
// orders. A sale's day is the day on the store's own clock when it was paid
// (AT TIME ZONE the store's zone), so 23:30 UTC in summer is the next day in London.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { DateRange } from './range.js';

export const COUNTED_STATES = ['paid', 'ready', 'completed'] as const;

export interface StoreDay {
  storeId: number;
  day: string;
  orders: number;
  revenuePence: number;
}
export interface ProductSales {
  slug: string;
  name: string;
  quantity: number;
  revenuePence: number;
}

/** The local day of a sale, as SQL over orders `o` joined to stores `s`. */
const saleDay = sql`(coalesce(o.paid_at, o.created_at) AT TIME ZONE s.timezone)::date`;

export async function salesByStoreDay(db: Kysely<DB>, range: DateRange): Promise<StoreDay[]> {
  const { rows } = await sql<{ store_id: number; day: string; orders: number; revenue: number }>`
    SELECT o.store_id, to_char(${saleDay}, 'YYYY-MM-DD') AS day, count(*) AS orders, sum(o.total_pence) AS revenue
    FROM orders o JOIN stores s ON s.id = o.store_id
    WHERE o.state IN (${sql.join(COUNTED_STATES)})
      AND ${saleDay} BETWEEN cast(${range.from} as date) AND cast(${range.to} as date)
    GROUP BY o.store_id, ${saleDay}
    ORDER BY 2, 1`.execute(db);
  return rows.map((r) => ({ storeId: r.store_id, day: r.day, orders: r.orders, revenuePence: r.revenue }));
}

export async function topProducts(
  db: Kysely<DB>,
  range: DateRange,
  by: 'quantity' | 'revenue',
  limit = 10,
  storeId: number | null = null,
): Promise<ProductSales[]> {
  const order = by === 'quantity' ? sql`quantity DESC, revenue DESC` : sql`revenue DESC, quantity DESC`;
  const { rows } = await sql<{ slug: string; name: string; quantity: number; revenue: number }>`
    SELECT l.product_slug AS slug, min(l.product_name) AS name, sum(l.quantity) AS quantity, sum(l.total_pence) AS revenue
    FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN stores s ON s.id = o.store_id
    WHERE o.state IN (${sql.join(COUNTED_STATES)})
      AND ${storeId === null ? sql`true` : sql`o.store_id = ${storeId}`}
      AND ${saleDay} BETWEEN cast(${range.from} as date) AND cast(${range.to} as date)
    GROUP BY l.product_slug
    ORDER BY ${order}, slug
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ slug: r.slug, name: r.name, quantity: r.quantity, revenuePence: r.revenue }));
}
