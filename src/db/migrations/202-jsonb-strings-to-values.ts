// Frozen: never edit a migration that has shipped; add a new one.
// Before the jsonb() binder (2026-11-25), postgres.js could store a JSON value a second time,
// as a jsonb *string* holding its text. Readers parsed such strings back, each in its own way.
// Now every engine parses jsonb once (src/db/column-types.ts), so those old rows are turned into
// the values they always meant. Only strings whose text is a JSON object or array change: that
// is all the app ever stored in these columns; a string that is not JSON is left as it is.
import { sql, type Kysely } from 'kysely';

const COLUMNS: readonly [table: string, column: string][] = [
  ['outbox', 'payload'],
  ['audit_log', 'before'],
  ['audit_log', 'after'],
  ['order_lines', 'options'],
  ['stripe_webhook_events', 'payload'],
  ['store_tickets', 'payload'],
];

export async function up(db: Kysely<any>): Promise<void> {
  // Text → jsonb, or NULL when the text is not JSON (PostgreSQL 15 has no IS JSON).
  await sql
    .raw(`CREATE FUNCTION migration_202_json_or_null(value text) RETURNS jsonb LANGUAGE plpgsql AS $$
    BEGIN RETURN value::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$`)
    .execute(db);
  for (const [table, column] of COLUMNS) {
    await sql
      .raw(`UPDATE ${table} SET "${column}" = migration_202_json_or_null("${column}" #>> '{}')
      WHERE jsonb_typeof("${column}") = 'string'
        AND jsonb_typeof(migration_202_json_or_null("${column}" #>> '{}')) IN ('object', 'array')`)
      .execute(db);
  }
  await sql.raw('DROP FUNCTION migration_202_json_or_null(text)').execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the values are what the strings meant, and every reader takes them.
}
