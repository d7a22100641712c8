// Reading stores for the admin pages (all fields, hours included).
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { NotFoundError } from '../../../domain/errors.js';
import { shortTime } from '../../../domain/opening-hours.js';
import type { StoreInput } from './form.js';
import { listStores } from '../../../db/stores.js';
import type { Store } from '../../../domain/store.js';

export interface AdminStore extends StoreInput {
  id: number;
  paused: boolean;
}

/** The Store model (src/db/stores.ts maps the rows) as the admin form shows it: hours as HH:MM. */
function toAdminStore(store: Store): AdminStore {
  return {
    id: store.id,
    name: store.name,
    slug: store.slug,
    addressLine1: store.addressLine1,
    addressLine2: store.addressLine2,
    town: store.town,
    postcode: store.postcode,
    phone: store.phone,
    timezone: store.timezone,
    paused: store.paused,
    hours: store.hours.map((h) => ({ isoDay: h.isoDay, opens: shortTime(h.opens), closes: shortTime(h.closes) })),
  };
}

export async function listAdminStores(db: Kysely<DB>): Promise<AdminStore[]> {
  return (await listStores(db)).map(toAdminStore);
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
