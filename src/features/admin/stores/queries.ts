// Reading stores for the admin pages (all fields, hours included).
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { NotFoundError } from '../../../domain/errors.js';
import { shortTime } from '../../../domain/opening-hours.js';
import type { StoreInput } from './form.js';

export interface AdminStore extends StoreInput {
  id: number;
  paused: boolean;
}

export async function listAdminStores(db: Kysely<DB>): Promise<AdminStore[]> {
  const rows = await db.selectFrom('stores').selectAll().orderBy('name').execute();
  const hours = rows.length === 0 ? [] : await db.selectFrom('store_hours').selectAll()
    .where('store_id', 'in', rows.map((r) => r.id)).orderBy('iso_day').execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, slug: r.slug, addressLine1: r.address_line1, addressLine2: r.address_line2,
    town: r.town, postcode: r.postcode, phone: r.phone, timezone: r.timezone, paused: r.paused,
    hours: hours.filter((h) => h.store_id === r.id)
      .map((h) => ({ isoDay: h.iso_day, opens: shortTime(h.opens), closes: shortTime(h.closes) })),
  }));
}

export async function getAdminStore(db: Kysely<DB>, id: number): Promise<AdminStore> {
  const store = (await listAdminStores(db)).find((s) => s.id === id);
  if (!store) throw new NotFoundError('Store');
  return store;
}

/** Id and name of every store, for pickers. */
export function storeChoices(db: Kysely<DB>) {
  return db.selectFrom('stores').select(['id', 'slug', 'name', 'timezone']).orderBy('name').execute();
}
