// What a manager sets for the ETA (issue 10 item 5, decision 421): the store's capacity in drinks
// per 5-minute slot, and a preparation time per product category (empty: the chain's default).
// The ranges are the database's CHECKs (migration 301), said as the form says them. No I/O.
import type { FieldErrors } from './errors.js';

export const DRINKS_PER_SLOT_MIN = 1;
export const DRINKS_PER_SLOT_MAX = 500;
/** Preparation time in minutes, to the half minute; stored as seconds (0–3600). */
export const PREP_MINUTES_MAX = 60;

export interface CapacityInput {
  drinksPerSlot: string;
  /** Minutes by category slug, as typed; '' keeps the chain's default. */
  prepMinutes: Record<string, string>;
}

export interface CapacitySettings {
  drinksPerSlot: number;
  /** Seconds by category slug; null: the chain's default. */
  prepSeconds: Record<string, number | null>;
}

export type CapacityResult = { ok: true; settings: CapacitySettings } | { ok: false; fields: FieldErrors };

const WHOLE = /^\d{1,4}$/;
const HALVES = /^\d{1,3}(\.(0|5))?$/;

/** Checks the form; fields `drinksPerSlot` and `prep.<category slug>`. */
export function validateCapacity(input: CapacityInput, categories: readonly { slug: string; name: string }[]): CapacityResult {
  const fields: FieldErrors = {};
  const text = input.drinksPerSlot.trim();
  const drinks = Number(text);
  if (!WHOLE.test(text) || drinks < DRINKS_PER_SLOT_MIN || drinks > DRINKS_PER_SLOT_MAX) {
    fields['drinksPerSlot'] = `Enter how many drinks the bar makes in 5 minutes: a whole number from ${DRINKS_PER_SLOT_MIN} to ${DRINKS_PER_SLOT_MAX}.`;
  }
  const prepSeconds: Record<string, number | null> = {};
  for (const category of categories) {
    const typed = (input.prepMinutes[category.slug] ?? '').trim();
    if (typed === '') {
      prepSeconds[category.slug] = null;
      continue;
    }
    const minutes = Number(typed);
    if (!HALVES.test(typed) || minutes > PREP_MINUTES_MAX) {
      fields[`prep.${category.slug}`] = `${category.name}: minutes from 0 to ${PREP_MINUTES_MAX}, in halves (like 2.5), or empty for the usual time.`;
      continue;
    }
    prepSeconds[category.slug] = Math.round(minutes * 60);
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, settings: { drinksPerSlot: drinks, prepSeconds } };
}

/** Seconds as the form shows minutes: 150 → "2.5", 180 → "3". */
export function minutesText(seconds: number): string {
  const minutes = Math.round((seconds / 60) * 2) / 2;
  return Number.isInteger(minutes) ? String(minutes) : minutes.toFixed(1);
}
