// Frozen. Who changed what, when, with the before/after values.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    actor_id integer REFERENCES users(id) ON DELETE SET NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text,
    store_id integer REFERENCES stores(id) ON DELETE SET NULL,
    before jsonb,
    after jsonb,
    at timestamptz NOT NULL DEFAULT now()
  )`)
    .execute(db);
  await sql.raw(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TABLE audit_log').execute(db);
}
