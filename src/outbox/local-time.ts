// Times in emails and on tickets are the store's wall-clock time, with the zone
// abbreviation (GMT/BST) so nobody has to guess.
import { zoneFormat } from '../domain/store-time.js';

export function formatStoreDateTime(date: Date, timeZone: string): string {
  return zoneFormat('email date-time', timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  })
    .format(date)
    .replace(/ at /, ', ');
}

/** 'Wed 25 Nov 12:05' — short enough for a 42-column ticket line. */
export function formatTicketTime(date: Date, timeZone: string): string {
  const parts = zoneFormat('ticket time', timeZone, {
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}
