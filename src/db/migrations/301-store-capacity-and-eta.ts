// Frozen: never edit a migration that has shipped; add a new one.
// What an honest ETA needs (DESIGN.md §2, decision 303):
// - a preparation time per product category: the chain's default on the category, and each
//   store's own where its manager set one (store_category_prep);
// - which categories are drinks: only they count against a store's capacity (a croissant is
//   handed over, not made at the machine);
// - each store's capacity in drinks per 5-minute slot;
// - busy mode that adds minutes instead of pausing, until a resume time (or until turned off);
// - on each order, what the queue needs to know of it without re-reading its lines: how many
//   drinks it makes and its longest preparation time, both fixed at checkout; the ready time
//   the customer was last told; and why a scheduled order's moment came but it was not charged.
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE categories
     ADD COLUMN prep_seconds integer NOT NULL DEFAULT 180 CHECK (prep_seconds BETWEEN 0 AND 3600),
     ADD COLUMN is_drink boolean NOT NULL DEFAULT true`,
  // Food is handed over from the counter: it takes no barista time of its own.
  `UPDATE categories SET is_drink = false, prep_seconds = 0 WHERE slug IN ('pastries', 'cakes')`,
  `CREATE TABLE store_category_prep (
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     category_id integer NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
     prep_seconds integer NOT NULL CHECK (prep_seconds BETWEEN 0 AND 3600),
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (store_id, category_id)
   )`,
  `ALTER TABLE stores
     ADD COLUMN drinks_per_slot integer NOT NULL DEFAULT 12 CHECK (drinks_per_slot BETWEEN 1 AND 500),
     ADD COLUMN busy_extra_minutes integer CHECK (busy_extra_minutes BETWEEN 1 AND 120),
     ADD COLUMN busy_until timestamptz,
     ADD CONSTRAINT stores_busy_shape CHECK (busy_until IS NULL OR busy_extra_minutes IS NOT NULL)`,
  `ALTER TABLE orders
     ADD COLUMN drinks integer NOT NULL DEFAULT 0 CHECK (drinks BETWEEN 0 AND 1000),
     ADD COLUMN prep_seconds integer NOT NULL DEFAULT 0 CHECK (prep_seconds BETWEEN 0 AND 3600),
     ADD COLUMN ready_estimate_at timestamptz,
     ADD COLUMN start_blocked text CHECK (start_blocked IN ('store_paused', 'store_closed', 'sold_out')),
     ADD COLUMN start_blocked_at timestamptz,
     ADD CONSTRAINT orders_start_blocked_shape CHECK ((start_blocked IS NULL) = (start_blocked_at IS NULL))`,
  // Orders placed before this migration: their drinks from their lines, their preparation time
  // from their categories' defaults (nothing was set per store yet).
  `UPDATE orders o SET
     drinks = LEAST(1000, coalesce((SELECT sum(l.quantity) FROM order_lines l
       JOIN products p ON p.id = l.product_id JOIN categories c ON c.id = p.category_id
       WHERE l.order_id = o.id AND c.is_drink), 0)),
     prep_seconds = coalesce((SELECT max(c.prep_seconds) FROM order_lines l
       JOIN products p ON p.id = l.product_id JOIN categories c ON c.id = p.category_id
       WHERE l.order_id = o.id), 0)`,
  // The queue ahead of a new order: a store's charged orders not yet on the counter.
  `CREATE INDEX orders_store_making_idx ON orders (store_id, paid_at) WHERE state IN ('capturing', 'paid')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'DROP INDEX IF EXISTS orders_store_making_idx',
    `ALTER TABLE orders DROP CONSTRAINT orders_start_blocked_shape, DROP COLUMN drinks, DROP COLUMN prep_seconds,
       DROP COLUMN ready_estimate_at, DROP COLUMN start_blocked, DROP COLUMN start_blocked_at`,
    `ALTER TABLE stores DROP CONSTRAINT stores_busy_shape, DROP COLUMN drinks_per_slot,
       DROP COLUMN busy_extra_minutes, DROP COLUMN busy_until`,
    'DROP TABLE IF EXISTS store_category_prep',
    'ALTER TABLE categories DROP COLUMN prep_seconds, DROP COLUMN is_drink',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
