// Frozen. A counter bumped by any catalogue or availability change, so every
// app instance can cache a store's menu and know, with one cheap read, when
// the cache is stale — without each writer having to remember to invalidate it.
import { sql, type Kysely } from 'kysely';

const TABLES = ['categories', 'products', 'option_groups', 'options', 'product_option_groups', 'store_products', 'store_options'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE TABLE catalogue_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL DEFAULT 1
  )`)
    .execute(db);
  await sql.raw(`INSERT INTO catalogue_version (id, version) VALUES (true, 1)`).execute(db);
  await sql
    .raw(`CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE catalogue_version SET version = version + 1;
      RETURN NULL;
    END $$`)
    .execute(db);
  for (const table of TABLES) {
    await sql
      .raw(`CREATE TRIGGER ${table}_bump_catalogue_version
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql.raw(`DROP TRIGGER ${table}_bump_catalogue_version ON ${table}`).execute(db);
  await sql.raw('DROP FUNCTION bump_catalogue_version()').execute(db);
  await sql.raw('DROP TABLE catalogue_version').execute(db);
}
