// Frozen: never edit a migration that has shipped; add a new one.
// Favourites (issue 9 item 5, decision 322): a customer's saved customised drinks, by product and
// chosen options (ids, as basket lines keep them), with the quantity they usually take. Not per
// store: "order again" re-checks one at the basket's store. One row per drink per customer.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE favourites (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id integer NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    option_ids integer[] NOT NULL DEFAULT '{}',
    options_key text NOT NULL,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 20),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, product_id, options_key)
  )`.execute(db);
  await sql`CREATE INDEX favourites_user ON favourites (user_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE favourites`.execute(db);
}
