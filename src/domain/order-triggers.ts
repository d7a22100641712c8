// When making starts (DESIGN.md §2), chosen at checkout and changeable until charged:
// - when I'm here: the customer's tap at the counter starts it;
// - on my way: the customer's own arrival estimate N minutes; due_at = now + N, and making
//   starts at due_at − ETA(order), or at once if that has passed;
// - pickup time: a 5-minute slot; making starts at slot − ETA(order), or at once.
// The card is charged when making starts, never earlier. ETA(order) itself (the store's
// capacity and preparation times) is an input here: computing it belongs to the ETA rules.
import { ValidationError } from './errors.js';
import type { OrderState } from './order-lifecycle.js';

export const TRIGGER_KINDS = ['here', 'on_my_way', 'pickup'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export type Trigger = { kind: 'here' } | { kind: 'on_my_way'; arrivalMinutes: number; dueAt: Date } | { kind: 'pickup'; slot: Date };

/** What the customer asks for; `chooseTrigger` checks it and fixes its times. */
export type TriggerChoice = { kind: 'here' } | { kind: 'on_my_way'; arrivalMinutes: number } | { kind: 'pickup'; slot: Date };

/** The customer's travel time, in whole minutes: long enough for a walk, short of a day trip. */
export const MIN_ARRIVAL_MINUTES = 1;
export const MAX_ARRIVAL_MINUTES = 180;

/** Pickup times and the store's capacity are counted in 5-minute slots. */
export const SLOT_MS = 5 * 60_000;

/** A slot boundary (hh:00, hh:05, …). UK offsets are whole hours, so UTC boundaries are local ones. */
export function isSlotStart(at: Date): boolean {
  return at.getTime() % SLOT_MS === 0;
}

/** The slot an instant falls in (its start). */
export function slotOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / SLOT_MS) * SLOT_MS);
}

/** The first slot that starts after `now` (the earliest pickup time that can be offered). */
export function firstSlotAfter(now: Date): Date {
  return new Date(slotOf(now).getTime() + SLOT_MS);
}

/**
 * Checks a choice and fixes its times. Whether a pickup slot is within opening hours and has
 * capacity left depends on the store: the caller checks that with the ETA rules.
 */
export function chooseTrigger(choice: TriggerChoice, now: Date): Trigger {
  switch (choice.kind) {
    case 'here':
      return { kind: 'here' };
    case 'on_my_way': {
      const minutes = choice.arrivalMinutes;
      if (!Number.isInteger(minutes) || minutes < MIN_ARRIVAL_MINUTES || minutes > MAX_ARRIVAL_MINUTES) {
        throw new ValidationError({ arrivalMinutes: `Enter how many minutes until you arrive, from ${MIN_ARRIVAL_MINUTES} to ${MAX_ARRIVAL_MINUTES}.` });
      }
      return { kind: 'on_my_way', arrivalMinutes: minutes, dueAt: new Date(now.getTime() + minutes * 60_000) };
    }
    case 'pickup': {
      const slot = choice.slot;
      if (Number.isNaN(slot.getTime()) || !isSlotStart(slot)) {
        throw new ValidationError({ pickupSlot: 'Choose a pickup time from the list (every 5 minutes).' });
      }
      if (slot.getTime() <= now.getTime()) throw new ValidationError({ pickupSlot: 'That pickup time has passed. Choose a later one.' });
      return { kind: 'pickup', slot };
    }
  }
}

/** The trigger from an order's columns (trigger_kind, arrival_minutes, due_at, pickup_slot). */
export function triggerFrom(columns: { kind: TriggerKind; arrivalMinutes: number | null; dueAt: Date | null; pickupSlot: Date | null }): Trigger {
  if (columns.kind === 'on_my_way' && columns.arrivalMinutes !== null && columns.dueAt !== null) {
    return { kind: 'on_my_way', arrivalMinutes: columns.arrivalMinutes, dueAt: columns.dueAt };
  }
  if (columns.kind === 'pickup' && columns.pickupSlot !== null) return { kind: 'pickup', slot: columns.pickupSlot };
  if (columns.kind === 'here') return { kind: 'here' };
  throw new RangeError(`incomplete ${columns.kind} trigger`);
}

/**
 * What ETA(order) is made of (DESIGN.md §2): the time until the store's capacity (drinks per
 * 5 minutes) has room for this order's drinks behind the queue ahead of it, plus the longest
 * preparation time among its categories.
 */
export interface EtaInput {
  capacityWaitMs: number;
  /** The preparation time of each of the order's categories. */
  prepMs: readonly number[];
}

/** ETA(order) in milliseconds. */
export function etaMs(input: EtaInput): number {
  return Math.max(0, input.capacityWaitMs) + Math.max(0, ...input.prepMs);
}

/** When making starts (and the card is charged): null for "when I'm here", which the tap starts. */
export function makingStartsAt(trigger: Trigger, eta: number, now: Date): Date | null {
  if (trigger.kind === 'here') return null;
  const readyBy = trigger.kind === 'on_my_way' ? trigger.dueAt : trigger.slot;
  return new Date(Math.max(now.getTime(), readyBy.getTime() - eta));
}

/** A scheduled order whose moment has come. */
export function isDue(startsAt: Date | null, now: Date): boolean {
  return startsAt !== null && startsAt.getTime() <= now.getTime();
}

/** The trigger can be changed until the card is charged, i.e. while the hold waits for it. */
export function canChangeTrigger(state: OrderState): boolean {
  return state === 'authorised';
}

/**
 * When an uncharged hold expires: the check-in window after the order is placed, or after the
 * time the customer chose ("on my way" arrival, pickup slot) when that is later.
 */
export function holdExpiresAt(order: { due_at: Date | null; pickup_slot: Date | null }, now: Date, windowMs: number): Date {
  const readyBy = order.due_at ?? order.pickup_slot;
  return new Date(Math.max(now.getTime(), readyBy?.getTime() ?? now.getTime()) + windowMs);
}
