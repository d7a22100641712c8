// How long a ticket has waited at the counter, and when that becomes a worry.
// The queue page's script reads the thresholds from the page, so they live here only.

export const AMBER_AFTER_MINUTES = 5;
export const RED_AFTER_MINUTES = 10;

/** Whole minutes since `since` (never negative). */
export function waitedMinutes(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}

export function waitLevel(minutes: number): 'fresh' | 'amber' | 'red' {
  return minutes >= RED_AFTER_MINUTES ? 'red' : minutes >= AMBER_AFTER_MINUTES ? 'amber' : 'fresh';
}
