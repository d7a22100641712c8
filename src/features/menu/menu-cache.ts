// Each store's menu, read once per catalogue version and kept, with whatever is built from it
// (the API's compressed JSON, the page's rendered sections: `derive`), so a menu request needs no
// database at all (decision 602).
//
// Any change to the catalogue, availability or the stores bumps `catalogue_version` (triggers,
// migrations 007 and 600) and announces the new version on the live channel, so every instance
// knows at once which version is current:
// - a snapshot is served only while its version is the newest this instance knows of;
// - what is known is confirmed with the writer (or a caught-up replica, decision 800) before it is
//   trusted: at the start, after a LISTEN reconnect (notifications may have been missed) and after
//   this instance's own writes (their notification can arrive after the answer to the write);
// - a snapshot is read in one repeatable-read transaction, version and menu together, from the
//   reader pool; when that replica has not yet replayed the newest known version, the read is
//   done again on the writer: what a lagging replica says is never kept.
// A stale menu is therefore served for no longer than a notification takes to arrive; while the
// instance cannot LISTEN (database away), every request confirms the version first, as before.
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { getStore } from '../../db/stores.js';
import { read } from '../../db/unit-of-work.js';
import { oneDrinkLoad, type OrderLoad } from '../../db/store-eta.js';
import type { MenuProduct } from '../../domain/customisation.js';
import type { Store } from '../../domain/store.js';
import { listCategories, loadMenuProducts, type MenuCategory } from './queries.js';

export interface MenuSnapshot {
  version: number;
  store: Store;
  categories: MenuCategory[];
  products: MenuProduct[];
  /** "A drink now" for the menu's ETA: the first drink category's preparation time at this store. */
  oneDrink: OrderLoad;
}

interface Entry {
  snapshot: MenuSnapshot;
  derived: Map<string, Promise<unknown>>;
}

async function readVersion(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('catalogue_version').select('version').executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** One consistent read: the version and the menu it describes, from the same snapshot. */
function readSnapshot(db: Kysely<DB>, slug: string): Promise<MenuSnapshot> {
  return read(
    db,
    async (trx) => {
      // Every statement below sees the same snapshot (the first statement of the transaction).
      await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(trx);
      const version = await readVersion(trx);
      const store = await getStore(trx, slug);
      const categories = await listCategories(trx);
      const products = await loadMenuProducts(trx, store.id);
      const oneDrink = await oneDrinkLoad(trx, store.id);
      return { version, store, categories, products, oneDrink };
    },
    { transaction: true },
  );
}

export class MenuCache {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** The newest catalogue version this instance knows exists. */
  private latest = 0;
  /** `latest` was read from the database while LISTENing, and nothing may have been missed since. */
  private confirmed = false;
  /** Bumped whenever something may have been missed; a confirmation started before it does not count. */
  private generation = 0;
  private listening = false;
  private watching: Promise<void> | null = null;
  /** After a failed LISTEN, when to try again (the database is away: not on every request). */
  private watchAgainAt = 0;
  private confirming: Promise<void> | null = null;

  constructor(private readonly deps: AppDeps) {}

  /** The store's menu at the newest known catalogue version (NotFoundError for an unknown store). */
  async snapshot(slug: string): Promise<MenuSnapshot> {
    return (await this.entry(slug)).snapshot;
  }

  /**
   * Something built from a snapshot (`make` runs once per snapshot and `key`), kept as long as the
   * snapshot is. `key` names what is built, so two callers with the same key must build the same.
   */
  async derive<T>(slug: string, key: string, make: (snapshot: MenuSnapshot) => Promise<T> | T): Promise<{ snapshot: MenuSnapshot; value: T }> {
    const entry = await this.entry(slug);
    let value = entry.derived.get(key) as Promise<T> | undefined;
    if (!value) {
      value = Promise.resolve().then(() => make(entry.snapshot));
      entry.derived.set(key, value);
      value.catch(() => entry.derived.delete(key)); // the caller gets the error; the next one tries again
    }
    return { snapshot: entry.snapshot, value: await value };
  }

  private async entry(slug: string): Promise<Entry> {
    this.watch();
    if (!this.confirmed) await this.confirm();
    for (;;) {
      const cached = this.entries.get(slug);
      if (!cached) return this.rebuild(slug);
      const entry = await cached.catch(() => null);
      if (entry && entry.snapshot.version >= this.latest) return entry;
      // Superseded while we waited (another request started a rebuild): take that one.
      if (this.entries.get(slug) !== cached) continue;
      return this.rebuild(slug);
    }
  }

  private rebuild(slug: string): Promise<Entry> {
    const wanted = this.latest;
    const building = (async () => {
      let snapshot = await readSnapshot(this.deps.db.reader, slug);
      // A replica that has not replayed the newest version: read the writer (or a caught-up replica).
      if (snapshot.version < wanted) snapshot = await readSnapshot(this.deps.db.pageReads, slug);
      this.latest = Math.max(this.latest, snapshot.version);
      return { snapshot, derived: new Map() };
    })();
    this.entries.set(slug, building);
    // Not swallowed: the caller awaits `building` and gets the error; this only drops the failed entry.
    building.catch(() => {
      if (this.entries.get(slug) === building) this.entries.delete(slug);
    });
    return building;
  }

  /** Reads the current version from the writer (or a caught-up replica); trusted if nothing was missed meanwhile. */
  private confirm(): Promise<void> {
    this.confirming ??= (async () => {
      const generation = this.generation;
      const listening = this.listening;
      try {
        this.latest = Math.max(this.latest, await readVersion(this.deps.db.pageReads));
        this.confirmed = listening && generation === this.generation;
      } finally {
        this.confirming = null;
      }
    })();
    return this.confirming;
  }

  /** Something may have been missed: confirm the version at the next request. */
  private unconfirm(): void {
    this.generation++;
    this.confirmed = false;
  }

  /** Starts watching the catalogue signal once; a failed start is tried again at a later request. */
  private watch(): void {
    if (this.watching || this.listening || Date.now() < this.watchAgainAt) return;
    this.watching = this.deps.live
      .watchSignal(
        'catalogue',
        (version) => {
          this.latest = Math.max(this.latest, version);
        },
        () => this.unconfirm(),
      )
      .then(
        () => {
          this.listening = true;
          this.unconfirm(); // what was read before LISTEN may already be old
        },
        () => {
          // Until LISTEN works, every request confirms the version (see the top); the hub logs why.
          this.watchAgainAt = Date.now() + 1000;
        },
      )
      .finally(() => {
        this.watching = null;
      });
  }
}
