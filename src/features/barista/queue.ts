// What the counter needs to see: a store's paid orders (to make), oldest check-in first, its
// ready orders (waiting to be collected), the last orders bumped (to recall, or to undo a
// "Collected" within 60 s), the all-day counts and the store's timer thresholds. Read from
// the writer: a ticket must appear the moment its payment commits.
import type { Kysely } from 'kysely';
import type { DB, OrderLineOption } from '../../db/schema.js';
import { canUndoCollect, type OrderState } from '../../domain/order-lifecycle.js';
import { allDayCounts, type AllDayCount } from '../../domain/all-day-counts.js';

export interface TicketLine {
  /** The line's position on the order (what a line bump names). */
  position: number;
  name: string;
  quantity: number;
  options: string[];
  bumped: boolean;
}

/** When a scheduled order is due: the customer's arrival estimate ("on my way") or their pickup slot. */
export interface TicketDue {
  kind: 'on_my_way' | 'pickup';
  at: Date;
}

export interface Ticket {
  id: string;
  number: number;
  state: 'paid' | 'ready' | 'completed';
  /** "First L." — all the counter needs to call out. */
  customer: string;
  /** The customer's note to the barista (an allergy, say): shown so it can't be missed. */
  note: string | null;
  /** When making started (check-in, or a scheduled order's moment): the age timer counts from here. */
  waitingSince: Date;
  readyAt: Date | null;
  completedAt: Date | null;
  due: TicketDue | null;
  lines: TicketLine[];
}

export interface Queue {
  making: Ticket[];
  ready: Ticket[];
  /** The last orders bumped, newest first: ready ones can be recalled, ones collected under a minute ago undone. */
  recent: Ticket[];
  allDay: AllDayCount[];
  thresholds: { amberMinutes: number; redMinutes: number };
}

/** Enough for any counter; a column this long means something else is wrong. */
const COLUMN_LIMIT = 100;
/** How many bumped orders the recall list keeps. */
export const RECALL_LIMIT = 10;

export function customerName(first: string, lastInitial: string): string {
  return lastInitial ? `${first} ${lastInitial}.` : first;
}

function optionNames(options: readonly OrderLineOption[]): string[] {
  // "Milk: Oat" — an option name alone ("Double") is ambiguous at a busy counter.
  return options.map((o) => (o.groupName ? `${o.groupName}: ${o.name}` : o.name));
}

const COLUMNS = [
  'id',
  'number',
  'state',
  'customer_first_name',
  'customer_last_initial',
  'customer_note',
  'checked_in_at',
  'paid_at',
  'ready_at',
  'completed_at',
  'created_at',
  'trigger_kind',
  'due_at',
  'pickup_slot',
] as const;

type Column = 'making' | 'ready' | 'recent';

async function tickets(db: Kysely<DB>, storeId: number, column: Column): Promise<Ticket[]> {
  let query = db.selectFrom('orders').select(COLUMNS).where('store_id', '=', storeId);
  // To make: whoever checked in first is served first. Ready: in the order they were called.
  // Recent: the last bumped, still on the counter or collected since.
  if (column === 'making') query = query.where('state', '=', 'paid').orderBy('checked_in_at').orderBy('paid_at').orderBy('number').limit(COLUMN_LIMIT);
  if (column === 'ready') query = query.where('state', '=', 'ready').orderBy('ready_at').orderBy('number').limit(COLUMN_LIMIT);
  if (column === 'recent') {
    query = query
      .where('state', 'in', ['ready', 'completed'] satisfies OrderState[])
      .where('ready_at', 'is not', null)
      .orderBy('ready_at', 'desc')
      .orderBy('number', 'desc')
      .limit(RECALL_LIMIT);
  }
  const orders = await query.execute();
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const lines = await db
    .selectFrom('order_lines as l')
    .leftJoin('order_line_bumps as b', (join) => join.onRef('b.order_id', '=', 'l.order_id').onRef('b.position', '=', 'l.position'))
    .select(['l.order_id', 'l.position', 'l.product_name', 'l.quantity', 'l.options', 'b.bumped_at'])
    .where('l.order_id', 'in', ids)
    .orderBy('l.order_id')
    .orderBy('l.position')
    .execute();
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    state: o.state as Ticket['state'],
    customer: customerName(o.customer_first_name, o.customer_last_initial),
    note: o.customer_note,
    waitingSince: o.checked_in_at ?? o.paid_at ?? o.created_at,
    readyAt: o.ready_at,
    completedAt: o.completed_at,
    due:
      o.trigger_kind === 'on_my_way' && o.due_at
        ? { kind: 'on_my_way', at: o.due_at }
        : o.trigger_kind === 'pickup' && o.pickup_slot
          ? { kind: 'pickup', at: o.pickup_slot }
          : null,
    lines: lines
      .filter((l) => l.order_id === o.id)
      .map((l) => ({ position: l.position, name: l.product_name, quantity: l.quantity, options: optionNames(l.options), bumped: l.bumped_at !== null })),
  }));
}

export async function loadQueue(db: Kysely<DB>, storeId: number): Promise<Queue> {
  const [making, ready, recent, store] = await Promise.all([
    tickets(db, storeId, 'making'),
    tickets(db, storeId, 'ready'),
    tickets(db, storeId, 'recent'),
    db.selectFrom('stores').select(['queue_amber_minutes', 'queue_red_minutes']).where('id', '=', storeId).executeTakeFirstOrThrow(),
  ]);
  return {
    making,
    ready,
    recent,
    allDay: allDayCounts(making.flatMap((t) => t.lines)),
    thresholds: { amberMinutes: store.queue_amber_minutes, redMinutes: store.queue_red_minutes },
  };
}

/** A collected order the counter may still put back (the undo's 60 s, on the server's clock). */
export function undoable(ticket: Ticket, now: Date): boolean {
  return ticket.state === 'completed' && ticket.completedAt !== null && canUndoCollect(ticket.completedAt, now);
}
