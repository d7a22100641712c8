// Option group and option forms: checked input, problems named by field.
import { ValidationError } from '../../../domain/errors.js';
import { parsePounds, penceToDecimal } from '../../../domain/money.js';
import Type, { type Static } from 'typebox';
import { SLUG_HINT, slugify, slugProblem } from '../../../domain/slug.js';
import { Slug } from '../../../web/schemas.js';
import { Problems } from '../text.js';
import type { AdminOption, AdminOptionGroup } from './queries.js';
import { type Allergen, isAllergen, normaliseAllergens } from '../../../domain/allergens.js';

export interface GroupInput {
  name: string;
  slug: string;
  selection: 'single' | 'multi';
  required: boolean;
  maxChoices: number;
}
export interface GroupValues {
  name: string;
  slug: string;
  selection: string;
  required: boolean;
  maxChoices: string;
}

export interface OptionInput {
  name: string;
  slug: string;
  priceDeltaPence: number;
  isDefault: boolean;
  /** UK allergens the option brings into a drink (decision 330). */
  allergens: Allergen[];
}
const PRICE_DELTA_HINT = 'Enter the extra cost in pounds, like 0.45 (or -0.20 for a discount).';

export interface OptionValues {
  name: string;
  slug: string;
  priceDelta: string;
  isDefault: boolean;
  allergens: string[];
}

/** The option group form; a slug left empty is made from the name (always a valid one unless the name has no letters or digits). */
export const GroupForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  slug: Type.Optional(Slug),
  selection: Type.Union([Type.Literal('single'), Type.Literal('multi')]),
  required: Type.Boolean({ default: false }),
  maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
});
export const groupMessages = {
  name: 'Enter a name of up to 60 characters.',
  slug: SLUG_HINT,
  selection: 'Choose "one" or "several".',
  maxChoices: 'Enter a whole number from 1 to 20.',
};

/** The option form; the extra cost is in pounds (empty: none). */
export const OptionForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  slug: Type.Optional(Slug),
  priceDelta: Type.Optional(Type.String({ maxLength: 20 })),
  isDefault: Type.Boolean({ default: false }),
  allergens: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 14 }),
});
export const ALLERGENS_HINT = 'Choose allergens from the list.';
export const optionMessages = { name: 'Enter a name of up to 60 characters.', slug: SLUG_HINT, priceDelta: PRICE_DELTA_HINT, allergens: ALLERGENS_HINT };

export function groupToValues(group: AdminOptionGroup): GroupValues {
  return { name: group.name, slug: group.slug, selection: group.selection, required: group.required, maxChoices: String(group.maxChoices) };
}

export function parseGroup(form: Static<typeof GroupForm>): GroupInput {
  const problems = new Problems();
  const slug = form.slug ?? slugify(form.name);
  problems.check('slug', slugProblem(slug));
  const maxChoices = form.maxChoices ?? (form.selection === 'single' ? 1 : undefined);
  if (maxChoices === undefined) problems.check('maxChoices', groupMessages.maxChoices);
  else if (form.selection === 'single' && maxChoices !== 1) problems.check('maxChoices', 'A choose-one group allows exactly 1.');
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: form.name, slug, selection: form.selection, required: form.required, maxChoices: maxChoices! };
}

export function optionToValues(option: AdminOption): OptionValues {
  return { name: option.name, slug: option.slug, priceDelta: penceToDecimal(option.priceDeltaPence), isDefault: option.isDefault, allergens: option.allergens };
}

export function parseOption(form: Static<typeof OptionForm>): OptionInput {
  const problems = new Problems();
  const slug = form.slug ?? slugify(form.name);
  problems.check('slug', slugProblem(slug));
  const priceDeltaPence = form.priceDelta === undefined ? 0 : parsePounds(form.priceDelta, { allowNegative: true });
  if (priceDeltaPence === null) problems.check('priceDelta', PRICE_DELTA_HINT);
  else if (Math.abs(priceDeltaPence) > 100_000) problems.check('priceDelta', 'The extra cost must be between -£1,000.00 and £1,000.00.');
  if (!form.allergens.every(isAllergen)) problems.check('allergens', ALLERGENS_HINT);
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: form.name, slug, priceDeltaPence: priceDeltaPence!, isDefault: form.isDefault, allergens: normaliseAllergens(form.allergens) };
}
