// The reports' second half (issue 10 item 7): per store over the range, the average ticket, the
// payment failures (declined card holds, captures refused at check-in) and the refunds; and the
// orders by hour of the day on each store's own clock. Every figure is dated on the store's
// calendar like the daily table: a sale when it was paid, a failure or a refund when it happened.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { COUNTED_STATES } from './queries.js';
import type { DateRange } from './range.js';

export interface StoreSummary {
  storeId: number;
  orders: number;
  revenuePence: number;
  /** Rounded to the penny; 0 with no orders. */
  averageTicketPence: number;
  /** Card holds refused at checkout (declined attempts). */
  declinedAttempts: number;
  /** Captures refused when making started (the order then needs another payment). */
  refusedCaptures: number;
  refunds: number;
  refundedPence: number;
}

export interface HourSales {
  storeId: number;
  /** 0–23 on the store's clock. */
  hour: number;
  orders: number;
  revenuePence: number;
}

/** Whether an instant falls on the range's days on the store's calendar (`s` is the stores row). */
const onRangeDays = (at: ReturnType<typeof sql>, range: DateRange) =>
  sql`(${at} AT TIME ZONE s.timezone)::date BETWEEN cast(${range.from} as date) AND cast(${range.to} as date)`;

/** A store filter: every store, or the one id. */
const storeIs = (storeId: number | null) => (storeId === null ? sql`true` : sql`s.id = ${storeId}`);

export async function storeSummaries(db: Kysely<DB>, range: DateRange, storeId: number | null = null): Promise<StoreSummary[]> {
  const saleAt = sql`coalesce(o.paid_at, o.created_at)`;
  const [sales, declined, refused, refunds] = await Promise.all([
    sql<{ store_id: number; orders: number; revenue: number }>`
      SELECT o.store_id, count(*) AS orders, sum(o.total_pence) AS revenue
      FROM orders o JOIN stores s ON s.id = o.store_id
      WHERE o.state IN (${sql.join(COUNTED_STATES)}) AND ${storeIs(storeId)} AND ${onRangeDays(saleAt, range)}
      GROUP BY o.store_id`.execute(db),
    sql<{ store_id: number; n: number }>`
      SELECT o.store_id, count(*) AS n
      FROM orders o JOIN stores s ON s.id = o.store_id
      WHERE o.state = 'declined' AND ${storeIs(storeId)} AND ${onRangeDays(sql`o.created_at`, range)}
      GROUP BY o.store_id`.execute(db),
    sql<{ store_id: number; n: number }>`
      SELECT o.store_id, count(*) AS n
      FROM order_events e JOIN orders o ON o.id = e.order_id JOIN stores s ON s.id = o.store_id
      WHERE e.transition = 'capture_fail' AND ${storeIs(storeId)} AND ${onRangeDays(sql`e.at`, range)}
      GROUP BY o.store_id`.execute(db),
    sql<{ store_id: number; n: number; pence: number }>`
      SELECT o.store_id, count(*) AS n, sum(r.amount_pence) AS pence
      FROM refunds r JOIN orders o ON o.id = r.order_id JOIN stores s ON s.id = o.store_id
      WHERE r.status = 'succeeded' AND ${storeIs(storeId)} AND ${onRangeDays(sql`coalesce(r.settled_at, r.created_at)`, range)}
      GROUP BY o.store_id`.execute(db),
  ]);
  const ids = new Set([...sales.rows, ...declined.rows, ...refused.rows, ...refunds.rows].map((r) => r.store_id));
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const sale = sales.rows.find((r) => r.store_id === id);
      const refund = refunds.rows.find((r) => r.store_id === id);
      const orders = sale?.orders ?? 0;
      const revenuePence = sale?.revenue ?? 0;
      return {
        storeId: id,
        orders,
        revenuePence,
        averageTicketPence: orders === 0 ? 0 : Math.round(revenuePence / orders),
        declinedAttempts: declined.rows.find((r) => r.store_id === id)?.n ?? 0,
        refusedCaptures: refused.rows.find((r) => r.store_id === id)?.n ?? 0,
        refunds: refund?.n ?? 0,
        refundedPence: refund?.pence ?? 0,
      };
    });
}

/** Paid, ready and collected orders by the hour of the day they were paid, on each store's clock. */
export async function salesByHour(db: Kysely<DB>, range: DateRange, storeId: number | null = null): Promise<HourSales[]> {
  const saleAt = sql`coalesce(o.paid_at, o.created_at)`;
  const { rows } = await sql<{ store_id: number; hour: number; orders: number; revenue: number }>`
    SELECT o.store_id, cast(extract(hour FROM ${saleAt} AT TIME ZONE s.timezone) AS integer) AS hour, count(*) AS orders, sum(o.total_pence) AS revenue
    FROM orders o JOIN stores s ON s.id = o.store_id
    WHERE o.state IN (${sql.join(COUNTED_STATES)}) AND ${storeIs(storeId)} AND ${onRangeDays(saleAt, range)}
    GROUP BY 1, 2
    ORDER BY 2, 1`.execute(db);
  return rows.map((r) => ({ storeId: r.store_id, hour: r.hour, orders: r.orders, revenuePence: r.revenue }));
}
