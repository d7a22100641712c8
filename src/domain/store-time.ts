// Wall-clock times at a store, turned into instants and back. Stores keep local
// time (Europe/London shifts by an hour twice a year); the database keeps UTC.

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Building an Intl.DateTimeFormat costs far more than using one (it loads the zone's and locale's
// data), and a menu page or a queue asks for several per request: one per zone and shape, kept.
// A process sees a handful of zones (one per store) and a fixed set of shapes, so the map stays small.
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for `timeZone` with `options` (en-GB unless another locale is asked for), built once
 * per shape, zone and locale. `shape` names the options (the caller's fixed set of them): two callers
 * with the same shape must pass the same options.
 */
export function zoneFormat(shape: string, timeZone: string, options: Intl.DateTimeFormatOptions, locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${shape} ${timeZone} ${locale}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formats.set(key, format);
  }
  return format;
}

/** Date and 24-hour time to the second: the shape of an instant written out in full. */
export const TO_THE_SECOND: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** Minutes east of UTC that `timeZone` is at the instant `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = zoneFormat('instant', timeZone, TO_THE_SECOND).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date (y, m, d) at the store at an instant. */
export function localDate(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = zoneFormat('date', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** The instant a local wall-clock time happens on a local date (DST-safe to the minute). */
export function localToInstant(date: { year: number; month: number; day: number }, hhmm: string, timeZone: string): Date {
  const match = TIME.exec(hhmm);
  if (!match) throw new RangeError(`not a time: ${hhmm}`);
  const naive = Date.UTC(date.year, date.month - 1, date.day, Number(match[1]), Number(match[2]));
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  let instant = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  instant = naive - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The next time the store's clock shows `hhmm` after `now` (today, or tomorrow if that has passed). */
export function nextLocalTime(now: Date, hhmm: string, timeZone: string): Date {
  const today = localToInstant(localDate(now, timeZone), hhmm, timeZone);
  if (today > now) return today;
  const tomorrow = localDate(new Date(now.getTime() + 24 * 3_600_000), timeZone);
  return localToInstant(tomorrow, hhmm, timeZone);
}

/** 'HH:MM' on the store's clock. */
export function formatLocalTime(at: Date, timeZone: string): string {
  return zoneFormat('time', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** 'Wed 25 Nov, 14:30' on the store's clock. */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  return zoneFormat('date-time', timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

export function isTimeOfDay(value: string): boolean {
  return TIME.test(value);
}
