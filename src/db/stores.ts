// Reading stores with their opening hours. Every part of the app reads stores (menus, baskets,
// orders, staff pages, the outbox's messages), so this sits below the features; the Store type
// and its open/paused rules are in src/domain/store.ts.
import { sql, type Kysely } from 'kysely';
import type { DB, StoreRow } from './schema.js';
import { NotFoundError } from '../domain/errors.js';
import type { Store } from '../domain/store.js';
import type { OpeningHours } from '../domain/opening-hours.js';
import type { SpecialDay } from '../domain/special-days.js';
import { isSlug } from '../domain/slug.js';

/** The one mapping of a stores row (and its hours) to the Store model. */
export function toStore(row: StoreRow, hours: readonly OpeningHours[], specialDays: readonly SpecialDay[] = []): Store {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    town: row.town,
    postcode: row.postcode,
    phone: row.phone,
    timezone: row.timezone,
    paused: row.paused,
    pausedUntil: row.paused_until,
    hours: [...hours],
    specialDays: [...specialDays],
    drinksPerSlot: row.drinks_per_slot,
    busyExtra: row.busy_extra_minutes === null ? null : { extraMinutes: row.busy_extra_minutes, until: row.busy_until },
  };
}

async function loadStores(db: Kysely<DB>, filter?: { slug: string } | { ids: number[] }): Promise<Store[]> {
  let query = db.selectFrom('stores').selectAll().orderBy('name');
  if (filter && 'slug' in filter) query = query.where('slug', '=', filter.slug);
  if (filter && 'ids' in filter) query = query.where('id', 'in', filter.ids);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const hours = await db
    .selectFrom('store_hours')
    .selectAll()
    .where(
      'store_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('iso_day')
    .execute();
  const special = await loadSpecialDays(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    toStore(
      r,
      hours.filter((h) => h.store_id === r.id).map((h) => ({ isoDay: h.iso_day, opens: h.opens, closes: h.closes })),
      special.filter((d) => d.storeId === r.id),
    ),
  );
}

/**
 * A store's holiday hours and closures (decision 420), past ones too: which are over is a question
 * for the app's clock (tests and the demo move it), not the database's date. A store adds a few a
 * year, so the list stays short.
 */
export async function loadSpecialDays(db: Kysely<DB>, storeIds: readonly number[]): Promise<(SpecialDay & { id: number; storeId: number })[]> {
  if (storeIds.length === 0) return [];
  const rows = await db
    .selectFrom('store_special_days')
    .select(['id', 'store_id', 'opens', 'closes', 'reason', sql<string>`first_date::text`.as('first_date'), sql<string>`last_date::text`.as('last_date')])
    .where('store_id', 'in', [...storeIds])
    .orderBy('first_date')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    firstDate: r.first_date,
    lastDate: r.last_date,
    opens: r.opens?.slice(0, 5) ?? null,
    closes: r.closes?.slice(0, 5) ?? null,
    reason: r.reason,
  }));
}

/** Stores by id, with their hours (e.g. the stores of a list of orders). */
export async function storesByIds(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, Store>> {
  if (ids.length === 0) return new Map();
  return new Map((await loadStores(db, { ids: [...new Set(ids)] })).map((s) => [s.id, s]));
}

export function listStores(db: Kysely<DB>): Promise<Store[]> {
  return loadStores(db);
}

export async function findStore(db: Kysely<DB>, slug: string): Promise<Store | undefined> {
  if (!isSlug(slug)) return undefined;
  return (await loadStores(db, { slug }))[0];
}

export async function getStore(db: Kysely<DB>, slug: string): Promise<Store> {
  const store = await findStore(db, slug);
  if (!store) throw new NotFoundError('Store');
  return store;
}

export async function getStoreById(db: Kysely<DB>, id: number): Promise<Store | undefined> {
  const row = await db.selectFrom('stores').select('slug').where('id', '=', id).executeTakeFirst();
  return row ? findStore(db, row.slug) : undefined;
}
