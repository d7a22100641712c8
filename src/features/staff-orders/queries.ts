// What the staff's order pages read: the store's orders that need someone (needs attention),
// an order lookup by number or customer name, and an order's customer and history. Always one
// store's orders: a lookup never reaches another store. Read from the writer: these are live.
import { sql, type Kysely } from 'kysely';
import type { DB, OrderRow } from '../../db/schema.js';
import { refundedQuantitiesOf } from '../../domain/order-refunds.js';
import { ATTENTION_STUCK_MS } from '../../domain/order-attention.js';

/** Enough for a counter; a longer list means something else is wrong. */
const LIST_LIMIT = 50;

export interface StaffOrderRow {
  id: string;
  number: number;
  state: OrderRow['state'];
  customer: string;
  totalPence: number;
  refundedPence: number;
  paidWith: OrderRow['paid_with'];
  paymentFailure: string | null;
  createdAt: Date;
  /** When the step it is waiting on started (check-in for a capture, placing for a hold). */
  since: Date;
}

function staffOrders(db: Kysely<DB>) {
  return db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.state',
      'orders.total_pence',
      'orders.refunded_pence',
      'orders.paid_with',
      'orders.payment_failure',
      'orders.created_at',
      'orders.checked_in_at',
      'orders.updated_at',
      'users.first_name',
      'users.last_name',
    ]);
}

type Selected = Awaited<ReturnType<ReturnType<typeof staffOrders>['execute']>>[number];

function toRow(r: Selected): StaffOrderRow {
  return {
    id: r.id,
    number: r.number,
    state: r.state,
    customer: `${r.first_name} ${r.last_name}`,
    totalPence: r.total_pence,
    refundedPence: r.refunded_pence,
    paidWith: r.paid_with,
    paymentFailure: r.payment_failure,
    createdAt: r.created_at,
    since: r.state === 'capturing' || r.state === 'needs_payment' ? (r.checked_in_at ?? r.updated_at) : r.created_at,
  };
}

/** `%` and `_` typed by staff are letters, not wildcards. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Orders at the store by number ("1042", "#1042") or by the customer's name; the latest when empty. */
export async function lookupOrders(db: Kysely<DB>, storeId: number, query: string): Promise<StaffOrderRow[]> {
  const q = query.trim();
  let select = staffOrders(db).where('orders.store_id', '=', storeId);
  const number = /^#?(\d{1,9})$/.exec(q);
  if (number) select = select.where('orders.number', '=', Number(number[1]));
  else if (q) {
    const pattern = likeText(q.slice(0, 100));
    // Bracketed: Kysely writes a raw condition as it is, and a bare OR would escape the store's condition
    // (another store's "Quentin" was found).
    select = select.where(sql<boolean>`((users.first_name || ' ' || users.last_name) ILIKE ${pattern} OR orders.customer_first_name ILIKE ${pattern})`);
  }
  return (await select.orderBy('orders.created_at', 'desc').orderBy('orders.number', 'desc').limit(LIST_LIMIT).execute()).map(toRow);
}

export interface SoldOutLine {
  order: StaffOrderRow;
  lineId: number;
  name: string;
  /** Not yet refunded. */
  quantity: number;
  /** The option that sold out ("Oat Milk"); null when the product itself did. */
  option: string | null;
}

interface PaidLineSoldOut {
  order_id: string;
  id: number;
  position: number;
  product_name: string;
  quantity: number;
  option: string | null;
}

/**
 * Paid lines the store can't make now: their product is switched off, or one of their chosen
 * options is (oat milk ran out after payment). A line with both is listed once, for its product.
 */
async function soldOutPaidLines(db: Kysely<DB>, storeId: number): Promise<PaidLineSoldOut[]> {
  const paidLines = () =>
    db
      .selectFrom('order_lines')
      .innerJoin('orders', 'orders.id', 'order_lines.order_id')
      .where('orders.store_id', '=', storeId)
      .where('orders.state', '=', 'paid');
  const [byProduct, byOption] = await Promise.all([
    paidLines()
      .innerJoin('store_products', (join) =>
        join.onRef('store_products.product_id', '=', 'order_lines.product_id').onRef('store_products.store_id', '=', 'orders.store_id'),
      )
      .select(['order_lines.order_id', 'order_lines.id', 'order_lines.position', 'order_lines.product_name', 'order_lines.quantity', 'orders.paid_at'])
      .where('store_products.available', '=', false)
      .orderBy('orders.paid_at')
      .limit(LIST_LIMIT)
      .execute(),
    // The line keeps its options as [{ slug, name, … }]: containment finds the switched-off ones.
    paidLines()
      .innerJoin('store_options', 'store_options.store_id', 'orders.store_id')
      .innerJoin('options', 'options.id', 'store_options.option_id')
      .select([
        'order_lines.order_id',
        'order_lines.id',
        'order_lines.position',
        'order_lines.product_name',
        'order_lines.quantity',
        'orders.paid_at',
        'options.name as option',
      ])
      .where('store_options.available', '=', false)
      .where(sql<boolean>`order_lines.options @> jsonb_build_array(jsonb_build_object('slug', options.slug))`)
      .orderBy('orders.paid_at')
      .limit(LIST_LIMIT)
      .execute(),
  ]);
  const lines: (PaidLineSoldOut & { paid_at: Date | null })[] = byProduct.map((l) => ({ ...l, option: null }));
  for (const line of byOption) if (!lines.some((l) => l.id === line.id)) lines.push(line);
  return lines
    .sort((a, b) => (a.paid_at?.getTime() ?? 0) - (b.paid_at?.getTime() ?? 0))
    .slice(0, LIST_LIMIT)
    .map(({ paid_at: _paidAt, ...line }) => line);
}

export interface Attention {
  needsPayment: StaffOrderRow[];
  /** Holds or captures with no answer for over ATTENTION_STUCK_MS. */
  stuck: StaffOrderRow[];
  /** Paid lines whose product or a chosen option has been switched off since: refund them, or offer something else. */
  soldOut: SoldOutLine[];
  /** Completed as uncollected at closing in the last day (reported). */
  uncollected: StaffOrderRow[];
}

export async function loadAttention(db: Kysely<DB>, storeId: number, now: Date): Promise<Attention> {
  const stuckBefore = new Date(now.getTime() - ATTENTION_STUCK_MS);
  const [needsPayment, stuck, soldOutLines, uncollected] = await Promise.all([
    staffOrders(db).where('orders.store_id', '=', storeId).where('orders.state', '=', 'needs_payment').orderBy('orders.updated_at').limit(LIST_LIMIT).execute(),
    staffOrders(db)
      .where('orders.store_id', '=', storeId)
      .where((eb) =>
        eb.or([
          // created_at is the database's own time; checked_in_at is the app's clock.
          eb.and([
            eb('orders.state', '=', 'authorising'),
            eb('orders.created_at', '<=', sql<Date>`now() - make_interval(secs => ${ATTENTION_STUCK_MS / 1000})`),
          ]),
          eb.and([eb('orders.state', '=', 'capturing'), eb('orders.checked_in_at', '<=', stuckBefore)]),
        ]),
      )
      .orderBy('orders.created_at')
      .limit(LIST_LIMIT)
      .execute(),
    soldOutPaidLines(db, storeId),
    staffOrders(db)
      .where('orders.store_id', '=', storeId)
      .where('orders.state', '=', 'completed')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('order_events')
            .select('order_events.id')
            .whereRef('order_events.order_id', '=', 'orders.id')
            .where('order_events.transition', '=', 'close_uncollected')
            .where('order_events.at', '>', new Date(now.getTime() - 86_400_000)),
        ),
      )
      .orderBy('orders.completed_at', 'desc')
      .limit(LIST_LIMIT)
      .execute(),
  ]);
  const soldOut: SoldOutLine[] = [];
  if (soldOutLines.length > 0) {
    const orderIds = [...new Set(soldOutLines.map((l) => l.order_id))];
    const [orders, refunds] = await Promise.all([
      staffOrders(db).where('orders.id', 'in', orderIds).execute(),
      db.selectFrom('refunds').select(['order_id', 'status', 'lines']).where('order_id', 'in', orderIds).execute(),
    ]);
    for (const line of soldOutLines) {
      const refunded = refundedQuantitiesOf(refunds.filter((r) => r.order_id === line.order_id))[line.position] ?? 0;
      const order = orders.find((o) => o.id === line.order_id);
      if (order && line.quantity > refunded)
        soldOut.push({ order: toRow(order), lineId: line.id, name: line.product_name, quantity: line.quantity - refunded, option: line.option });
    }
  }
  return { needsPayment: needsPayment.map(toRow), stuck: stuck.map(toRow), soldOut, uncollected: uncollected.map(toRow) };
}

/** Who made each event, in words staff read: "Sam (staff)", "the customer", "the system". */
export async function actorNames(db: Kysely<DB>, actors: readonly string[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      actors
        .map((a) => /^(?:staff|customer):(\d+)$/.exec(a)?.[1])
        .filter((id): id is string => id !== undefined)
        .map(Number),
    ),
  ];
  const users = ids.length > 0 ? await db.selectFrom('users').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute() : [];
  const names = new Map<string, string>();
  for (const actor of actors) {
    const [kind, id] = actor.split(':');
    const user = users.find((u) => String(u.id) === id);
    if (kind === 'staff') names.set(actor, user ? `${user.first_name} ${user.last_name[0] ?? ''}.`.trim() : 'staff');
    else if (kind === 'customer') names.set(actor, 'the customer');
    else if (actor === 'system') names.set(actor, 'automatically');
    else names.set(actor, 'the payment provider');
  }
  return names;
}
