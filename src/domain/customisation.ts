// The rules for customising a product, with no I/O: which options a customer may
// choose at a store, what is implied when they choose nothing, and what it costs.
import type { Allergen } from './allergens.js';
import type { FieldErrors } from './errors.js';

export interface MenuOption {
  id: number;
  slug: string;
  name: string;
  priceDeltaPence: number;
  isDefault: boolean;
  available: boolean;
  /** UK allergens this option brings into the drink (dairy milk → milk). */
  allergens: Allergen[];
}

export interface MenuGroup {
  id: number;
  slug: string;
  name: string;
  selection: 'single' | 'multi';
  required: boolean;
  maxChoices: number;
  options: MenuOption[];
}

export interface MenuProduct {
  id: number;
  slug: string;
  name: string;
  description: string;
  pricePence: number;
  imageUrl: string | null;
  categorySlug: string;
  /** Switched on at the store (before the recipe is considered). */
  switchedOn: boolean;
  /** UK allergens in the product itself, whatever its options. */
  allergens: Allergen[];
  groups: MenuGroup[];
}

/** group slug → option slug, or a list of option slugs for multi groups. */
export type OptionChoice = Record<string, string | readonly string[] | undefined>;

export interface ChosenOption {
  groupSlug: string;
  groupName: string;
  option: MenuOption;
}

export type CustomisationResult = { ok: true; chosen: ChosenOption[]; unitPence: number } | { ok: false; fields: FieldErrors };

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 20;

/** A product is orderable when it is switched on and every required group has an available option. */
export function isProductAvailable(product: MenuProduct): boolean {
  return product.switchedOn && product.groups.every((g) => !g.required || g.options.some((o) => o.available));
}

/** The option a required single group falls back to: its default when available, else nothing. */
export function defaultOption(group: MenuGroup): MenuOption | undefined {
  return group.options.find((o) => o.isDefault && o.available);
}

function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : [...value];
  return [...new Set(list.map((v) => v.trim()).filter((v) => v !== ''))];
}

/**
 * Checks a customer's choice against a product's recipe at one store and
 * prices it. Every problem is reported against its field (`options.milk`).
 */
export function resolveCustomisation(product: MenuProduct, choice: OptionChoice): CustomisationResult {
  const fields: FieldErrors = {};
  if (!isProductAvailable(product)) {
    fields['product'] = `${product.name} is not available at this store right now.`;
  }

  const groupSlugs = new Set(product.groups.map((g) => g.slug));
  for (const key of Object.keys(choice)) {
    if (!groupSlugs.has(key) && asList(choice[key]).length > 0) {
      fields[`options.${key}`] = `${product.name} does not offer a choice of ${key}.`;
    }
  }

  const chosen: ChosenOption[] = [];
  for (const group of product.groups) {
    const field = `options.${group.slug}`;
    const slugs = asList(choice[group.slug]);
    const picked: MenuOption[] = [];
    for (const slug of slugs) {
      const option = group.options.find((o) => o.slug === slug);
      if (!option) {
        fields[field] = `"${slug}" is not a ${group.name.toLowerCase()} option.`;
      } else if (!option.available) {
        fields[field] = `${option.name} is not available at this store right now.`;
      } else {
        picked.push(option);
      }
    }
    if (fields[field]) continue;

    if (group.selection === 'single' && picked.length > 1) {
      fields[field] = `Choose one ${group.name.toLowerCase()} option.`;
      continue;
    }
    if (group.selection === 'multi' && picked.length > group.maxChoices) {
      fields[field] = `Choose at most ${group.maxChoices} ${group.name.toLowerCase()} options.`;
      continue;
    }
    if (picked.length === 0 && group.required) {
      const fallback = defaultOption(group);
      if (!fallback) {
        fields[field] = `Choose a ${group.name.toLowerCase()} option.`;
        continue;
      }
      picked.push(fallback);
    }
    for (const option of picked) chosen.push({ groupSlug: group.slug, groupName: group.name, option });
  }

  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const unitPence = product.pricePence + chosen.reduce((sum, c) => sum + c.option.priceDeltaPence, 0);
  // Options may be discounts, but never below nothing: money is never negative (issue 15).
  if (unitPence < 0) return { ok: false, fields: { options: `${product.name} with these choices would cost less than nothing, so it cannot be ordered.` } };
  return { ok: true, chosen, unitPence };
}

/** Quantity problems, or undefined when the quantity is a whole number from 1 to 20. */
export function quantityProblem(quantity: unknown): string | undefined {
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return 'Quantity must be a whole number.';
  if (quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    return `Quantity must be between ${MIN_QUANTITY} and ${MAX_QUANTITY}.`;
  }
  return undefined;
}

/** The choice a chosen-options list stands for, as the API shows it. */
export function toChoice(chosen: readonly ChosenOption[], groups: readonly MenuGroup[]): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const group of groups) {
    const slugs = chosen.filter((c) => c.groupSlug === group.slug).map((c) => c.option.slug);
    if (slugs.length === 0) continue;
    result[group.slug] = group.selection === 'single' ? slugs[0]! : slugs;
  }
  return result;
}

/** Identical customisations share a key, so they merge into one basket line. */
export function optionsKey(optionIds: readonly number[]): string {
  return [...optionIds].sort((a, b) => a - b).join(',');
}
