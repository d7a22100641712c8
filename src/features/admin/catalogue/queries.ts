// Catalogue reads for the admin pages: categories, products with their recipe
// groups, option groups with their options.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { NotFoundError } from '../../../domain/errors.js';

export interface AdminCategory {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
  productCount: number;
}

export interface AdminProduct {
  id: number;
  slug: string;
  name: string;
  description: string;
  pricePence: number;
  categoryId: number;
  categoryName: string;
  imageUrl: string | null;
  groupIds: number[];
  /** UK allergens the product has whatever is chosen (decision 330); options bring their own. */
  allergens: string[];
}

export interface AdminOption {
  id: number;
  groupId: number;
  slug: string;
  name: string;
  priceDeltaPence: number;
  isDefault: boolean;
  position: number;
  allergens: string[];
}

export interface AdminOptionGroup {
  id: number;
  slug: string;
  name: string;
  selection: 'single' | 'multi';
  required: boolean;
  maxChoices: number;
  options: AdminOption[];
}

export async function listCategoriesAdmin(db: Kysely<DB>): Promise<AdminCategory[]> {
  const rows = await db
    .selectFrom('categories as c')
    .leftJoin('products as p', 'p.category_id', 'c.id')
    .select(['c.id', 'c.slug', 'c.name', 'c.description', 'c.position', (eb) => eb.fn.count<number>('p.id').as('n')])
    .groupBy(['c.id', 'c.slug', 'c.name', 'c.description', 'c.position'])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, description: r.description, position: r.position, productCount: r.n }));
}

export async function getCategory(db: Kysely<DB>, id: number): Promise<AdminCategory> {
  const category = (await listCategoriesAdmin(db)).find((c) => c.id === id);
  if (!category) throw new NotFoundError('Category');
  return category;
}

export async function listProductsAdmin(db: Kysely<DB>, filter: { id?: number } = {}): Promise<AdminProduct[]> {
  let query = db
    .selectFrom('products as p')
    .innerJoin('categories as c', 'c.id', 'p.category_id')
    .select(['p.id', 'p.slug', 'p.name', 'p.description', 'p.price_pence', 'p.category_id', 'c.name as category_name', 'p.image_url', 'p.allergens'])
    .orderBy('c.position')
    .orderBy('c.id')
    .orderBy('p.position')
    .orderBy('p.id');
  if (filter.id !== undefined) query = query.where('p.id', '=', filter.id);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const recipes = await db
    .selectFrom('product_option_groups')
    .select(['product_id', 'group_id'])
    .where(
      'product_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    pricePence: r.price_pence,
    categoryId: r.category_id,
    categoryName: r.category_name,
    imageUrl: r.image_url,
    groupIds: recipes.filter((x) => x.product_id === r.id).map((x) => x.group_id),
    allergens: r.allergens,
  }));
}

export async function getProduct(db: Kysely<DB>, id: number): Promise<AdminProduct> {
  const [product] = await listProductsAdmin(db, { id });
  if (!product) throw new NotFoundError('Product');
  return product;
}

export async function listOptionGroups(db: Kysely<DB>): Promise<AdminOptionGroup[]> {
  const groups = await db.selectFrom('option_groups').selectAll().orderBy('position').orderBy('id').execute();
  const options = await db.selectFrom('options').selectAll().orderBy('position').orderBy('id').execute();
  return groups.map((g) => ({
    id: g.id,
    slug: g.slug,
    name: g.name,
    selection: g.selection,
    required: g.required,
    maxChoices: g.max_choices,
    options: options
      .filter((o) => o.group_id === g.id)
      .map((o) => ({
        id: o.id,
        groupId: o.group_id,
        slug: o.slug,
        name: o.name,
        priceDeltaPence: o.price_delta_pence,
        isDefault: o.is_default,
        position: o.position,
        allergens: o.allergens,
      })),
  }));
}

export async function getOptionGroup(db: Kysely<DB>, id: number): Promise<AdminOptionGroup> {
  const group = (await listOptionGroups(db)).find((g) => g.id === id);
  if (!group) throw new NotFoundError('Option group');
  return group;
}

export async function getOption(db: Kysely<DB>, groupId: number, optionId: number): Promise<AdminOption> {
  const option = (await getOptionGroup(db, groupId)).options.find((o) => o.id === optionId);
  if (!option) throw new NotFoundError('Option');
  return option;
}
