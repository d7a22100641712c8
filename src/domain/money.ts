// Money is integer pence (GBP) everywhere; only the view turns it into pounds.

export function formatPence(pence: number): string {
  if (!Number.isInteger(pence)) throw new TypeError(`pence must be an integer, got ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** "+£0.45" for a price delta, or "" when it costs nothing extra. */
export function formatDelta(pence: number): string {
  if (pence === 0) return '';
  return pence > 0 ? `+${formatPence(pence)}` : formatPence(pence);
}

export function sumPence(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

const POUNDS = /^(-)?£?(\d{1,7})(?:\.(\d{1,2}))?$/;

/**
 * A price typed in pounds ("3.40", "£3.4", "3", "-0.50" when negatives are allowed)
 * as integer pence, or null when the text is not a price. No floats on the way.
 */
export function parsePounds(text: string, { allowNegative = false } = {}): number | null {
  const match = POUNDS.exec(
    text
      .trim()
      .replace(/^-\s*£/, '-£')
      .replace(/^£\s*-/, '-£'),
  );
  if (!match) return null;
  if (match[1] && !allowNegative) return null;
  const pence = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] && pence !== 0 ? -pence : pence;
}

/** Pence as the plain decimal a form field or an export shows: 340 → "3.40". */
export function penceToDecimal(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
