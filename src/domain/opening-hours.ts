// Whether a store is open, judged by its own wall clock (stores keep local hours), its week's
// hours overridden on holiday dates (special-days.ts).
import { hoursOnDate, type SpecialDay } from './special-days.js';
import { localDate, zoneFormat } from './store-time.js';

export interface OpeningHours {
  isoDay: number; // 1 = Monday … 7 = Sunday
  opens: string; // 'HH:MM' or 'HH:MM:SS'
  closes: string;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function localDayAndTime(now: Date, timeZone: string): { isoDay: number; time: string } {
  const parts = zoneFormat('opening-hours day and time', timeZone, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { isoDay: WEEKDAYS.indexOf(get('weekday')) + 1, time: `${get('hour')}:${get('minute')}:${get('second')}` };
}

function normalise(time: string): string {
  return time.length === 5 ? `${time}:00` : time;
}

export function isOpenAt(hours: readonly OpeningHours[], timeZone: string, now: Date, specialDays: readonly SpecialDay[] = []): boolean {
  const { time } = localDayAndTime(now, timeZone);
  const today = hoursOnDate(hours, specialDays, localDate(now, timeZone));
  return today !== null && normalise(today.opens) <= time && time < normalise(today.closes);
}

export function dayName(isoDay: number): string {
  return ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][isoDay - 1] ?? '?';
}

/** 'HH:MM' from a database time value. */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}
