// A card's expiry as people type it: "12/29", "1229", "12 / 29", "12-29", "12 29", "1/29" or with a
// four-digit year ("12/2029", "122029"). Phones' number keypads have no slash, so digits alone count.

export interface CardExpiry {
  month: number;
  /** Four digits. */
  year: number;
}

const SEPARATED = /^(\d{1,2})(?:\s*[/-]\s*|\s+)(\d{2}|\d{4})$/;
const DIGITS_ONLY = /^(\d{2})(\d{2}|\d{4})$/;

/** The month and year typed, or null when it isn't an expiry at all. The month is not range-checked here. */
export function parseCardExpiry(typed: string): CardExpiry | null {
  const text = typed.trim();
  const match = SEPARATED.exec(text) ?? DIGITS_ONLY.exec(text);
  if (!match) return null;
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { month: Number(match[1]), year };
}

/** A card is valid to the end of its expiry month (UTC is close enough for a day's margin). */
export function hasExpired(expiry: CardExpiry, now: Date): boolean {
  return Date.UTC(expiry.year, expiry.month, 1) <= now.getTime();
}
