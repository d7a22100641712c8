// What an ETA at a store needs from the database (decision 303): the work ahead (charged orders
// not yet on the counter, and scheduled ones from their moment), the drinks already due in each
// slot, and an order's drinks and longest preparation time. Menus, checkout, order pages and the
// scheduler all read it, so it sits below the features; the rules are in src/domain/order-eta.ts
// and src/domain/pickup-slots.ts.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';
import type { KitchenWork } from '../domain/order-eta.js';
import { orderEtaMs } from '../domain/order-eta.js';
import type { SlotBooking } from '../domain/pickup-slots.js';
import { busyNow, type Store } from '../domain/store.js';

export interface StoreQueue {
  /** Orders ahead, from their moment: charged (made or not, within the lookback), or scheduled. */
  work: KitchenWork[];
  /** Drinks due to be ready in each slot (charged and not long ago, or scheduled). */
  bookings: SlotBooking[];
}

/**
 * How far back orders already made still count. They shaped when the orders after them started
 * (first come, first served at the store's capacity), so the stream is laid out from them too:
 * leaving them out would start the rest of a backlog too early and promise too soon.
 */
const LOOKBACK_MS = 90 * 60_000;

/** The store's queue as the ETA rules see it. `exceptOrderId` leaves an order out (its own ETA). */
export async function loadStoreQueue(db: Kysely<DB>, storeId: number, now: Date, exceptOrderId?: string): Promise<StoreQueue> {
  let query = db
    .selectFrom('orders')
    .select(['id', 'state', 'drinks', 'paid_at', 'checked_in_at', 'making_starts_at', 'due_at', 'pickup_slot', 'ready_estimate_at'])
    .where('store_id', '=', storeId)
    .where('drinks', '>', 0)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['capturing', 'paid']),
        eb.and([eb('state', '=', 'authorised'), eb('making_starts_at', 'is not', null)]),
        eb.and([eb('state', 'in', ['ready', 'completed']), eb('paid_at', '>=', new Date(now.getTime() - LOOKBACK_MS))]),
      ]),
    );
  if (exceptOrderId) query = query.where('id', '<>', exceptOrderId);
  const rows = await query.execute();
  const work: KitchenWork[] = [];
  const bookings: SlotBooking[] = [];
  for (const row of rows) {
    const startsAt = row.state === 'authorised' ? row.making_starts_at! : (row.paid_at ?? row.checked_in_at ?? now);
    work.push({ startsAt, drinks: row.drinks });
    bookings.push({ readyAt: row.pickup_slot ?? row.due_at ?? row.ready_estimate_at ?? startsAt, drinks: row.drinks });
  }
  return { work, bookings };
}

/** What an order of these lines takes at the store: drinks (food not counted) and its longest preparation. */
export interface OrderLoad {
  drinks: number;
  prepSeconds: number;
}

export async function orderLoad(db: Kysely<DB>, storeId: number, lines: readonly { productId: number; quantity: number }[]): Promise<OrderLoad> {
  if (lines.length === 0) return { drinks: 0, prepSeconds: 0 };
  const rows = await db
    .selectFrom('products')
    .innerJoin('categories', 'categories.id', 'products.category_id')
    .leftJoin('store_category_prep', (join) =>
      join.onRef('store_category_prep.category_id', '=', 'categories.id').on('store_category_prep.store_id', '=', storeId),
    )
    .select(['products.id', 'categories.is_drink', sql<number>`coalesce(store_category_prep.prep_seconds, categories.prep_seconds)`.as('prep_seconds')])
    .where(
      'products.id',
      'in',
      lines.map((l) => l.productId),
    )
    .execute();
  let drinks = 0;
  let prepSeconds = 0;
  for (const line of lines) {
    const row = rows.find((r) => r.id === line.productId);
    if (!row) continue;
    if (row.is_drink) drinks += line.quantity;
    prepSeconds = Math.max(prepSeconds, Number(row.prep_seconds));
  }
  return { drinks: Math.min(1000, drinks), prepSeconds: Math.min(3600, prepSeconds) };
}

/** ETA(order) at the store if making started at `at`, from the queue as it is. */
export function etaAt(store: Store, queue: StoreQueue, at: Date, load: OrderLoad): number {
  return orderEtaMs({
    work: queue.work,
    drinksPerSlot: store.drinksPerSlot,
    busy: busyNow(store, at),
    at,
    drinks: load.drinks,
    prepMs: load.prepSeconds * 1000,
  });
}

/** One drink of the store's first drink category (the menu's "a coffee now"), when no basket says more. */
export async function oneDrinkLoad(db: Kysely<DB>, storeId: number): Promise<OrderLoad> {
  const row = await db
    .selectFrom('categories')
    .leftJoin('store_category_prep', (join) =>
      join.onRef('store_category_prep.category_id', '=', 'categories.id').on('store_category_prep.store_id', '=', storeId),
    )
    .select(sql<number>`coalesce(store_category_prep.prep_seconds, categories.prep_seconds)`.as('prep_seconds'))
    .where('categories.is_drink', '=', true)
    .orderBy('categories.position')
    .orderBy('categories.id')
    .executeTakeFirst();
  return { drinks: 1, prepSeconds: row ? Number(row.prep_seconds) : 0 };
}

/** What a customer is told at a store now: how long an order would take if made now. */
export interface StoreEta {
  etaMs: number;
  readyAt: Date;
  /** Busy mode's extra minutes and resume time, while it is on. */
  busy: { extraMinutes: number; until: Date | null } | null;
}

export async function storeEtaNow(db: Kysely<DB>, store: Store, now: Date, load?: OrderLoad): Promise<StoreEta> {
  const queue = await loadStoreQueue(db, store.id, now);
  const etaMs = etaAt(store, queue, now, load ?? (await oneDrinkLoad(db, store.id)));
  return { etaMs, readyAt: new Date(now.getTime() + etaMs), busy: busyNow(store, now) };
}
