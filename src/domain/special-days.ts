// Holiday hours and closures by date (issue 10 item 5, decision 420): for a date or a range of
// dates on the store's calendar, the store is closed, or open at other times than its week's hours.
// They override the week on those dates everywhere the store's hours count: open now, the next
// opening, pickup slots, "sold out until we open again" and closing-time jobs. No I/O.
import type { FieldErrors } from './errors.js';
import { isTimeOfDay } from './store-time.js';

export interface SpecialDay {
  id?: number;
  /** 'YYYY-MM-DD' on the store's calendar, inclusive. */
  firstDate: string;
  lastDate: string;
  /** Both null: closed all day. 'HH:MM' (or 'HH:MM:SS' from the database). */
  opens: string | null;
  closes: string | null;
  /** What customers are told: "Christmas". */
  reason: string;
}

/** A day of the week's hours (opening-hours.ts's OpeningHours; not imported, which would be a cycle). */
interface WeekDayHours {
  isoDay: number;
  opens: string;
  closes: string;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The longest range one entry may cover (DESIGN.md §3: every date range ≤ 366 days). */
export const SPECIAL_DAYS_MAX_SPAN = 366;
export const SPECIAL_DAY_REASON_MAX = 80;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3_600_000;

export function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** A real calendar date 'YYYY-MM-DD' in the years 2000–2100, or null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2100) return null;
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Days from `a` to `b` (b − a). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The entry covering a date, if any (entries never overlap; the first found wins if they did). */
export function specialDayOn(days: readonly SpecialDay[], date: CalendarDate): SpecialDay | undefined {
  const key = isoDate(date);
  return days.find((d) => d.firstDate <= key && key <= d.lastDate);
}

/** The hours a store keeps on a date: a special day's, else its week's for that weekday; null when closed. */
export function hoursOnDate(
  week: readonly WeekDayHours[],
  days: readonly SpecialDay[],
  date: CalendarDate,
): { opens: string; closes: string; special?: SpecialDay } | null {
  const special = specialDayOn(days, date);
  if (special) return special.opens !== null && special.closes !== null ? { opens: special.opens, closes: special.closes, special } : null;
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  const today = week.find((h) => h.isoDay === (weekday === 0 ? 7 : weekday));
  return today ? { opens: today.opens, closes: today.closes } : null;
}

/** A date the store opens on, with that day's hours ('HH:MM'). */
export interface OpenDate {
  date: CalendarDate;
  opens: string;
  closes: string;
}

/**
 * The dates a store opens on, from `from` on, earliest first, with their hours (holiday dates
 * over the week's). A closure is stepped over in one go, so a closure of any length, or several
 * back to back, never uses up the search: `days` bounds only the other dates looked at, so a
 * store with no hours at all still ends.
 */
export function* openDates(week: readonly WeekDayHours[], days: readonly SpecialDay[], from: CalendarDate, daysToLook: number): Generator<OpenDate> {
  let at = Date.UTC(from.year, from.month - 1, from.day);
  for (let looked = 0; looked < daysToLook; ) {
    const day = new Date(at);
    const date = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
    const special = specialDayOn(days, date);
    if (special && (special.opens === null || special.closes === null)) {
      at = Date.parse(`${special.lastDate}T00:00:00Z`) + DAY_MS;
      continue;
    }
    looked++;
    at += DAY_MS;
    const hours = hoursOnDate(week, days, date);
    if (hours) yield { date, opens: hours.opens, closes: hours.closes };
  }
}

/** The entries that end on or after `today`, earliest first (the past ones are history). */
export function upcomingSpecialDays(days: readonly SpecialDay[], today: CalendarDate, withinDays?: number): SpecialDay[] {
  const from = isoDate(today);
  return days
    .filter((d) => d.lastDate >= from && (withinDays === undefined || daysBetween(from, d.firstDate) <= withinDays))
    .sort((a, b) => (a.firstDate < b.firstDate ? -1 : a.firstDate > b.firstDate ? 1 : 0));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortDate(iso: string): string {
  const date = parseIsoDate(iso);
  return date ? `${date.day} ${MONTHS[date.month - 1]}` : iso;
}

/** "25 Dec" or "24–26 Dec" or "30 Dec – 2 Jan". */
export function describeDates(day: Pick<SpecialDay, 'firstDate' | 'lastDate'>): string {
  if (day.firstDate === day.lastDate) return shortDate(day.firstDate);
  const [first, last] = [parseIsoDate(day.firstDate), parseIsoDate(day.lastDate)];
  if (first && last && first.year === last.year && first.month === last.month) return `${first.day}–${shortDate(day.lastDate)}`;
  return `${shortDate(day.firstDate)} – ${shortDate(day.lastDate)}`;
}

/** What a customer is told: "Closed 25 Dec (Christmas)" or "24 Dec: open 08:00–14:00 (Christmas Eve)". */
export function describeSpecialDay(day: SpecialDay): string {
  if (day.opens === null || day.closes === null) return `Closed ${describeDates(day)} (${day.reason})`;
  return `${describeDates(day)}: open ${day.opens.slice(0, 5)}–${day.closes.slice(0, 5)} (${day.reason})`;
}

export interface SpecialDayInput {
  firstDate: string;
  /** Empty: the same as the first date. */
  lastDate: string;
  closed: boolean;
  opens: string;
  closes: string;
  reason: string;
}

export type SpecialDayResult = { ok: true; day: SpecialDay } | { ok: false; fields: FieldErrors };

/**
 * Checks a new entry against the rules and the store's other entries: real dates in 2000–2100,
 * not over, at most 366 days, no overlap; a reason; times when open, closing after opening.
 */
export function validateSpecialDay(input: SpecialDayInput, existing: readonly SpecialDay[], today: CalendarDate): SpecialDayResult {
  const fields: FieldErrors = {};
  const first = parseIsoDate(input.firstDate);
  const lastText = input.lastDate === '' ? input.firstDate : input.lastDate;
  const last = parseIsoDate(lastText);
  if (!first) fields['firstDate'] = 'Enter the first date, like 2026-12-25 (years 2000 to 2100).';
  if (!last) fields['lastDate'] = 'Enter the last date, like 2026-12-26, or leave it empty for one day.';
  if (first && last) {
    const span = daysBetween(input.firstDate, lastText) + 1;
    if (span < 1) fields['lastDate'] = 'The last date must be on or after the first date.';
    else if (span > SPECIAL_DAYS_MAX_SPAN) fields['lastDate'] = `A closure or special hours can cover at most ${SPECIAL_DAYS_MAX_SPAN} days.`;
    else if (lastText < isoDate(today)) fields['lastDate'] = 'These dates are over; choose today or later.';
    else {
      const clash = existing.find((d) => d.firstDate <= lastText && input.firstDate <= d.lastDate);
      if (clash) fields['firstDate'] = `These dates overlap ${describeSpecialDay(clash)}; remove that first.`;
    }
  }
  const reason = input.reason.trim();
  if (reason === '') fields['reason'] = 'Say why, in a few words customers will see (like Christmas).';
  else if (reason.length > SPECIAL_DAY_REASON_MAX) fields['reason'] = `Keep the reason to ${SPECIAL_DAY_REASON_MAX} characters.`;
  let opens: string | null = null;
  let closes: string | null = null;
  if (!input.closed) {
    if (!isTimeOfDay(input.opens)) fields['opens'] = 'Enter the opening time, like 08:00, or choose closed all day.';
    if (!isTimeOfDay(input.closes)) fields['closes'] = 'Enter the closing time, like 14:00, or choose closed all day.';
    else if (isTimeOfDay(input.opens) && input.closes <= input.opens) fields['closes'] = `Closing time must be after opening time (${input.opens}).`;
    opens = input.opens;
    closes = input.closes;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, day: { firstDate: input.firstDate, lastDate: lastText, opens, closes, reason } };
}
