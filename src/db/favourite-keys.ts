// Which drinks a customer keeps as favourites, as favourite keys (domain/favourite-key.ts): read by
// the pages that show a favourite star (the product page, an order's lines) to show "Saved as a
// favourite" instead of offering to save it again. Below the features: the menu and orders
// features read it, and the favourites feature imports both.
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import { favouriteKey } from '../domain/favourite-key.js';

/** The customer's favourites as keys; only those of the given products when named. */
export async function favouriteKeys(db: Kysely<DB>, userId: number, products?: readonly string[]): Promise<Set<string>> {
  if (products?.length === 0) return new Set();
  let query = db
    .selectFrom('favourites as f')
    .innerJoin('products as p', 'p.id', 'f.product_id')
    .select(['p.slug', 'f.option_ids'])
    .where('f.user_id', '=', userId);
  if (products) query = query.where('p.slug', 'in', [...products]);
  const rows = await query.execute();
  const ids = [...new Set(rows.flatMap((row) => row.option_ids))];
  const options =
    ids.length === 0
      ? []
      : await db
          .selectFrom('options as o')
          .innerJoin('option_groups as g', 'g.id', 'o.group_id')
          .select(['o.id', 'o.slug', 'g.slug as group'])
          .where('o.id', 'in', ids)
          .execute();
  const byId = new Map(options.map((o) => [o.id, o]));
  return new Set(
    rows.map((row) =>
      favouriteKey(
        row.slug,
        row.option_ids.flatMap((id) => byId.get(id) ?? []),
      ),
    ),
  );
}
