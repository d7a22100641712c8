// The product form: the basket API's add-line fields (basket/schemas.ts), with the quantity always
// given and the store the product is shown for. "Update total" without JavaScript posts the same fields to the product page.
import Type from 'typebox';
import type { MenuProduct, OptionChoice } from '../../domain/customisation.js';
import { Slug } from '../../web/schemas.js';
import { Choice, Quantity, QUANTITY_MESSAGE } from './choice.js';

export const ProductForm = Type.Object({ product: Slug, options: Type.Optional(Choice), quantity: Quantity, store: Type.Optional(Slug) });
/** The fields the "Update total" preview prices: the options and the quantity. */
export const ProductPreview = Type.Object({ options: Type.Optional(Choice), quantity: Quantity });

export const productFormMessages = {
  quantity: QUANTITY_MESSAGE,
  store: 'Please choose one of our stores.',
  product: 'Please choose a product from the menu.',
  'options.*': 'Choose from the options shown.',
};

/** What the form shows as selected: the customer's choice, else each group's defaults. */
export function selectedFor(product: MenuProduct, choice: OptionChoice, useDefaults: boolean): Record<string, Set<string>> {
  const selected: Record<string, Set<string>> = {};
  for (const group of product.groups) {
    const picked = choice[group.slug];
    const list = picked === undefined ? [] : typeof picked === 'string' ? [picked] : [...picked];
    if (list.length === 0 && useDefaults) {
      const fallback = group.options.find((o) => o.isDefault && o.available);
      if (fallback) list.push(fallback.slug);
    }
    selected[group.slug] = new Set(list);
  }
  return selected;
}
