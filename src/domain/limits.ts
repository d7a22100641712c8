// The input limits of DESIGN.md §3 that are rules rather than settings: how big a basket or an
// order may be, and which calendar dates and ranges make sense. Each check answers with the
// customer's words for the problem, or undefined when the input is within its limit.

/** Lines per basket and per order. */
export const MAX_LINES = 30;
/** Items (the sum of the quantities) per basket and per order. */
export const MAX_ITEMS = 50;
/** The first and last years any date field accepts. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** The longest date range (inclusive) a report, export or filter covers. */
export const MAX_RANGE_DAYS = 366;

// Bounds on fields that no rule above covers (decision 524): every field a route reads has one.
/** A row id from a request: PostgreSQL's integer. */
export const MAX_ID = 2_147_483_647;
/** A path within the site passed along as "where to go next" (returnTo). */
export const MAX_RETURN_TO_LENGTH = 500;
/** Option groups one product has, and so the groups one choice (`options.<group>`) names. */
export const MAX_OPTION_GROUPS = 50;
/** Categories one capacity form sets preparation times for (`prep.<category>`). */
export const MAX_PREP_CATEGORIES = 200;

const DAY_MS = 86_400_000;

/** Why a basket (or an order made from it) of this size is refused. */
export function basketSizeProblem(lines: number, items: number): string | undefined {
  if (lines > MAX_LINES) return `A basket holds at most ${MAX_LINES} different items; remove some first.`;
  if (items > MAX_ITEMS) return `A basket holds at most ${MAX_ITEMS} items in all; lower some quantities first.`;
  return undefined;
}

/** Why a YYYY-MM-DD day is refused: not a real day, or outside the years 2000–2100. */
export function calendarDateProblem(text: string): string | undefined {
  const match = /^(\d{4})-\d{2}-\d{2}$/.exec(text);
  const day = new Date(`${text}T00:00:00Z`);
  if (!match || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return 'Enter a date like 2026-11-25.';
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return `Enter a date between ${MIN_YEAR} and ${MAX_YEAR}.`;
  return undefined;
}

/** Why an instant is refused: outside the years 2000–2100 (or not a time at all). */
export function instantProblem(at: Date): string | undefined {
  if (Number.isNaN(at.getTime())) return 'Enter a time like 2026-11-25T14:30:00Z.';
  const year = at.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return `Enter a time between ${MIN_YEAR} and ${MAX_YEAR}.`;
  return undefined;
}

/** Days from `from` to `to` inclusive, counted without walking them (both valid YYYY-MM-DD). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Why a range of two valid days is refused: backwards, or longer than 366 days. */
export function rangeProblem(from: string, to: string): { field: 'from' | 'to'; message: string } | undefined {
  if (to < from) return { field: 'to', message: 'The end date must not be before the start date.' };
  if (daysInRange(from, to) > MAX_RANGE_DAYS) return { field: 'from', message: `Choose at most ${MAX_RANGE_DAYS} days.` };
  return undefined;
}
