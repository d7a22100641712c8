// Collects the field problems of an admin form's business rules (the schema checks the rest).
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
