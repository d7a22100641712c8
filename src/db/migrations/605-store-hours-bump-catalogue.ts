// Frozen: never edit a migration that has shipped; add a new one.
// Issue 11 (decision 605): the menu page takes its store (hours, special days, pause, busy mode) and
// the preparation time of "a drink now" from the menu snapshot kept per catalogue version
// (src/features/menu/menu-cache.ts) instead of reading them per request, so the tables they come
// from bump the version and announce it, as `stores` does since migration 600.
import { sql, type Kysely } from 'kysely';

const TABLES = ['store_hours', 'store_special_days', 'store_category_prep'];

export async function up(db: Kysely<any>): Promise<void> {
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
}
