// Frozen: never edit a migration that has shipped; add a new one.
// Card authorisation becomes claim → call → settle (decision 216): the request that claims an
// `authorising` order writes a token here and calls the gateway with no row locked; a concurrent
// twin sees the claim and waits for the answer instead of calling the gateway too. The claim is
// timed by the database's clock so a claimant that died (a killed instance) can be taken over.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`ALTER TABLE orders
    ADD COLUMN authorise_claim text CHECK (length(authorise_claim) BETWEEN 1 AND 100),
    ADD COLUMN authorise_claimed_at timestamptz`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE orders DROP COLUMN authorise_claim, DROP COLUMN authorise_claimed_at').execute(db);
}
