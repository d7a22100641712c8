// "Order again" (from the history or a favourite) into a basket that already holds something asks
// first: replace what is there, or add to it. It never merges silently (decision 321).

export const ORDER_AGAIN_MODES = ['replace', 'add'] as const;
export type OrderAgainMode = (typeof ORDER_AGAIN_MODES)[number];

/** What to do now: ask the customer, or go ahead with the mode they chose (an empty basket needs no question). */
export function orderAgainStep(basketItems: number, mode: OrderAgainMode | undefined): 'ask' | OrderAgainMode {
  if (mode) return mode;
  return basketItems > 0 ? 'ask' : 'add';
}
