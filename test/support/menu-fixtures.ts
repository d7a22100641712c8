// Small in-memory menu products for the pure customisation rules (no database).
// Shapes and prices follow the demo catalogue so the numbers read naturally.
import type { MenuGroup, MenuOption, MenuProduct } from '../../src/domain/customisation.js';

let nextId = 1;

export function option(slug: string, priceDeltaPence = 0, extra: Partial<MenuOption> = {}): MenuOption {
  return { id: nextId++, slug, name: slug[0]!.toUpperCase() + slug.slice(1), priceDeltaPence, isDefault: false, available: true, allergens: [], ...extra };
}

export function group(slug: string, options: MenuOption[], extra: Partial<MenuGroup> = {}): MenuGroup {
  return {
    id: nextId++,
    slug,
    name: slug[0]!.toUpperCase() + slug.slice(1),
    selection: 'single',
    required: true,
    maxChoices: 1,
    options,
    ...extra,
  };
}

export const milk = (extra: { oatAvailable?: boolean; semiAvailable?: boolean } = {}) =>
  group('milk', [
    option('semi-skimmed', 0, { isDefault: true, available: extra.semiAvailable ?? true }),
    option('whole', 0),
    option('oat', 45, { available: extra.oatAvailable ?? true }),
    option('coconut', 45),
  ]);

export const shots = () => group('shots', [option('single', 0, { isDefault: true }), option('double', 60), option('triple', 110)]);

export const syrup = () =>
  group('syrup', [option('vanilla', 50), option('caramel', 50), option('hazelnut', 50), option('cinnamon', 50)], {
    selection: 'multi',
    required: false,
    maxChoices: 3,
  });

export function product(groups: MenuGroup[], extra: Partial<MenuProduct> = {}): MenuProduct {
  return {
    id: nextId++,
    slug: 'latte',
    name: 'Latte',
    description: 'Espresso and steamed milk.',
    pricePence: 340,
    imageUrl: null,
    categorySlug: 'slow-roasted-coffee',
    switchedOn: true,
    allergens: [],
    groups,
    ...extra,
  };
}

/** A latte with Milk, Shots and Syrup, all available. */
export const latte = (extra: Partial<MenuProduct> = {}) => product([milk(), shots(), syrup()], extra);
