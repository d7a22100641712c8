// Binding a JSON value to a jsonb column the same way on node-postgres and PGlite.
// Drivers encode a JS value bound straight to jsonb each their own way (node-postgres
// sends a string as-is and an array as a PostgreSQL array; postgres.js encoded a string
// a second time), so the JSON text is bound as text and cast in SQL instead.
import { sql, type RawBuilder } from 'kysely';

export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`cast(${JSON.stringify(value)} as text)::jsonb`;
}
