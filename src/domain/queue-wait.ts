// How long a ticket has waited at the counter, and when that becomes a worry.
// Each store sets its own thresholds (stores.queue_amber_minutes / queue_red_minutes); these are
// the defaults. The queue page's script reads the store's from the page.

export const AMBER_AFTER_MINUTES = 5;
export const RED_AFTER_MINUTES = 10;

export interface WaitThresholds {
  amberMinutes: number;
  redMinutes: number;
}

/** Whole minutes since `since` (never negative). */
export function waitedMinutes(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}

export function waitLevel(
  minutes: number,
  thresholds: WaitThresholds = { amberMinutes: AMBER_AFTER_MINUTES, redMinutes: RED_AFTER_MINUTES },
): 'fresh' | 'amber' | 'red' {
  return minutes >= thresholds.redMinutes ? 'red' : minutes >= thresholds.amberMinutes ? 'amber' : 'fresh';
}

/** A store's thresholds as a manager types them: whole minutes, amber before red. Null when they don't make sense. */
export function checkThresholds(amberMinutes: number, redMinutes: number): string | null {
  if (!Number.isInteger(amberMinutes) || amberMinutes < 1 || amberMinutes > 120) return 'Amber must be a whole number of minutes from 1 to 120.';
  if (!Number.isInteger(redMinutes) || redMinutes < 2 || redMinutes > 240) return 'Red must be a whole number of minutes from 2 to 240.';
  if (redMinutes <= amberMinutes) return 'Red must come after amber.';
  return null;
}
