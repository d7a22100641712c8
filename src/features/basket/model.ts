// A basket as the pages and the API see it, and the one place its stored lines become that:
// each line priced and checked against the basket's store menu as it is now.
import type { BasketLinesTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import { resolveCustomisation, toChoice, type ChosenOption, type MenuProduct } from '../../domain/customisation.js';
import type { Store } from '../../domain/store.js';

export interface BasketLineView {
  id: number;
  productId: number;
  product: string;
  name: string;
  options: Record<string, string | string[]>;
  optionNames: string[];
  optionIds: number[];
  quantity: number;
  unitPence: number;
  totalPence: number;
  problems: string[];
}

export interface BasketView {
  store: Store | null;
  lines: BasketLineView[];
  totalPence: number;
  itemCount: number;
  hasProblems: boolean;
}

/** What a basket line row holds that the model needs. */
export type StoredLine = Pick<Selectable<BasketLinesTable>, 'id' | 'product_id' | 'option_ids' | 'quantity'>;

/** Turns stored lines into priced lines with any problems at the basket's store. */
export function toBasketLine(line: StoredLine, product: MenuProduct | undefined): BasketLineView {
  if (!product) {
    return {
      id: line.id,
      productId: line.product_id,
      product: '',
      name: 'Unknown item',
      options: {},
      optionNames: [],
      optionIds: line.option_ids,
      quantity: line.quantity,
      unitPence: 0,
      totalPence: 0,
      problems: ['This item is no longer on the menu.'],
    };
  }
  const groupOf = new Map(product.groups.flatMap((g) => g.options.map((o) => [o.id, g] as const)));
  const choice: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const id of line.option_ids) {
    const group = groupOf.get(id);
    const option = group?.options.find((o) => o.id === id);
    if (!group || !option) {
      problems.push('One of the chosen options is no longer offered.');
      continue;
    }
    (choice[group.slug] ??= []).push(option.slug);
  }
  const result = resolveCustomisation(product, choice);
  if (!result.ok) problems.push(...Object.values(result.fields));
  // A flagged line still shows what was chosen, in the same shape as a good line
  // (single groups as a slug, multi groups as a list), so clients need no special case.
  const chosen: ChosenOption[] = result.ok
    ? result.chosen
    : product.groups.flatMap((g) =>
        g.options.filter((o) => line.option_ids.includes(o.id)).map((option) => ({ groupSlug: g.slug, groupName: g.name, option })),
      );
  const unitPence = result.ok ? result.unitPence : product.pricePence + chosen.reduce((sum, c) => sum + c.option.priceDeltaPence, 0);
  return {
    id: line.id,
    productId: product.id,
    product: product.slug,
    name: product.name,
    options: toChoice(chosen, product.groups),
    optionNames: chosen.map((c) => c.option.name),
    optionIds: line.option_ids,
    quantity: line.quantity,
    unitPence,
    totalPence: unitPence * line.quantity,
    problems: [...new Set(problems)],
  };
}

/** A basket with no store flags every line: the menu to check them against is the store's. */
export function toBasketView(store: Store | null, lines: BasketLineView[]): BasketView {
  if (!store) for (const line of lines) line.problems.push('Choose a store for your order.');
  return {
    store,
    lines,
    totalPence: lines.reduce((sum, l) => sum + l.totalPence, 0),
    itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
    hasProblems: !store || lines.some((l) => l.problems.length > 0),
  };
}
