// The 14 allergens UK law asks food businesses to declare (Food Information Regulations 2014,
// Annex II), and the rules for what a customised drink contains and whether it can be made
// without an allergen. Pure: no I/O.
// Shapes are structural (not imported from customisation.ts, which imports Allergen from here).

/** In the order the Food Standards Agency lists them; slugs are what the database and API carry. */
export const ALLERGENS = [
  { slug: 'celery', name: 'Celery' },
  { slug: 'gluten', name: 'Cereals containing gluten' },
  { slug: 'crustaceans', name: 'Crustaceans' },
  { slug: 'eggs', name: 'Eggs' },
  { slug: 'fish', name: 'Fish' },
  { slug: 'lupin', name: 'Lupin' },
  { slug: 'milk', name: 'Milk' },
  { slug: 'molluscs', name: 'Molluscs' },
  { slug: 'mustard', name: 'Mustard' },
  { slug: 'tree-nuts', name: 'Tree nuts' },
  { slug: 'peanuts', name: 'Peanuts' },
  { slug: 'sesame', name: 'Sesame' },
  { slug: 'soya', name: 'Soya' },
  { slug: 'sulphites', name: 'Sulphur dioxide and sulphites' },
] as const;

/**
 * Shown wherever allergens are: a filter promises the recipe, not the absence of traces.
 * Steam wands, blenders and tongs are shared, so the honest answer is "may contain".
 */
export const MAY_CONTAIN_NOTICE =
  'May contain any of the 14 allergens: our drinks and food are made with shared equipment (steam wands, blenders, tongs), so we cannot promise that anything is free from traces. If you have a severe allergy, please tell the barista before you order.';

export type Allergen = (typeof ALLERGENS)[number]['slug'];

export const ALLERGEN_SLUGS: readonly Allergen[] = ALLERGENS.map((a) => a.slug);

interface AllergenOption {
  slug: string;
  isDefault: boolean;
  available: boolean;
  allergens: readonly Allergen[];
}
interface AllergenGroup {
  slug: string;
  required: boolean;
  options: readonly AllergenOption[];
}
interface AllergenProduct {
  allergens: readonly Allergen[];
  groups: readonly AllergenGroup[];
}

export function isAllergen(value: string): value is Allergen {
  return (ALLERGEN_SLUGS as readonly string[]).includes(value);
}

export function allergenName(slug: Allergen): string {
  return ALLERGENS.find((a) => a.slug === slug)!.name;
}

/** Lower-case for running text ("can be made without milk"). */
export function allergenWord(slug: Allergen): string {
  return allergenName(slug).toLowerCase();
}

/** For running text: "milk", "milk and soya", "gluten, milk and soya". */
export function allergenWords(list: readonly Allergen[]): string {
  const words = list.map(allergenWord);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Known allergens only, each once, in the canonical order. */
export function normaliseAllergens(values: readonly string[]): Allergen[] {
  const wanted = new Set(values);
  return ALLERGEN_SLUGS.filter((slug) => wanted.has(slug));
}

/** What a product contains with these options: its own allergens and every chosen option's. */
export function allergensOf(product: { allergens: readonly Allergen[] }, options: readonly { allergens: readonly Allergen[] }[]): Allergen[] {
  return normaliseAllergens([...product.allergens, ...options.flatMap((o) => o.allergens)]);
}

function containsAny(option: { allergens: readonly Allergen[] }, avoid: ReadonlySet<Allergen>): boolean {
  return option.allergens.some((a) => avoid.has(a));
}

/**
 * How a product fares against allergens to avoid:
 * - `free`: as it comes (defaults), it contains none of them;
 * - `adaptable`: only its default options bring them in, and every such group has an available
 *   option without them; `choice` is that safe choice and `via` names the allergens it avoids;
 * - `impossible`: the product itself contains one, or a required group offers nothing safe.
 * Optional groups (syrups, toppings) start empty, so they never make a product unsafe.
 */
export type AllergenFit =
  | { kind: 'free' }
  | { kind: 'adaptable'; choice: Record<string, string>; via: Allergen[] }
  | { kind: 'impossible'; because: Allergen[] };

export function allergenFit(product: AllergenProduct, avoid: readonly Allergen[]): AllergenFit {
  const avoiding = new Set(avoid);
  if (avoiding.size === 0) return { kind: 'free' };
  const own = product.allergens.filter((a) => avoiding.has(a));
  if (own.length > 0) return { kind: 'impossible', because: normaliseAllergens(own) };

  const choice: Record<string, string> = {};
  const via: Allergen[] = [];
  for (const group of product.groups.filter((g) => g.required)) {
    const preset = presetOption(group);
    if (preset && !containsAny(preset, avoiding)) continue;
    const safe = group.options.find((o) => o.available && !containsAny(o, avoiding));
    if (!safe) {
      const because = group.options.flatMap((o) => o.allergens.filter((a) => avoiding.has(a)));
      return { kind: 'impossible', because: normaliseAllergens(because) };
    }
    choice[group.slug] = safe.slug;
    if (preset) via.push(...preset.allergens.filter((a) => avoiding.has(a)));
  }
  if (Object.keys(choice).length === 0) return { kind: 'free' };
  return { kind: 'adaptable', choice, via: normaliseAllergens(via) };
}

/** The option a required group starts on: its available default (as the product form preselects it). */
function presetOption(group: AllergenGroup): AllergenOption | undefined {
  return group.options.find((o) => o.isDefault && o.available);
}

/** The customer's choice with the safe options filled in for any group they left to its default. */
export function withSafeChoice<C extends Record<string, unknown>>(choice: C, fit: AllergenFit): C {
  if (fit.kind !== 'adaptable') return choice;
  const result: Record<string, unknown> = { ...choice };
  for (const [group, option] of Object.entries(fit.choice)) {
    if (result[group] === undefined) result[group] = option;
  }
  return result as C;
}
