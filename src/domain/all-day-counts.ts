// All-day counts for the kitchen display: how many of each drink are waiting to be made, and
// how many of each customisation of it ("Latte 5: Oat · Double 3, Semi-Skimmed · Single 2"),
// so a barista can steam all the oat milk at once. Lines already bumped are done, not waiting.

export interface CountedLine {
  name: string;
  quantity: number;
  options: readonly string[];
  bumped: boolean;
}

export interface AllDayCount {
  name: string;
  quantity: number;
  variants: { options: string[]; quantity: number }[];
}

/** Most-waiting first (then by name); variants likewise. */
export function allDayCounts(lines: readonly CountedLine[]): AllDayCount[] {
  const drinks = new Map<string, Map<string, { options: string[]; quantity: number }>>();
  for (const line of lines) {
    if (line.bumped) continue;
    const variants = drinks.get(line.name) ?? new Map();
    const key = line.options.join('\u0000');
    const variant = variants.get(key) ?? { options: [...line.options], quantity: 0 };
    variant.quantity += line.quantity;
    variants.set(key, variant);
    drinks.set(line.name, variants);
  }
  const byCount = <T extends { quantity: number }>(a: T, b: T, nameA: string, nameB: string) => b.quantity - a.quantity || nameA.localeCompare(nameB);
  return [...drinks]
    .map(([name, variants]) => {
      const list = [...variants.values()].sort((a, b) => byCount(a, b, a.options.join(), b.options.join()));
      return { name, quantity: list.reduce((sum, v) => sum + v.quantity, 0), variants: list };
    })
    .sort((a, b) => byCount(a, b, a.name, b.name));
}
