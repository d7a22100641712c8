// Which orders need someone at the store (issue 10 item 4), with no I/O.
import type { OrderState } from './order-lifecycle.js';

/** A hold or a capture with no answer for this long is listed for staff (the sweeper keeps retrying). */
export const ATTENTION_STUCK_MS = 2 * 60_000;

/** The order waits on the bank: `authorising` (the hold) or `capturing` (the charge). */
export function waitsOnBank(state: OrderState): boolean {
  return state === 'authorising' || state === 'capturing';
}

/** Stuck: waiting on the bank for longer than ATTENTION_STUCK_MS since `since`. */
export function isStuck(state: OrderState, since: Date, now: Date): boolean {
  return waitsOnBank(state) && now.getTime() - since.getTime() > ATTENTION_STUCK_MS;
}

/** Whole minutes since `since`, never negative: "waiting 3 min". */
export function minutesSince(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
}
