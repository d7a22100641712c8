// Sales exports (issue 10 item 7): a store's orders and their lines, by date range on the store's
// calendar, as CSV (one row per order line) or JSON Lines (one order per line, lines and refunds
// inside), with states, payments, refunds and times in the store's zone. Streamed: orders are read
// in keyset batches (created_at, id) and written as they come, so a year of orders never sits in
// memory (decision 418).
import { sql, type Kysely } from 'kysely';
import type { DB, OrderLineOption } from '../../../db/schema.js';
import type { Store } from '../../../domain/store.js';
import { localToInstant, TO_THE_SECOND, zoneFormat } from '../../../domain/store-time.js';
import { STATE_LABELS } from '../../../domain/order-state-words.js';
import { csvRow } from './csv.js';

/** Orders per database round trip: small enough for bounded memory, big enough to be quick. */
export const EXPORT_BATCH = 500;

export interface SalesQuery {
  stores: readonly Store[];
  /** Local days, YYYY-MM-DD, inclusive (checked by parseRange: at most 366 days). */
  from: string;
  to: string;
}

const pounds = (pence: number) => (pence / 100).toFixed(2);

// Swedish dates are ISO-shaped ("2026-11-25 12:05:00"): one string per stamp, where formatToParts
// made an array of thirteen objects; the formatter is built once per zone (decision 430).
const stampFormat = (timeZone: string) => zoneFormat('export-stamp', timeZone, TO_THE_SECOND, 'sv-SE');

const ISO_STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** "2026-11-25 12:05:00" on the store's clock (the zone is its own column). */
export function localStamp(at: Date | null, timeZone: string): string {
  if (!at) return '';
  const text = stampFormat(timeZone).format(at);
  if (ISO_STAMP.test(text)) return text;
  // Another ICU's Swedish: build it from the parts instead.
  const parts = stampFormat(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

function nextDay(date: string): { year: number; month: number; day: number } {
  const d = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function dayStart(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return localToInstant({ year, month, day }, '00:00', timeZone);
}

export interface SalesOrder {
  id: string;
  number: number;
  store: string;
  timezone: string;
  state: string;
  stateLabel: string;
  customer: string;
  placedAt: string;
  paidAt: string;
  readyAt: string;
  completedAt: string;
  closedAt: string;
  paidWith: string;
  card: string;
  paymentFailure: string;
  uncollected: boolean;
  totalGbp: string;
  capturedGbp: string;
  refundedGbp: string;
  lines: { position: number; product: string; name: string; options: string; quantity: number; unitGbp: string; totalGbp: string; refundedQuantity: number }[];
  refunds: { amountGbp: string; method: string; status: string; reason: string; at: string }[];
}

const optionText = (options: readonly OrderLineOption[]) => options.map((o) => `${o.groupName || o.group}: ${o.name}`).join('; ');

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** One store's orders in the range, batch by batch, oldest first. */
async function* storeOrders(db: Kysely<DB>, store: Store, from: string, to: string): AsyncGenerator<SalesOrder> {
  const start = dayStart(from, store.timezone);
  const end = localToInstant(nextDay(to), '00:00', store.timezone);
  // The cursor keeps created_at as the database's text: a JS Date drops its microseconds, and a
  // cursor a microsecond early would read the same row again for ever.
  let after: { at: string; id: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('orders')
      .select([
        'id',
        'number',
        'state',
        'customer_first_name',
        'customer_last_initial',
        'created_at',
        'paid_at',
        'ready_at',
        'completed_at',
        'closed_at',
        'paid_with',
        'card_brand',
        'card_last4',
        'payment_failure',
        'total_pence',
        'captured_pence',
        'refunded_pence',
      ])
      .select(sql<string>`created_at::text`.as('cursor_at'))
      .where('store_id', '=', store.id)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      // Declined holds are attempts, not sales (DESIGN.md §2): they are counted as payment failures in reports.
      .where('state', '!=', 'declined');
    if (after) {
      const { at, id } = after;
      query = query.where(sql<boolean>`(created_at, id) > (${at}::timestamptz, ${id}::uuid)`);
    }
    const orders = await query.orderBy('created_at').orderBy('id').limit(EXPORT_BATCH).execute();
    if (orders.length === 0) return;
    const ids = orders.map((o) => o.id);
    const [lines, refunds, uncollected] = await Promise.all([
      db
        .selectFrom('order_lines')
        .select(['order_id', 'position', 'product_slug', 'product_name', 'options', 'quantity', 'unit_pence', 'total_pence'])
        .where('order_id', 'in', ids)
        .orderBy('order_id')
        .orderBy('position')
        .execute(),
      db
        .selectFrom('refunds')
        .select(['order_id', 'amount_pence', 'method', 'status', 'reason', 'created_at', 'lines'])
        .where('order_id', 'in', ids)
        .orderBy('id')
        .execute(),
      db.selectFrom('order_events').select('order_id').where('order_id', 'in', ids).where('transition', '=', 'close_uncollected').execute(),
    ]);
    const closedUncollected = new Set(uncollected.map((e) => e.order_id));
    const linesOf = groupBy(lines, (l) => l.order_id);
    const refundsOf = groupBy(refunds, (r) => r.order_id);
    const tz = store.timezone;
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i]!;
      const orderRefunds = refundsOf.get(o.id) ?? [];
      const orderLines = linesOf.get(o.id) ?? [];
      const refundedQuantity = (position: number) =>
        orderRefunds
          .filter((r) => r.status !== 'failed')
          .reduce((sum, r) => sum + r.lines.filter((l) => l.position === position).reduce((s, l) => s + l.quantity, 0), 0);
      yield {
        id: o.id,
        number: o.number,
        store: store.slug,
        timezone: tz,
        state: o.state,
        stateLabel: STATE_LABELS[o.state],
        customer: `${o.customer_first_name} ${o.customer_last_initial}.`.replace(/ \.$/, ''),
        placedAt: localStamp(o.created_at, tz),
        paidAt: localStamp(o.paid_at, tz),
        readyAt: localStamp(o.ready_at, tz),
        completedAt: localStamp(o.completed_at, tz),
        closedAt: localStamp(o.closed_at, tz),
        paidWith: o.paid_with ?? '',
        card: o.card_brand && o.card_last4 ? `${o.card_brand} ${o.card_last4}` : '',
        paymentFailure: o.payment_failure ?? '',
        uncollected: closedUncollected.has(o.id),
        totalGbp: pounds(o.total_pence),
        capturedGbp: pounds(o.captured_pence),
        refundedGbp: pounds(o.refunded_pence),
        lines: orderLines.map((l) => ({
          position: l.position,
          product: l.product_slug,
          name: l.product_name,
          options: optionText(l.options),
          quantity: l.quantity,
          unitGbp: pounds(l.unit_pence),
          totalGbp: pounds(l.total_pence),
          refundedQuantity: refundedQuantity(l.position),
        })),
        refunds: orderRefunds.map((r) => ({
          amountGbp: pounds(r.amount_pence),
          method: r.method,
          status: r.status,
          reason: r.reason,
          at: localStamp(r.created_at, tz),
        })),
      };
    }
    const last = orders[orders.length - 1]!;
    after = { at: last.cursor_at, id: last.id };
  }
}

/** Every chosen store's orders, store by store. */
export async function* salesOrders(db: Kysely<DB>, query: SalesQuery): AsyncGenerator<SalesOrder> {
  for (const store of query.stores) yield* storeOrders(db, store, query.from, query.to);
}

export async function* salesJsonLines(orders: AsyncIterable<SalesOrder>): AsyncGenerator<string> {
  for await (const order of orders) yield `${JSON.stringify(order)}\n`;
}

const CSV_HEADER = [
  'store',
  'timezone',
  'order_number',
  'order_id',
  'state',
  'placed_at',
  'paid_at',
  'ready_at',
  'completed_at',
  'closed_at',
  'uncollected',
  'paid_with',
  'card',
  'payment_failure',
  'order_total_gbp',
  'captured_gbp',
  'refunded_gbp',
  'line',
  'product',
  'name',
  'options',
  'quantity',
  'unit_gbp',
  'line_total_gbp',
  'refunded_quantity',
];

/** One row per order line (an order with no lines gets one row); the byte-order mark makes spreadsheets read UTF-8. */
export async function* salesCsv(orders: AsyncIterable<SalesOrder>): AsyncGenerator<string> {
  yield `\uFEFF${csvRow(CSV_HEADER)}`;
  for await (const o of orders) {
    const head = [
      o.store,
      o.timezone,
      o.number,
      o.id,
      o.stateLabel,
      o.placedAt,
      o.paidAt,
      o.readyAt,
      o.completedAt,
      o.closedAt,
      o.uncollected ? 'yes' : 'no',
      o.paidWith,
      o.card,
      o.paymentFailure,
      o.totalGbp,
      o.capturedGbp,
      o.refundedGbp,
    ];
    if (o.lines.length === 0) yield csvRow([...head, '', '', '', '', '', '', '', '']);
    let chunk = '';
    for (const l of o.lines) chunk += csvRow([...head, l.position, l.product, l.name, l.options, l.quantity, l.unitGbp, l.totalGbp, l.refundedQuantity]);
    if (chunk) yield chunk;
  }
}
