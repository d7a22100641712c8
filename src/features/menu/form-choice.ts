// Reads a product form (or the same fields in a query string) into an option choice.
import type { MenuProduct, OptionChoice } from '../../domain/customisation.js';
import { formList, formString } from '../../web/forms.js';

export function choiceFromForm(fields: unknown): OptionChoice {
  const choice: Record<string, string[]> = {};
  if (!fields || typeof fields !== 'object') return choice;
  for (const key of Object.keys(fields)) {
    if (key.startsWith('options.')) choice[key.slice('options.'.length)] = formList(fields, key);
  }
  return choice;
}

export function quantityFromForm(fields: unknown): number {
  const raw = formString(fields, 'quantity').trim();
  return /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
}

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
