// The store form: its schema, and the checked input for creating or editing a store.
import { ValidationError } from '../../../domain/errors.js';
import Type, { type Static } from 'typebox';
import { SLUG_HINT, slugify, slugProblem } from '../../../domain/slug.js';
import type { Store } from '../../../domain/store.js';
import { Slug } from '../../../web/schemas.js';
import { Problems } from '../text.js';

export interface StoreHoursInput {
  isoDay: number;
  opens: string; // 'HH:MM'
  closes: string;
}

/** What an admin types for a store: the store's own fields, with hours as typed. */
export type StoreInput = Pick<Store, 'name' | 'slug' | 'addressLine1' | 'addressLine2' | 'town' | 'postcode' | 'phone' | 'timezone'> & {
  /** Days without a row are closed. */
  hours: StoreHoursInput[];
};

export type StoreFormValues = Record<string, string>;

export const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** HH:MM; a browser's time box may add seconds, which are dropped. */
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIMEZONE_HINT = 'Choose a time zone from the list, like Europe/London.';

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

const OPENS_HINT = 'Enter an opening time like 07:30, or leave both times empty for closed.';
const CLOSES_HINT = 'Enter a closing time like 18:00, or leave both times empty for closed.';
const text = (max: number) => Type.String({ minLength: 1, maxLength: max });
// Times are checked with the rest of the week's rules in parseStoreForm, so every problem shows at once.
const time = () => Type.Optional(Type.String({ maxLength: 8 }));

/** The store form: the fields, then `opensN` / `closesN` per ISO day (both empty: closed that day). */
export const StoreForm = Type.Object({
  name: text(120),
  slug: Type.Optional(Slug),
  addressLine1: text(120),
  addressLine2: Type.Optional(Type.String({ maxLength: 120 })),
  town: text(80),
  postcode: Type.String({ pattern: '^[A-Za-z0-9 ]{2,10}$' }),
  phone: Type.Optional(Type.String({ pattern: '^[+0-9 ()-]{0,30}$' })),
  timezone: Type.String({ maxLength: 64 }),
  ...Object.fromEntries(
    ISO_DAYS.flatMap((day) => [
      [`opens${day}`, time()],
      [`closes${day}`, time()],
    ]),
  ),
});

export const storeMessages: Record<string, string> = {
  name: 'Enter the store name (up to 120 characters).',
  slug: SLUG_HINT,
  addressLine1: 'Enter the first line of the address (up to 120 characters).',
  addressLine2: 'The second address line must be 120 characters or fewer.',
  town: 'Enter the town (up to 80 characters).',
  postcode: 'Enter a postcode, like CO1 1TH.',
  phone: 'Use digits, spaces, +, ( ) and - only.',
  timezone: TIMEZONE_HINT,
  ...Object.fromEntries(
    ISO_DAYS.flatMap((day) => [
      [`opens${day}`, OPENS_HINT],
      [`closes${day}`, CLOSES_HINT],
    ]),
  ),
};

/** The business rules the schema cannot say: a slug from the name, a known zone, closing after opening. */
export function parseStoreForm(form: Static<typeof StoreForm>): StoreInput {
  const fields = form as Record<string, string | undefined>;
  const problems = new Problems();
  const slug = form.slug ?? slugify(form.name);
  problems.check('slug', slugProblem(slug));
  problems.check('timezone', isKnownTimezone(form.timezone) ? undefined : TIMEZONE_HINT);
  const hours: StoreHoursInput[] = [];
  for (const day of ISO_DAYS) {
    const opens = fields[`opens${day}`]?.slice(0, 5);
    const closes = fields[`closes${day}`]?.slice(0, 5);
    if (opens === undefined && closes === undefined) continue; // closed that day
    const opensOk = opens !== undefined && TIME.test(opens);
    if (!opensOk) problems.check(`opens${day}`, OPENS_HINT);
    if (closes === undefined || !TIME.test(closes)) problems.check(`closes${day}`, CLOSES_HINT);
    else if (opensOk && closes <= opens) problems.check(`closes${day}`, 'Closing time must be after opening time.');
    hours.push({ isoDay: day, opens: opens ?? '', closes: closes ?? '' });
  }
  if (!problems.ok) throw new ValidationError(problems.fields);
  return {
    name: form.name,
    slug,
    addressLine1: form.addressLine1,
    addressLine2: form.addressLine2 ?? null,
    town: form.town,
    postcode: form.postcode.toUpperCase(),
    phone: form.phone ?? '',
    timezone: form.timezone,
    hours,
  };
}
