// The report's date range: days (YYYY-MM-DD) on the stores' own calendars.
import { ValidationError } from '../../../domain/errors.js';
import { calendarDateProblem, MAX_RANGE_DAYS, rangeProblem } from '../../../domain/limits.js';

export const DEFAULT_DAYS = 14;
export const MAX_DAYS = MAX_RANGE_DAYS;
export const REPORT_ZONE = 'Europe/London'; // whose "today" picks the default range

export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

const isDate = (text: string): boolean => calendarDateProblem(text) === undefined;

/** Today's date in a time zone, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, inclusive (a range parseRange accepted: at most 366 days). */
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
  const fromProblem = calendarDateProblem(from);
  const toProblem = calendarDateProblem(to);
  if (fromProblem) fields['from'] = fromProblem;
  if (toProblem) fields['to'] = toProblem;
  // Counted, never walked: walking a range past the year 9999 never ended (issue 15).
  const problem = fromProblem || toProblem ? undefined : rangeProblem(from, to);
  if (problem) fields[problem.field] = problem.message;
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return { from, to };
}
