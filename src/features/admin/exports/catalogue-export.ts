// The catalogue as a retail-catalogue feed: one record per product with its id,
// categories, title, description, price (GBP, as a decimal string and in pence),
// image, link, availability at each store and allergens (its own, and those options can bring in).
// Read from the reader pool.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { isProductAvailable } from '../../../domain/customisation.js';
import { penceToDecimal } from '../../../domain/money.js';
import { listStores } from '../../../db/stores.js';
import { listCategories, loadMenuProducts } from '../../menu/index.js';
import { csvRow } from './csv.js';
import { type Allergen, allergenName, normaliseAllergens } from '../../../domain/allergens.js';

export interface CatalogueRecord {
  id: string;
  title: string;
  description: string;
  categories: string[];
  price: { value: string; currency: 'GBP'; pence: number };
  imageLink: string | null;
  link: string;
  availability: { store: string; available: boolean }[];
  /** The UK allergens it has whatever is chosen (decision 330). */
  allergens: Allergen[];
  /** Allergens some option (a milk, a syrup, a topping) can bring in besides: it depends on the choice. */
  optionAllergens: Allergen[];
}

function absolute(publicUrl: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, publicUrl).toString();
}

export async function catalogueRecords(db: Kysely<DB>, publicUrl: string): Promise<CatalogueRecord[]> {
  const [stores, categories] = await Promise.all([listStores(db), listCategories(db)]);
  const categoryName = new Map(categories.map((c) => [c.slug, c.name]));
  // Availability as the store's menu judges it: switched on, and every required group has an option.
  const perStore = await Promise.all(stores.map(async (s) => ({ slug: s.slug, products: await loadMenuProducts(db, s.id) })));
  const products = perStore[0]?.products ?? (await loadMenuProducts(db, 0));
  return products.map((p) => ({
    id: p.slug,
    title: p.name,
    description: p.description,
    categories: [categoryName.get(p.categorySlug) ?? p.categorySlug],
    price: { value: penceToDecimal(p.pricePence), currency: 'GBP', pence: p.pricePence },
    imageLink: p.imageUrl ? absolute(publicUrl, p.imageUrl) : null,
    link: absolute(publicUrl, `/products/${p.slug}`),
    availability: perStore.map((s) => {
      const atStore = s.products.find((x) => x.id === p.id);
      return { store: s.slug, available: atStore ? isProductAvailable(atStore) : false };
    }),
    allergens: [...p.allergens],
    optionAllergens: normaliseAllergens(p.groups.flatMap((g) => g.options.flatMap((o) => o.allergens))).filter((a) => !p.allergens.includes(a)),
  }));
}

export function toJsonLines(records: readonly CatalogueRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

export function toCsv(records: readonly CatalogueRecord[], storeSlugs: readonly string[]): string {
  const header = [
    'id',
    'title',
    'description',
    'categories',
    'price',
    'currency',
    'price_pence',
    'image_link',
    'link',
    'allergens',
    'allergens_by_option',
    ...storeSlugs.map((s) => `available_${s}`),
  ];
  const rows = records.map((r) =>
    csvRow([
      r.id,
      r.title,
      r.description,
      r.categories.join(' > '),
      r.price.value,
      r.price.currency,
      r.price.pence,
      r.imageLink,
      r.link,
      r.allergens.map(allergenName).join('; '),
      r.optionAllergens.map(allergenName).join('; '),
      ...storeSlugs.map((s) => (r.availability.find((a) => a.store === s)?.available ? 'in stock' : 'out of stock')),
    ]),
  );
  return csvRow(header) + rows.join('');
}
