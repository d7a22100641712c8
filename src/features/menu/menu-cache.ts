// A per-instance cache of each store's menu, checked against the database's
// catalogue version on every read (one tiny query instead of three large ones).
// Any change to products, options, recipes or availability bumps the version
// (triggers, migration 007), so a cached menu is never served after a change
// the reader can see.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { MenuProduct } from '../../domain/customisation.js';
import { loadMenuProducts } from './queries.js';

interface Entry {
  version: number;
  products: Promise<MenuProduct[]>;
}

export class MenuCache {
  private readonly entries = new Map<number, Entry>();

  async storeMenu(db: Kysely<DB>, storeId: number): Promise<MenuProduct[]> {
    const row = await db.selectFrom('catalogue_version').select('version').executeTakeFirst();
    const version = row?.version ?? 0;
    const cached = this.entries.get(storeId);
    if (cached && cached.version === version) return cached.products;
    const products = loadMenuProducts(db, storeId);
    this.entries.set(storeId, { version, products });
    // Not swallowed: the caller awaits `products` and gets the error; this only drops the failed entry.
    products.catch(() => this.entries.delete(storeId));
    return products;
  }
}
