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
