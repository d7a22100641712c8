// How long a failed outbox row waits before its next try: exponential, capped,
// with jitter so rows that failed together (a broker outage) don't retry in lockstep.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait after failed attempt `attempt` (1 = the first try failed):
 * base × 2^(attempt-1), capped at max, then scaled by a factor in [0.75, 1.25).
 * `random` is injectable so tests can pin the jitter.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30); // 2^30 × anything already exceeds any cap
  const raw = Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
  return Math.round(raw * (0.75 + random() * 0.5));
}
