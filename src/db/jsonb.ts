// Binding a JSON value to a jsonb column the same way on postgres.js and PGlite.
// postgres.js would encode a JS string bound straight to jsonb a second time
// (storing a jsonb *string*), so the text is cast in SQL instead.
import { sql, type RawBuilder } from 'kysely';

export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`cast(${JSON.stringify(value)} as text)::jsonb`;
}
