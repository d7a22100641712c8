// A drink as customised, as one string: the product and its chosen options (group=slug, sorted).
// Two choices of the same drink have the same key whatever order the options come in, so a page
// can tell whether the drink shown (an order line, the product form) is already a favourite. The
// quantity is not part of it: a favourite is kept once per drink (decision 322).
export interface ChosenOption {
  group: string;
  slug: string;
}

export function favouriteKey(product: string, options: readonly ChosenOption[]): string {
  const chosen = options.map((o) => `${o.group}=${o.slug}`).sort();
  return `${product}|${chosen.join(',')}`;
}
