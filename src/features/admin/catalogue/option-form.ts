// Option group and option forms: checked input, problems named by field.
import { ValidationError } from '../../../domain/errors.js';
import { parsePounds, penceToDecimal } from '../../../domain/money.js';
import { formString } from '../../../web/forms.js';
import { slugify, slugProblem } from '../../../domain/slug.js';
import { Problems, textProblem } from '../text.js';
import type { AdminOption, AdminOptionGroup } from './queries.js';

export interface GroupInput { name: string; slug: string; selection: 'single' | 'multi'; required: boolean; maxChoices: number }
export interface GroupValues { name: string; slug: string; selection: string; required: boolean; maxChoices: string }

export interface OptionInput { name: string; slug: string; priceDeltaPence: number; isDefault: boolean }
export interface OptionValues { name: string; slug: string; priceDelta: string; isDefault: boolean }

export function groupValues(body: unknown): GroupValues {
  return {
    name: formString(body, 'name').trim(), slug: formString(body, 'slug').trim(), selection: formString(body, 'selection'),
    required: formString(body, 'required') !== '', maxChoices: formString(body, 'maxChoices').trim(),
  };
}

export function groupToValues(group: AdminOptionGroup): GroupValues {
  return { name: group.name, slug: group.slug, selection: group.selection, required: group.required, maxChoices: String(group.maxChoices) };
}

export function parseGroup(values: GroupValues): GroupInput {
  const problems = new Problems();
  const slug = values.slug || slugify(values.name);
  problems.check('name', textProblem(values.name, 'a name', { max: 60 }));
  problems.check('slug', slugProblem(slug));
  const selection = values.selection;
  if (selection !== 'single' && selection !== 'multi') problems.check('selection', 'Choose "one" or "several".');
  const maxChoices = selection === 'single' && values.maxChoices === '' ? 1 : Number(values.maxChoices);
  if (!/^\d{1,2}$/.test(values.maxChoices) && !(selection === 'single' && values.maxChoices === '')) {
    problems.check('maxChoices', 'Enter a whole number from 1 to 20.');
  } else if (maxChoices < 1 || maxChoices > 20) {
    problems.check('maxChoices', 'Enter a whole number from 1 to 20.');
  } else if (selection === 'single' && maxChoices !== 1) {
    problems.check('maxChoices', 'A choose-one group allows exactly 1.');
  }
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: values.name, slug, selection: selection as 'single' | 'multi', required: values.required, maxChoices };
}

export function optionValues(body: unknown): OptionValues {
  return {
    name: formString(body, 'name').trim(), slug: formString(body, 'slug').trim(),
    priceDelta: formString(body, 'priceDelta').trim(), isDefault: formString(body, 'isDefault') !== '',
  };
}

export function optionToValues(option: AdminOption): OptionValues {
  return { name: option.name, slug: option.slug, priceDelta: penceToDecimal(option.priceDeltaPence), isDefault: option.isDefault };
}

export function parseOption(values: OptionValues): OptionInput {
  const problems = new Problems();
  const slug = values.slug || slugify(values.name);
  problems.check('name', textProblem(values.name, 'a name', { max: 60 }));
  problems.check('slug', slugProblem(slug));
  const priceDeltaPence = values.priceDelta === '' ? 0 : parsePounds(values.priceDelta, { allowNegative: true });
  if (priceDeltaPence === null) problems.check('priceDelta', 'Enter the extra cost in pounds, like 0.45 (or -0.20 for a discount).');
  else if (Math.abs(priceDeltaPence) > 100_000) problems.check('priceDelta', 'The extra cost must be between -£1,000.00 and £1,000.00.');
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: values.name, slug, priceDeltaPence: priceDeltaPence!, isDefault: values.isDefault };
}
