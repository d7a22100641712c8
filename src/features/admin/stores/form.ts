// The store form: what was typed (echoed back on error) and the checked input.
import { ValidationError } from '../../../domain/errors.js';
import { formString } from '../../../web/forms.js';
import { slugify, slugProblem } from '../../../domain/slug.js';
import { Problems, textProblem } from '../text.js';

export interface StoreHoursInput {
  isoDay: number;
  opens: string; // 'HH:MM'
  closes: string;
}

export interface StoreInput {
  name: string;
  slug: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  phone: string;
  timezone: string;
  /** Days without a row are closed. */
  hours: StoreHoursInput[];
}

export type StoreFormValues = Record<string, string>;

export const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const PHONE = /^[+0-9 ()-]{0,30}$/;
const POSTCODE = /^[A-Za-z0-9 ]{2,10}$/;

let zones: Set<string> | undefined;
/** IANA zone names the runtime knows (PostgreSQL knows the same database), plus UTC. */
export function isKnownTimezone(zone: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones.has(zone);
}

export function timezoneNames(): string[] {
  isKnownTimezone('UTC');
  return [...zones!].sort();
}

export const storeFields = ['name', 'slug', 'addressLine1', 'addressLine2', 'town', 'postcode', 'phone', 'timezone'] as const;

/** The raw form values, trimmed, including each day's opens/closes. */
export function storeFormValues(body: unknown): StoreFormValues {
  const values: StoreFormValues = {};
  for (const field of storeFields) values[field] = formString(body, field).trim();
  for (const day of ISO_DAYS) {
    values[`opens${day}`] = formString(body, `opens${day}`).trim().slice(0, 5);
    values[`closes${day}`] = formString(body, `closes${day}`).trim().slice(0, 5);
  }
  return values;
}

export function parseStoreForm(values: StoreFormValues): StoreInput {
  const problems = new Problems();
  const slug = values['slug'] || slugify(values['name'] ?? '');
  problems.check('name', textProblem(values['name']!, 'the store name'));
  problems.check('slug', slugProblem(slug));
  problems.check('addressLine1', textProblem(values['addressLine1']!, 'the first line of the address'));
  problems.check('addressLine2', textProblem(values['addressLine2']!, 'the second address line', { min: 0 }));
  problems.check('town', textProblem(values['town']!, 'the town', { max: 80 }));
  problems.check('postcode', POSTCODE.test(values['postcode']!) ? undefined : 'Enter a postcode, like CO1 1TH.');
  problems.check('phone', PHONE.test(values['phone']!) ? undefined : 'Use digits, spaces, +, ( ) and - only.');
  problems.check('timezone', isKnownTimezone(values['timezone']!) ? undefined : 'Choose a time zone from the list, like Europe/London.');

  const hours: StoreHoursInput[] = [];
  for (const day of ISO_DAYS) {
    const opens = values[`opens${day}`]!;
    const closes = values[`closes${day}`]!;
    if (opens === '' && closes === '') continue; // closed that day
    if (!TIME.test(opens)) problems.check(`opens${day}`, 'Enter an opening time like 07:30, or leave both times empty for closed.');
    if (!TIME.test(closes)) problems.check(`closes${day}`, 'Enter a closing time like 18:00, or leave both times empty for closed.');
    else if (TIME.test(opens) && closes <= opens) problems.check(`closes${day}`, 'Closing time must be after opening time.');
    hours.push({ isoDay: day, opens, closes });
  }
  if (!problems.ok) throw new ValidationError(problems.fields);
  return {
    name: values['name']!, slug, addressLine1: values['addressLine1']!, addressLine2: values['addressLine2'] || null,
    town: values['town']!, postcode: values['postcode']!.toUpperCase(), phone: values['phone']!, timezone: values['timezone']!, hours,
  };
}
