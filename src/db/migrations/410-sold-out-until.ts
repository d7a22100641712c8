// Frozen: never edit a migration that has shipped; add a new one.
// "Sold out until" (issue 10 item 5, decision 417): when a switched-off product or option comes back
// by itself. NULL while it is on, or switched off indefinitely. The sweeper switches it back on at
// that moment (the catalogue-version triggers of migration 007 then refresh every menu cache).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE store_products ADD COLUMN available_again_at timestamptz`.execute(db);
  await sql`ALTER TABLE store_options ADD COLUMN available_again_at timestamptz`.execute(db);
  await sql`CREATE INDEX store_products_again_idx ON store_products (available_again_at) WHERE available_again_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX store_options_again_idx ON store_options (available_again_at) WHERE available_again_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE store_products DROP COLUMN available_again_at`.execute(db);
  await sql`ALTER TABLE store_options DROP COLUMN available_again_at`.execute(db);
}
