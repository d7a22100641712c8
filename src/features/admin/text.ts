// Small pure checks shared by the admin forms. Each returns a message for the
// field, or undefined when the value is fine.
export function textProblem(value: string, label: string, { min = 1, max = 120 } = {}): string | undefined {
  if (value.length < min) return `Enter ${label}.`;
  if (value.length > max) return `${label[0]!.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer.`;
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
