// A store as every part of the app sees it, and its rules: whether it is open and whether
// busy mode pauses ordering. Pure: src/db/stores.ts reads stores from the database.
import { isOpenAt, type OpeningHours } from './opening-hours.js';
import { isBusyAt, type BusyExtra } from './order-eta.js';
import type { SpecialDay } from './special-days.js';

export interface Store {
  id: number;
  slug: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  phone: string;
  timezone: string;
  paused: boolean;
  pausedUntil: Date | null;
  hours: OpeningHours[];
  /** Holiday hours and closures by date, over the week's hours (none when not loaded). */
  specialDays?: SpecialDay[];
  /** Capacity: drinks made per 5-minute slot. */
  drinksPerSlot: number;
  /** Busy mode that adds minutes to every ETA (null: off). */
  busyExtra: BusyExtra | null;
}

export function formatAddress(store: Pick<Store, 'addressLine1' | 'addressLine2' | 'town' | 'postcode'>): string {
  return [store.addressLine1, store.addressLine2, store.town, store.postcode].filter(Boolean).join(', ');
}

/** Busy mode ends by itself at its resume time. */
export function isPaused(store: Pick<Store, 'paused' | 'pausedUntil'>, now: Date): boolean {
  return store.paused && (store.pausedUntil === null || store.pausedUntil > now);
}

export function isOpen(store: Store, now: Date): boolean {
  return isOpenAt(store.hours, store.timezone, now, store.specialDays);
}

/** The busy mode that adds minutes, while it is on; null when it is off or has ended. */
export function busyNow(store: Pick<Store, 'busyExtra'>, now: Date): BusyExtra | null {
  return isBusyAt(store.busyExtra, now) ? store.busyExtra : null;
}
