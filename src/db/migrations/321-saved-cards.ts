// Frozen: never edit a migration that has shipped; add a new one.
// Saved cards (issue 9 item 5, decision 323): what is kept of a card a customer chose to save —
// brand, last 4, expiry and the gateway's reference (a Stripe PaymentMethod, or the simulated
// gateway's token) — never a number. `payment_customers` holds the gateway's Customer per account
// (Stripe's cus_…), made on the first saved card. Erasure deletes both and asks the gateway to forget them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE payment_customers (
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    gateway text NOT NULL CHECK (gateway IN ('simulated', 'stripe')),
    reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 255),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, gateway)
  )`.execute(db);
  await sql`CREATE TABLE saved_cards (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    gateway text NOT NULL CHECK (gateway IN ('simulated', 'stripe')),
    reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 255),
    brand text NOT NULL CHECK (length(brand) BETWEEN 1 AND 40),
    last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    exp_month smallint NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
    exp_year smallint NOT NULL CHECK (exp_year BETWEEN 2000 AND 2100),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, gateway, reference)
  )`.execute(db);
  await sql`CREATE INDEX saved_cards_user ON saved_cards (user_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE saved_cards`.execute(db);
  await sql`DROP TABLE payment_customers`.execute(db);
}
