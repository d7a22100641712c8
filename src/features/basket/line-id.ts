/** A basket line id from the path: anything that is not a small positive integer matches no line. */
export function lineId(raw: string): number {
  return /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : -1;
}
