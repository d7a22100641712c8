// How long until an order is ready (DESIGN.md §2, decision 303). A store makes at most
// `drinksPerSlot` drinks per 5-minute slot, so its baristas start one drink every
// SLOT_MS / drinksPerSlot: orders ahead are laid out first come, first served on that stream,
// each no earlier than its own moment (when it was charged, or when a scheduled one starts).
// ETA(order) = the wait until its last drink can start (capacity) + the longest preparation
// time among its categories (order-triggers.ts's etaMs), + busy mode's extra minutes.
// A full slot, for pickup times, is in pickup-slots.ts.
import { etaMs, SLOT_MS } from './order-triggers.js';

/** Work ahead of an order: an order in the queue or scheduled, from its moment on. */
export interface KitchenWork {
  /** When its making starts: when it was charged, or a scheduled order's moment. */
  startsAt: Date;
  /** Drinks only: food is handed over and takes no barista time (categories.is_drink). */
  drinks: number;
}

/** Busy mode that adds minutes to every ETA instead of pausing ordering. */
export interface BusyExtra {
  extraMinutes: number;
  /** When it ends by itself; null: until the manager turns it off. */
  until: Date | null;
}

export const MIN_DRINKS_PER_SLOT = 1;
export const MAX_DRINKS_PER_SLOT = 500;
export const MAX_BUSY_EXTRA_MINUTES = 120;
export const MAX_PREP_SECONDS = 3600;

/** The gap between two drinks' starts at a store working at capacity. */
export function drinkGapMs(drinksPerSlot: number): number {
  return SLOT_MS / Math.max(MIN_DRINKS_PER_SLOT, drinksPerSlot);
}

/**
 * When the next drink can start after `work` is laid out on the store's stream (first come,
 * first served by moment), ignoring work that starts after `at`: a later order never delays
 * an earlier one. Never before `at`.
 */
export function kitchenFreeAt(work: readonly KitchenWork[], drinksPerSlot: number, at: Date): Date {
  const gap = drinkGapMs(drinksPerSlot);
  let free = Number.NEGATIVE_INFINITY;
  const ahead = work.filter((w) => w.startsAt.getTime() <= at.getTime()).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const w of ahead) {
    if (w.drinks <= 0) continue;
    free = Math.max(free, w.startsAt.getTime()) + w.drinks * gap;
  }
  return new Date(Math.max(free, at.getTime()));
}

/** The wait from `at` until an order of `drinks` drinks has its last drink started. */
export function capacityWaitMs(work: readonly KitchenWork[], drinksPerSlot: number, at: Date, drinks: number): number {
  const first = kitchenFreeAt(work, drinksPerSlot, at).getTime();
  const last = first + Math.max(0, drinks - 1) * drinkGapMs(drinksPerSlot);
  return last - at.getTime();
}

/** Busy mode is on at `at`: it has no end, or its resume time is still ahead. */
export function isBusyAt(busy: BusyExtra | null, at: Date): boolean {
  return busy !== null && (busy.until === null || busy.until.getTime() > at.getTime());
}

/** What busy mode adds to an order made at `at`. */
export function busyExtraMs(busy: BusyExtra | null, at: Date): number {
  return busy !== null && isBusyAt(busy, at) ? busy.extraMinutes * 60_000 : 0;
}

export interface OrderEtaInput {
  work: readonly KitchenWork[];
  drinksPerSlot: number;
  busy: BusyExtra | null;
  /** When making would start (now, or a scheduled order's moment). */
  at: Date;
  drinks: number;
  /** The longest preparation time among the order's categories. */
  prepMs: number;
}

/** ETA(order): from the moment making starts until it is ready. */
export function orderEtaMs(input: OrderEtaInput): number {
  const capacity = input.drinks > 0 ? capacityWaitMs(input.work, input.drinksPerSlot, input.at, input.drinks) : 0;
  return etaMs({ capacityWaitMs: capacity + busyExtraMs(input.busy, input.at), prepMs: [input.prepMs] });
}

/** When the order would be ready if making started at `input.at`. */
export function readyAt(input: OrderEtaInput): Date {
  return new Date(input.at.getTime() + orderEtaMs(input));
}

/** Whole minutes for the customer, rounded up (never "ready in 0 minutes" while it isn't). */
export function etaMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
