// Frozen: never edit a migration that has shipped; add a new one.
// The admin payments log (issue 12 item 5, decision 708): every payment call that failed with an
// error rather than an answer, kept with its kind (configuration: a wrong key, a missing permission,
// a request Stripe calls invalid; transient: unreachable, 5xx, rate limited), the operation, the order
// when one is known, and the cause as the gateway gave it. No foreign key: a log outlives what it names.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE payment_errors (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     gateway text NOT NULL CHECK (length(gateway) <= 40),
     operation text NOT NULL CHECK (length(operation) <= 40),
     kind text NOT NULL CHECK (kind IN ('configuration', 'transient')),
     order_id uuid,
     payment_reference text CHECK (length(payment_reference) <= 255),
     message text NOT NULL CHECK (length(message) <= 2000)
   )`,
  `CREATE INDEX payment_errors_at_idx ON payment_errors (at DESC, id DESC)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TABLE payment_errors').execute(db);
}
