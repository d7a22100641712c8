// "Sold out until" (issue 10 item 5): an item switched off at a store comes back by itself at the
// end of the day (the store's next opening), at a time on the store's clock, or never (indefinitely,
// until someone switches it on). No I/O.
import { ValidationError } from './errors.js';
import { shortTime, type OpeningHours } from './opening-hours.js';
import { openDates, type SpecialDay } from './special-days.js';
import { isTimeOfDay, localDate, localToInstant, nextLocalTime } from './store-time.js';

/** What the API and the forms take: "end-of-day", a time "HH:MM" on the store clock, or an ISO instant. */
export type SoldOutUntil = string;

/**
 * The first opening of the store strictly after `now`, within a week of any closures ending
 * (holiday dates count over the week's hours); null when it never opens.
 */
export function nextOpening(hours: readonly OpeningHours[], timeZone: string, now: Date, specialDays: readonly SpecialDay[] = []): Date | null {
  for (const day of openDates(hours, specialDays, localDate(now, timeZone), 8)) {
    const opens = localToInstant(day.date, shortTime(day.opens), timeZone);
    if (opens > now) return opens;
  }
  return null;
}

/** Longest a timed sell-out may last; longer is "indefinitely". */
export const SOLD_OUT_MAX_MS = 366 * 24 * 3_600_000;

/**
 * When a switched-off item comes back: null for indefinitely (no `until`). Throws a ValidationError
 * naming `until` for anything else, or a moment not in the future.
 */
export function soldOutUntil(
  until: SoldOutUntil | undefined,
  store: { hours: readonly OpeningHours[]; timezone: string; specialDays?: readonly SpecialDay[] | undefined },
  now: Date,
): Date | null {
  if (until === undefined || until === '') return null;
  let at: Date | null;
  if (until === 'end-of-day') {
    at = nextOpening(store.hours, store.timezone, now, store.specialDays);
    if (!at) throw new ValidationError({ until: 'This store has no opening hours to come back at; choose a time or indefinitely.' });
  } else if (isTimeOfDay(until)) {
    at = nextLocalTime(now, until, store.timezone);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(until) && !Number.isNaN(Date.parse(until))) {
    at = new Date(until);
  } else {
    throw new ValidationError({ until: 'Say "end-of-day", a time like 14:30, or a date and time with its zone.' });
  }
  if (at <= now) throw new ValidationError({ until: 'Choose a time in the future.' });
  if (at.getTime() - now.getTime() > SOLD_OUT_MAX_MS) throw new ValidationError({ until: 'Choose a time within a year, or leave it sold out indefinitely.' });
  return at;
}
