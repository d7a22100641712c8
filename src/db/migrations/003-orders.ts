// Frozen: never edit a migration that has shipped; add a new one.
// Orders are immutable snapshots of a basket; their state moves only through
// conditional updates (src/domain/order-lifecycle.ts), each recorded in order_events.
import { sql, type Kysely } from 'kysely';

const STATES = `'authorising', 'authorised', 'capturing', 'paid', 'ready', 'completed', 'payment_failed', 'expired', 'cancelled'`;

const statements = [
  // Short numbers a barista can call out; gaps (rolled-back inserts, failovers) are harmless.
  `CREATE SEQUENCE order_numbers START WITH 1001`,
  `CREATE TABLE orders (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     number integer NOT NULL UNIQUE DEFAULT nextval('order_numbers'),
     store_id integer NOT NULL REFERENCES stores(id),
     user_id integer NOT NULL REFERENCES users(id),
     state text NOT NULL CHECK (state IN (${STATES})),
     total_pence integer NOT NULL CHECK (total_pence >= 0 AND total_pence <= 10000000),
     currency text NOT NULL DEFAULT 'gbp' CHECK (currency = 'gbp'),
     customer_first_name text NOT NULL CHECK (length(customer_first_name) BETWEEN 1 AND 60),
     customer_last_initial text NOT NULL CHECK (length(customer_last_initial) BETWEEN 0 AND 1),
     card_brand text,
     card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$'),
     payment_gateway text NOT NULL CHECK (payment_gateway IN ('simulated', 'stripe')),
     payment_reference text,
     payment_failure text,
     idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
     created_at timestamptz NOT NULL DEFAULT now(),
     authorised_at timestamptz,
     checked_in_at timestamptz,
     paid_at timestamptz,
     ready_at timestamptz,
     completed_at timestamptz,
     closed_at timestamptz,
     expires_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (user_id, idempotency_key)
   )`,
  `CREATE UNIQUE INDEX orders_payment_reference_idx ON orders (payment_gateway, payment_reference) WHERE payment_reference IS NOT NULL`,
  `CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC)`,
  `CREATE INDEX orders_store_state_idx ON orders (store_id, state, created_at)`,
  // The expiry sweeper scans only held orders.
  `CREATE INDEX orders_expiry_idx ON orders (expires_at) WHERE state = 'authorised'`,
  `CREATE TABLE order_lines (
     id serial PRIMARY KEY,
     order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
     position integer NOT NULL,
     product_id integer REFERENCES products(id) ON DELETE SET NULL,
     product_slug text NOT NULL,
     product_name text NOT NULL,
     -- [{group, groupName, slug, name, priceDeltaPence}] as chosen at checkout
     options jsonb NOT NULL DEFAULT '[]',
     quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
     unit_pence integer NOT NULL CHECK (unit_pence >= 0),
     total_pence integer NOT NULL CHECK (total_pence = unit_pence * quantity),
     UNIQUE (order_id, position)
   )`,
  // A snapshot never changes: what the customer agreed to is what the barista makes.
  `CREATE FUNCTION order_lines_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'order lines are immutable';
   END $$`,
  `CREATE TRIGGER order_lines_no_update BEFORE UPDATE ON order_lines
     FOR EACH ROW EXECUTE FUNCTION order_lines_immutable()`,
  `CREATE TABLE order_events (
     id bigserial PRIMARY KEY,
     order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
     from_state text CHECK (from_state IN (${STATES})),
     to_state text NOT NULL CHECK (to_state IN (${STATES})),
     at timestamptz NOT NULL DEFAULT now(),
     -- 'customer:<id>', 'staff:<id>', 'system', 'stripe'
     actor text NOT NULL,
     detail text
   )`,
  `CREATE INDEX order_events_order_idx ON order_events (order_id, id)`,
  // Stripe delivers at least once, in any order: the event id dedupes.
  `CREATE TABLE stripe_webhook_events (
     event_id text PRIMARY KEY,
     type text NOT NULL,
     payload jsonb NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     processed_at timestamptz,
     result text
   )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'DROP TABLE IF EXISTS stripe_webhook_events',
    'DROP TABLE IF EXISTS order_events',
    'DROP TABLE IF EXISTS order_lines',
    'DROP FUNCTION IF EXISTS order_lines_immutable()',
    'DROP TABLE IF EXISTS orders',
    'DROP SEQUENCE IF EXISTS order_numbers',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
