// What the staff app's frame needs on a /staff page: the stores this person works at (for the
// store switcher) and the store and tab the page is about. Customer chrome (basket, store
// chooser) is never shown there. Navigation only: every route checks its own permission.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { listStores } from '../db/stores.js';
import { storesWhere } from '../domain/permissions.js';
import type { CurrentUser } from './current-user.js';

export interface StaffStore {
  id: number;
  slug: string;
  name: string;
}

export interface StaffContext {
  /** Where this person may open the queue, in name order (every store for an admin). */
  stores: StaffStore[];
  /** The store in the URL, when it is one of theirs. */
  current: StaffStore | null;
  /** The page's tab: the path segment after the store ("queue", "hours", …). */
  tab: string | null;
  /** Tabs whose pages this app has (others' pages appear in the nav once they exist). */
  builtTabs: string[];
}

const STAFF_PATH = /^\/staff(?:\/([a-z0-9-]{1,60})(?:\/([a-z-]{1,40}))?)?(?:[/?#]|$)/;

/** Whether a URL is in the back office (the admin pages). */
export function isBackOfficePath(path: string): boolean {
  return /^\/admin(?:[/?#]|$)/.test(path);
}

/** Whether a URL is in the staff app. */
export function isStaffPath(path: string): boolean {
  return STAFF_PATH.test(path);
}

export async function staffContext(db: Kysely<DB>, user: CurrentUser | null, path: string, hasPage: (tab: string) => boolean): Promise<StaffContext | null> {
  const match = STAFF_PATH.exec(path);
  if (!match || !user) return null;
  const where = storesWhere(user, 'queue.view');
  let stores: StaffStore[];
  if (where === 'all') {
    stores = (await listStores(db)).map((s) => ({ id: s.id, slug: s.slug, name: s.name }));
  } else {
    const seen = new Map<number, StaffStore>();
    for (const g of user.grants) {
      if (g.storeId !== null && g.storeSlug && where.includes(g.storeId))
        seen.set(g.storeId, { id: g.storeId, slug: g.storeSlug, name: g.storeName ?? g.storeSlug });
    }
    stores = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  const slug = match[1] ?? null;
  const builtTabs = ['attention', 'orders'].filter(hasPage);
  return { stores, current: stores.find((s) => s.slug === slug) ?? null, tab: match[2] ?? null, builtTabs };
}

/** "Alpaca Cafe Colchester" → "Colchester": the chain's name is on every page already. */
export function shortStoreName(name: string): string {
  return name.replace(/^Alpaca Cafe /, '');
}
