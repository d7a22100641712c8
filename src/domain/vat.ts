// UK VAT on a receipt (issue 9 item 7, decision 332). Prices are VAT-inclusive: hot drinks and
// takeaway food here are standard-rated (20 %). VAT is worked out once per rate from the
// VAT-inclusive total of that rate (total × rate / (100 + rate), rounded half up), never line by
// line, so per-line rounding cannot add up to a penny more or less than the rate's total says.
// Net is what is left: total − VAT, so net + VAT = total exactly.

/** The UK standard rate, in percent: what every item on this menu is sold at. */
export const STANDARD_RATE_PERCENT = 20;

export interface VatRateLine {
  /** VAT-inclusive, in pence. */
  totalPence: number;
  vatRatePercent: number;
}

export interface VatRateRow {
  ratePercent: number;
  netPence: number;
  vatPence: number;
  totalPence: number;
}

export interface VatReceipt {
  /** One row per rate, highest rate first. */
  rates: VatRateRow[];
  netPence: number;
  vatPence: number;
  totalPence: number;
}

/** The VAT inside a VAT-inclusive amount, in whole pence, rounded half up (integer arithmetic). */
export function vatInGross(grossPence: number, ratePercent: number): number {
  const divisor = 100 + ratePercent;
  return Math.floor((2 * grossPence * ratePercent + divisor) / (2 * divisor));
}

export function vatReceipt(lines: readonly VatRateLine[]): VatReceipt {
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.vatRatePercent, (byRate.get(line.vatRatePercent) ?? 0) + line.totalPence);
  const rates = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([ratePercent, totalPence]) => {
      const vatPence = vatInGross(totalPence, ratePercent);
      return { ratePercent, netPence: totalPence - vatPence, vatPence, totalPence };
    });
  const sum = (pick: (r: VatRateRow) => number) => rates.reduce((total, r) => total + pick(r), 0);
  return { rates, netPence: sum((r) => r.netPence), vatPence: sum((r) => r.vatPence), totalPence: sum((r) => r.totalPence) };
}

/** "GB123456789" as HMRC prints it: "GB 123 4567 89" (branch-traders' 12 digits add " 123"). */
export function formatVatNumber(vatNumber: string): string {
  const digits = vatNumber.replace(/^GB/, '');
  const groups = [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7, 9), digits.slice(9)].filter((g) => g !== '');
  return `GB ${groups.join(' ')}`;
}
