// Small pure checks shared by the admin forms. Each returns a message for the
// field, or undefined when the value is fine.
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export function textProblem(value: string, label: string, { min = 1, max = 120 } = {}): string | undefined {
  if (value.length < min) return `Enter ${label}.`;
  if (value.length > max) return `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer.`;
  return undefined;
}

export function slugProblem(value: string): string | undefined {
  if (value.length === 0) return 'Enter a slug (lower-case letters, digits and hyphens).';
  if (value.length > 80 || !SLUG.test(value)) return 'Use lower-case letters, digits and single hyphens, like "flat-white".';
  return undefined;
}

/** Collects field problems; `ok` is true when there are none. */
export class Problems {
  readonly fields: Record<string, string> = {};

  check(field: string, problem: string | undefined): void {
    if (problem && !this.fields[field]) this.fields[field] = problem;
  }

  get ok(): boolean {
    return Object.keys(this.fields).length === 0;
  }
}
