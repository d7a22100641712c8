// The report's date range: days (YYYY-MM-DD) on the stores' own calendars.
import { ValidationError } from '../../../domain/errors.js';

export const DEFAULT_DAYS = 14;
export const MAX_DAYS = 366;
export const REPORT_ZONE = 'Europe/London'; // whose "today" picks the default range

export interface DateRange {
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(range: DateRange): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The range asked for, or the last 14 days (today included); 400 naming the field when it makes no sense. */
export function parseRange(query: { from?: unknown; to?: unknown }, now: Date): DateRange {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const today = localDate(now, REPORT_ZONE);
  const to = text(query.to) || today;
  const from = text(query.from) || addDays(isDate(to) ? to : today, -(DEFAULT_DAYS - 1));
  const fields: Record<string, string> = {};
  if (!isDate(from)) fields['from'] = 'Enter a date like 2026-11-25.';
  if (!isDate(to)) fields['to'] = 'Enter a date like 2026-11-25.';
  if (Object.keys(fields).length === 0) {
    if (to < from) fields['to'] = 'The end date must not be before the start date.';
    else if (daysBetween({ from, to }).length > MAX_DAYS) fields['from'] = `Choose at most ${MAX_DAYS} days.`;
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return { from, to };
}
