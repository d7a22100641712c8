// Frozen: never edit a migration that has shipped; add a new one.
// The VAT rate each order line was sold at (issue 9 item 7, decision 332), snapshotted with the
// line like its price: a receipt shows the rate of the day of sale even after a rate changes (the
// UK cut hospitality's rate to 5 % in 2020–21). Lines sold before this migration were standard-rated.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE order_lines ADD COLUMN vat_rate_percent integer NOT NULL DEFAULT 20
    CONSTRAINT order_lines_vat_rate_percent_range CHECK (vat_rate_percent BETWEEN 0 AND 100)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE order_lines DROP COLUMN vat_rate_percent`.execute(db);
}
