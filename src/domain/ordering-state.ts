// Whether a store can take an order now, and why not (issue 9 item 3, decision 318): shown on the
// store chooser, the menu, the basket and checkout before anything is typed, and the reason
// "Place order" is disabled. Placing checks the same rules again (place-order.ts).
import { busyNow, isOpen, isPaused, type Store } from './store.js';
import { nextOpening } from './sold-out-until.js';
import { specialDayOn } from './special-days.js';
import { localDate } from './store-time.js';

export type OrderingState =
  | { kind: 'open' }
  /** Taking orders, each a few minutes longer (busy mode that adds minutes). */
  | { kind: 'busy'; extraMinutes: number; until: Date | null }
  /** Not taking new orders for now (busy mode that pauses). */
  | { kind: 'paused'; until: Date | null }
  /** `reason`: a holiday closure or special hours on today's date ("Christmas"). */
  | { kind: 'closed'; opensAt: Date | null; reason?: string };

export function orderingState(store: Store, now: Date): OrderingState {
  if (!isOpen(store, now)) {
    const opensAt = nextOpening(store.hours, store.timezone, now, store.specialDays);
    const special = specialDayOn(store.specialDays ?? [], localDate(now, store.timezone));
    return special ? { kind: 'closed', opensAt, reason: special.reason } : { kind: 'closed', opensAt };
  }
  if (isPaused(store, now)) return { kind: 'paused', until: store.pausedUntil };
  const busy = busyNow(store, now);
  if (busy) return { kind: 'busy', extraMinutes: busy.extraMinutes, until: busy.until };
  return { kind: 'open' };
}

export function canOrderNow(state: OrderingState): boolean {
  return state.kind === 'open' || state.kind === 'busy';
}
