// The slug rule, once: lower-case letters and digits in words joined by single hyphens,
// at most 80 characters. The database's CHECK constraints (migration 001) say the same.
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const SLUG_MAX_LENGTH = 80;
const SLUG = new RegExp(SLUG_PATTERN);

export const SLUG_HINT = 'Use lower-case letters, digits and single hyphens, like "flat-white".';

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX_LENGTH && SLUG.test(value);
}

/** A slug made from a name: "Café Crème & Co" → "cafe-creme-and-co". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
}

/** What is wrong with a slug typed into a form, or undefined when it is fine. */
export function slugProblem(value: string): string | undefined {
  if (value.length === 0) return 'Enter a slug (lower-case letters, digits and hyphens).';
  return isSlug(value) ? undefined : SLUG_HINT;
}
