// Reads a store's menu: products with their recipe groups and options, each
// marked with its availability at that store.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { MenuGroup, MenuOption, MenuProduct } from '../../domain/customisation.js';
import { normaliseAllergens } from '../../domain/allergens.js';

export interface MenuCategory {
  slug: string;
  name: string;
  description: string;
}

export async function listCategories(db: Kysely<DB>): Promise<MenuCategory[]> {
  return db.selectFrom('categories').select(['slug', 'name', 'description']).orderBy('position').orderBy('id').execute();
}

interface Filter {
  productIds?: readonly number[];
  productSlugs?: readonly string[];
}

/** Products at a store, in menu order. Pass a filter to load only some. */
export async function loadMenuProducts(db: Kysely<DB>, storeId: number, filter: Filter = {}): Promise<MenuProduct[]> {
  if (filter.productIds?.length === 0 || filter.productSlugs?.length === 0) return [];
  let query = db
    .selectFrom('products as p')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .leftJoin('store_products as sp', (join) => join.onRef('sp.product_id', '=', 'p.id').on('sp.store_id', '=', storeId))
    .select(['p.id', 'p.slug', 'p.name', 'p.description', 'p.price_pence', 'p.image_url', 'p.allergens', 'c.slug as category_slug', 'sp.available'])
    .orderBy('c.position')
    .orderBy('c.id')
    .orderBy('p.position')
    .orderBy('p.id');
  if (filter.productIds) query = query.where('p.id', 'in', filter.productIds);
  if (filter.productSlugs) query = query.where('p.slug', 'in', filter.productSlugs);
  const products = await query.execute();
  if (products.length === 0) return [];

  const recipeRows = await db
    .selectFrom('product_option_groups as pog')
    .innerJoin('option_groups as g', 'g.id', 'pog.group_id')
    .select(['pog.product_id', 'g.id', 'g.slug', 'g.name', 'g.selection', 'g.required', 'g.max_choices'])
    .where(
      'pog.product_id',
      'in',
      products.map((p) => p.id),
    )
    .orderBy('pog.position')
    .orderBy('g.position')
    .orderBy('g.id')
    .execute();

  const groupIds = [...new Set(recipeRows.map((r) => r.id))];
  const optionRows =
    groupIds.length === 0
      ? []
      : await db
          .selectFrom('options as o')
          .leftJoin('store_options as so', (join) => join.onRef('so.option_id', '=', 'o.id').on('so.store_id', '=', storeId))
          .select(['o.id', 'o.group_id', 'o.slug', 'o.name', 'o.price_delta_pence', 'o.is_default', 'o.allergens', 'so.available'])
          .where('o.group_id', 'in', groupIds)
          .orderBy('o.position')
          .orderBy('o.id')
          .execute();

  const optionsByGroup = new Map<number, MenuOption[]>();
  for (const o of optionRows) {
    const list = optionsByGroup.get(o.group_id) ?? [];
    list.push({
      id: o.id,
      slug: o.slug,
      name: o.name,
      priceDeltaPence: o.price_delta_pence,
      isDefault: o.is_default,
      available: o.available ?? false,
      allergens: normaliseAllergens(o.allergens),
    });
    optionsByGroup.set(o.group_id, list);
  }
  const groupsByProduct = new Map<number, MenuGroup[]>();
  for (const r of recipeRows) {
    const list = groupsByProduct.get(r.product_id) ?? [];
    list.push({
      id: r.id,
      slug: r.slug,
      name: r.name,
      selection: r.selection,
      required: r.required,
      maxChoices: r.max_choices,
      options: optionsByGroup.get(r.id) ?? [],
    });
    groupsByProduct.set(r.product_id, list);
  }

  return products.map((p) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    pricePence: p.price_pence,
    imageUrl: p.image_url,
    categorySlug: p.category_slug,
    switchedOn: p.available ?? false,
    allergens: normaliseAllergens(p.allergens),
    groups: groupsByProduct.get(p.id) ?? [],
  }));
}
