// What the admin's logs filter by, written once: a range of days on the UK clock (checked, and
// turned into instants in SQL) and free text matched literally. The audit log, the payments log
// and the users search use these rather than each their own copy.
import { sql, type RawBuilder } from 'kysely';
import { calendarDateProblem, rangeProblem } from '../../../domain/limits.js';
import type { FieldErrors } from '../../../domain/errors.js';
import { TextField } from '../../../web/forms.js';

export const LOG_ZONE = 'Europe/London';

export interface DayRange {
  from: string;
  to: string;
}

/** A query string value as trimmed text ('' when absent or not text). */
export const queryText = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Field errors of an optional from/to pair of days: each a real date in 2000–2100; with both, the
 * end not before the start and at most 366 days (DESIGN.md §3). One end alone is a paged search.
 */
export function dayRangeProblems(range: DayRange): FieldErrors {
  const fields: FieldErrors = {};
  const fromProblem = range.from ? calendarDateProblem(range.from) : undefined;
  const toProblem = range.to ? calendarDateProblem(range.to) : undefined;
  if (fromProblem) fields['from'] = fromProblem;
  if (toProblem) fields['to'] = toProblem;
  const problem = !fromProblem && !toProblem && range.from && range.to ? rangeProblem(range.from, range.to) : undefined;
  if (problem) fields[problem.field] = problem.message;
  return fields;
}

/** SQL conditions keeping `column` within the days (UK clock), the end day included; none for an open end. */
export function withinDays(column: string, range: DayRange): RawBuilder<boolean>[] {
  const ref = sql.ref(column);
  const conditions: RawBuilder<boolean>[] = [];
  if (range.from) conditions.push(sql<boolean>`${ref} >= (cast(${range.from} as date))::timestamp AT TIME ZONE ${LOG_ZONE}`);
  if (range.to) conditions.push(sql<boolean>`${ref} < (cast(${range.to} as date) + 1)::timestamp AT TIME ZONE ${LOG_ZONE}`);
  return conditions;
}

/** `%` and `_` typed by the admin are searched for literally; matches anywhere. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The From / To date fields every log's filter form has. */
export function DayRangeFields({ range, errors }: { range: DayRange; errors?: FieldErrors | undefined }) {
  return (
    <>
      <TextField type="date" required={false} name="from" label="From (UK date)" value={range.from} errors={errors} />
      <TextField type="date" required={false} name="to" label="To (UK date, inclusive)" value={range.to} errors={errors} />
    </>
  );
}
