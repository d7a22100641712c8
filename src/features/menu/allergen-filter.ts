// The menu's allergen filter (decision 331): `?without=milk&without=gluten` on the menu and the
// product page. A query parameter, not a cookie or a setting, so the catalogue's bytes stay one
// answer per store and version and the filter is applied to them on the way out.
import Type from 'typebox';
import { type Allergen, type AllergenFit, allergenFit, isAllergen, normaliseAllergens } from '../../domain/allergens.js';
import type { MenuProduct } from '../../domain/customisation.js';
import { decodeForm } from '../../web/form-decode.js';

/** The filter's query field, as the menu and product pages read it. */
export const FilterQuery = Type.Object({ without: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 14 }) });
export const FILTER_HINT = 'Choose allergens from the list.';

export interface AllergenFilter {
  avoid: Allergen[];
  /** Set when the query named something that is not one of the 14: nothing is filtered then. */
  error?: string;
}

/** Reads `without` from a query string; anything but the 14 slugs is refused as a whole. */
export function readAllergenFilter(query: unknown): AllergenFilter {
  const decoded = decodeForm(FilterQuery, query as Record<string, unknown>, { messages: { without: FILTER_HINT } });
  if (!decoded.ok) return { avoid: [], error: FILTER_HINT };
  if (!decoded.value.without.every(isAllergen)) return { avoid: [], error: FILTER_HINT };
  return { avoid: normaliseAllergens(decoded.value.without) };
}

/** `without=milk&without=gluten`, or '' when nothing is avoided. */
export function filterQuery(avoid: readonly Allergen[]): string {
  const params = new URLSearchParams();
  for (const slug of avoid) params.append('without', slug);
  return params.toString();
}

export function withFilter(path: string, avoid: readonly Allergen[]): string {
  const query = filterQuery(avoid);
  return query === '' ? path : `${path}?${query}`;
}

export interface FilteredProduct {
  product: MenuProduct;
  fit: AllergenFit;
}

/** The products the customer can have without the avoided allergens, and how many are hidden. */
export function filterMenu(products: readonly MenuProduct[], avoid: readonly Allergen[]): { shown: FilteredProduct[]; hidden: number } {
  const all = products.map((product) => ({ product, fit: allergenFit(product, avoid) }));
  const shown = all.filter((p) => p.fit.kind !== 'impossible');
  return { shown, hidden: all.length - shown.length };
}
