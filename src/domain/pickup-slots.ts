// Which pickup times a customer is offered (DESIGN.md §2, decision 304): 5-minute slots in the
// store's opening hours, today while it is open, or on the next opening day when it is closed
// now; never one the order can't be ready by, and never a full one. A slot is full when the
// drinks already due to be ready in it, and this order's, exceed what the store makes in a slot
// (its drinks per slot): at a steady pace the drinks made in a slot are the ones ready a
// preparation time later, so this is §2's "counted in the slot in which they are made", shifted
// by the lead, and it is what a customer choosing a time can see.
import type { OpeningHours } from './opening-hours.js';
import { openDates, type SpecialDay } from './special-days.js';
import { SLOT_MS, slotOf } from './order-triggers.js';
import { localDate, localToInstant } from './store-time.js';

/** Drinks already due to be ready at a moment: a pickup slot, an arrival, a charged order's estimate. */
export interface SlotBooking {
  readyAt: Date;
  drinks: number;
}

/** Drinks counted against the slot that `at` falls in. */
export function slotLoad(bookings: readonly SlotBooking[], at: Date): number {
  const slot = slotOf(at).getTime();
  return bookings.reduce((sum, b) => (slotOf(b.readyAt).getTime() === slot ? sum + b.drinks : sum), 0);
}

/**
 * The slot `at` falls in can take `drinks` more. An order bigger than a whole slot still gets
 * an empty one: it is made, just slower (its ETA says so).
 */
export function slotHasRoom(bookings: readonly SlotBooking[], at: Date, drinks: number, drinksPerSlot: number): boolean {
  if (drinks <= 0) return true;
  const load = slotLoad(bookings, at);
  return load === 0 || load + drinks <= drinksPerSlot;
}

/** A store's opening window on one of its days. */
export interface OpeningWindow {
  opens: Date;
  closes: Date;
}

/**
 * The store's opening windows that have not closed yet, from today on: `days` dates to look at,
 * not counting the dates of closures, which are stepped over whatever their length.
 */
export function openingWindows(
  hours: readonly OpeningHours[],
  timeZone: string,
  now: Date,
  days = 8,
  specialDays: readonly SpecialDay[] = [],
): OpeningWindow[] {
  const windows: OpeningWindow[] = [];
  for (const day of openDates(hours, specialDays, localDate(now, timeZone), days)) {
    const opens = localToInstant(day.date, day.opens.slice(0, 5), timeZone);
    const closes = localToInstant(day.date, day.closes.slice(0, 5), timeZone);
    if (closes.getTime() > now.getTime()) windows.push({ opens, closes });
  }
  return windows;
}

export interface SlotOfferInput {
  now: Date;
  hours: readonly OpeningHours[];
  /** Holiday hours and closures, over the week's hours on their dates. */
  specialDays?: readonly SpecialDay[] | undefined;
  timeZone: string;
  /** The earliest the order could be ready if it were made now (now + ETA). */
  earliestReady: Date;
  bookings: readonly SlotBooking[];
  drinks: number;
  drinksPerSlot: number;
  /** At most this many slots. */
  limit?: number;
}

export interface SlotOffer {
  /** Slot starts, earliest first, all with room. */
  slots: Date[];
  /** The slots are on a later opening day, not today's (the store is closed now, or has no time left today). */
  laterDay: boolean;
  /** Slots left out because they were full. */
  fullSkipped: number;
}

function ceilToSlot(at: Date): Date {
  const slot = slotOf(at);
  return slot.getTime() === at.getTime() ? slot : new Date(slot.getTime() + SLOT_MS);
}

/**
 * The pickup times to offer: the slots of the first opening window (today's, if the store is
 * open or opens later today; else the next opening day's) that has any with room.
 */
export function offeredSlots(input: SlotOfferInput): SlotOffer {
  const limit = input.limit ?? 48;
  let fullSkipped = 0;
  const windows = openingWindows(input.hours, input.timeZone, input.now, 8, input.specialDays);
  const today = localDate(input.now, input.timeZone);
  for (const window of windows) {
    const first = ceilToSlot(new Date(Math.max(window.opens.getTime(), input.earliestReady.getTime(), input.now.getTime() + 1)));
    const slots: Date[] = [];
    for (let at = first.getTime(); at < window.closes.getTime() && slots.length < limit; at += SLOT_MS) {
      const slot = new Date(at);
      if (slotHasRoom(input.bookings, slot, input.drinks, input.drinksPerSlot)) slots.push(slot);
      else fullSkipped++;
    }
    if (slots.length > 0) {
      const day = localDate(window.opens, input.timeZone);
      const laterDay = day.year !== today.year || day.month !== today.month || day.day !== today.day;
      return { slots, laterDay, fullSkipped };
    }
  }
  return { slots: [], laterDay: false, fullSkipped };
}

/** The slot is one `offeredSlots` would offer now (checked again when the order is placed). */
export function isOffered(offer: SlotOffer, slot: Date): boolean {
  return offer.slots.some((s) => s.getTime() === slot.getTime());
}
