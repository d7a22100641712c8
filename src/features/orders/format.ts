// Small view helpers for orders: times in the store's timezone, option wording.
import type { OrderLineOption } from '../../db/schema.js';
import { formatDelta } from '../../domain/money.js';
import { zoneFormat } from '../../domain/store-time.js';

export function storeTime(at: Date | string, timezone: string): string {
  return zoneFormat('orders time', timezone, { hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

export function storeDateTime(at: Date | string, timezone: string): string {
  return zoneFormat('orders date-time', timezone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

export function optionWords(options: readonly OrderLineOption[]): string {
  return options.map((o) => (o.priceDeltaPence ? `${o.name} (${formatDelta(o.priceDeltaPence)})` : o.name)).join(' · ');
}
