// Reading stores with their opening hours. Every part of the app reads stores (menus, baskets,
// orders, staff pages, the outbox's messages), so this sits below the features; the Store type
// and its open/paused rules are in src/domain/store.ts.
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import { NotFoundError } from '../domain/errors.js';
import type { Store } from '../domain/store.js';
import { isSlug } from '../domain/slug.js';

async function loadStores(db: Kysely<DB>, slug?: string): Promise<Store[]> {
  let query = db.selectFrom('stores').selectAll().orderBy('name');
  if (slug !== undefined) query = query.where('slug', '=', slug);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const hours = await db
    .selectFrom('store_hours')
    .selectAll()
    .where('store_id', 'in', rows.map((r) => r.id))
    .orderBy('iso_day')
    .execute();
  return rows.map((r) => ({
    id: r.id, slug: r.slug, name: r.name, addressLine1: r.address_line1, addressLine2: r.address_line2,
    town: r.town, postcode: r.postcode, phone: r.phone, timezone: r.timezone, paused: r.paused,
    pausedUntil: r.paused_until,
    hours: hours.filter((h) => h.store_id === r.id).map((h) => ({ isoDay: h.iso_day, opens: h.opens, closes: h.closes })),
  }));
}

export function listStores(db: Kysely<DB>): Promise<Store[]> {
  return loadStores(db);
}

export async function findStore(db: Kysely<DB>, slug: string): Promise<Store | undefined> {
  if (!isSlug(slug)) return undefined;
  return (await loadStores(db, slug))[0];
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
