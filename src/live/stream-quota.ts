// How many live streams one account (or one anonymous visitor) may hold open on this instance
// (DESIGN.md §3: 10 per account, 3 per visitor). A probe held 60 open at once; each costs a
// socket, a subscription and a database read per event. Counted per hub, i.e. per app.
import type { LiveHub } from './live-hub.js';

export interface StreamLimits {
  perAccount: number;
  perVisitor: number;
}

const open = new WeakMap<LiveHub, Map<string, number>>();

/** Takes a place for `owner`'s new stream; returns how to give it back, or null when they hold their limit. */
export function takeStreamPlace(hub: LiveHub, owner: { userId: number } | { visitorId: string }, limits: StreamLimits): (() => void) | null {
  let counts = open.get(hub);
  if (!counts) open.set(hub, (counts = new Map()));
  const key = 'userId' in owner ? `user:${owner.userId}` : `visitor:${owner.visitorId}`;
  const limit = 'userId' in owner ? limits.perAccount : limits.perVisitor;
  const held = counts.get(key) ?? 0;
  if (held >= limit) return null;
  counts.set(key, held + 1);
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const now = (counts.get(key) ?? 1) - 1;
    if (now <= 0) counts.delete(key);
    else counts.set(key, now);
  };
}
