// Frozen: never edit a migration that has shipped; add a new one.
// Paying again for a `needs_payment` order with another card (issue 9 item 4, decision 317):
// - payment_attempt: which card hold the order is on (1 = the one from checkout). Each new hold's
//   gateway calls carry keys with its number, so a new hold is never mistaken for a repeat of an
//   old one, and a void names the hold it releases.
// - pay_again_claim / pay_again_claimed_at: the customer's Idempotency-Key of the pay-again request
//   calling the gateway now, and since when (claim → call → settle, decision 216): a second
//   request with another key is told a payment is in progress; the same key finds the same hold.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders
    ADD COLUMN payment_attempt integer NOT NULL DEFAULT 1 CHECK (payment_attempt BETWEEN 1 AND 1000),
    ADD COLUMN pay_again_claim text,
    ADD COLUMN pay_again_claimed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders DROP COLUMN payment_attempt, DROP COLUMN pay_again_claim, DROP COLUMN pay_again_claimed_at`.execute(db);
}
