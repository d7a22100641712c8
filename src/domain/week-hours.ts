// Validating a week of opening hours as a manager or admin enters it.
// A day is either closed or open from one time to a later time the same day
// (the schema's CHECK closes > opens: no overnight opening).
import type { FieldErrors } from './errors.js';
import { dayName, type OpeningHours } from './opening-hours.js';
import { isTimeOfDay } from './store-time.js';

export interface DayInput {
  isoDay: number;
  open: boolean;
  opens: string;
  closes: string;
}

export type WeekHoursResult = { ok: true; hours: OpeningHours[] } | { ok: false; fields: FieldErrors };

/** Checks each day; field names are `hours.<isoDay>.opens|closes` so forms can show errors beside them. */
export function validateWeekHours(days: readonly DayInput[]): WeekHoursResult {
  const fields: FieldErrors = {};
  const hours: OpeningHours[] = [];
  const seen = new Set<number>();
  for (const day of days) {
    if (!Number.isInteger(day.isoDay) || day.isoDay < 1 || day.isoDay > 7) {
      fields['hours'] = 'Days are numbered 1 (Monday) to 7 (Sunday).';
      continue;
    }
    if (seen.has(day.isoDay)) {
      fields[`hours.${day.isoDay}`] = `${dayName(day.isoDay)} is given twice.`;
      continue;
    }
    seen.add(day.isoDay);
    if (!day.open) continue;
    const name = dayName(day.isoDay);
    const opensOk = isTimeOfDay(day.opens);
    const closesOk = isTimeOfDay(day.closes);
    if (!opensOk) fields[`hours.${day.isoDay}.opens`] = `${name}: opening time must be a time like 07:30.`;
    if (!closesOk) fields[`hours.${day.isoDay}.closes`] = `${name}: closing time must be a time like 18:00.`;
    if (opensOk && closesOk && day.closes <= day.opens) {
      fields[`hours.${day.isoDay}.closes`] = `${name}: closing time must be after opening time (${day.opens}).`;
    }
    if (opensOk && closesOk && day.closes > day.opens) hours.push({ isoDay: day.isoDay, opens: day.opens, closes: day.closes });
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, hours: hours.sort((a, b) => a.isoDay - b.isoDay) };
}
