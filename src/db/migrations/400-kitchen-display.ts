// Frozen: never edit a migration that has shipped; add a new one.
// The kitchen display (issue 10, decisions 400–404):
// - the customer's note to the barista (an allergy, say), up to 140 characters, on the order;
// - a line of an order bumped on its own ("this drink is done"): a row of its own, since order lines
//   are an immutable snapshot; a recall deletes the order's bumps;
// - each store's wait thresholds for the order age timers (amber, then red);
// - what a keyed staff tap did, so the same key answers the same way (applied_requests.outcome).
// Every column is new and nullable or defaulted, the table new: instances on the old code run on beside it.
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE orders ADD COLUMN customer_note text CHECK (customer_note IS NULL OR char_length(customer_note) BETWEEN 1 AND 140)`,
  `CREATE TABLE order_line_bumps (
     order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
     position integer NOT NULL,
     bumped_at timestamptz NOT NULL,
     actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
     PRIMARY KEY (order_id, position)
   )`,
  `ALTER TABLE stores
     ADD COLUMN queue_amber_minutes integer NOT NULL DEFAULT 5 CHECK (queue_amber_minutes BETWEEN 1 AND 120),
     ADD COLUMN queue_red_minutes integer NOT NULL DEFAULT 10 CHECK (queue_red_minutes BETWEEN 2 AND 240)`,
  `ALTER TABLE stores ADD CONSTRAINT stores_queue_thresholds_ordered CHECK (queue_red_minutes > queue_amber_minutes)`,
  `ALTER TABLE applied_requests ADD COLUMN outcome text CHECK (outcome IS NULL OR outcome ~ '^[a-z_]{1,40}$')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'ALTER TABLE applied_requests DROP COLUMN outcome',
    'ALTER TABLE stores DROP CONSTRAINT stores_queue_thresholds_ordered',
    'ALTER TABLE stores DROP COLUMN queue_red_minutes, DROP COLUMN queue_amber_minutes',
    'DROP TABLE order_line_bumps',
    'ALTER TABLE orders DROP COLUMN customer_note',
  ])
    await sql.raw(statement).execute(db);
}
