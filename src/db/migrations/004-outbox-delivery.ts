// Frozen. What delivering the outbox needs: a message id consumers dedupe by, a
// lease token for claimed rows, the in-app ticket feed, password-reset tokens,
// and rate-limit hits shared by every instance.
import { sql, type Kysely } from 'kysely';

const statements = [
  // Stable across retries and unique across databases: printers and mail
  // clients dedupe redeliveries by it.
  `ALTER TABLE outbox ADD COLUMN message_id uuid NOT NULL DEFAULT gen_random_uuid()`,
  `CREATE UNIQUE INDEX outbox_message_id_idx ON outbox (message_id)`,
  // Set while an instance is delivering the row; available_at is then the lease's end.
  `ALTER TABLE outbox ADD COLUMN lease_token uuid`,
  `CREATE INDEX outbox_parked_idx ON outbox (parked_at DESC) WHERE parked_at IS NOT NULL`,
  // Each ticket as it was rendered for the store: the feed page and a reprint
  // record. message_id makes a redelivered ticket land once.
  `CREATE TABLE store_tickets (
     id bigserial PRIMARY KEY,
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     message_id uuid NOT NULL UNIQUE,
     order_id text NOT NULL,
     order_number text NOT NULL,
     payload jsonb NOT NULL,
     text text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX store_tickets_store_idx ON store_tickets (store_id, created_at DESC)`,
  // Only a SHA-256 of the token is kept: a leaked table resets no passwords.
  `CREATE TABLE password_resets (
     id bigserial PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     token_hash text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     used_at timestamptz
   )`,
  `CREATE INDEX password_resets_user_idx ON password_resets (user_id)`,
  // One row per counted attempt; old rows are pruned as buckets are checked.
  `CREATE TABLE rate_limit_hits (
     bucket text NOT NULL,
     hit_at timestamptz NOT NULL
   )`,
  `CREATE INDEX rate_limit_hits_bucket_idx ON rate_limit_hits (bucket, hit_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'DROP TABLE IF EXISTS rate_limit_hits',
    'DROP TABLE IF EXISTS password_resets',
    'DROP TABLE IF EXISTS store_tickets',
    'DROP INDEX IF EXISTS outbox_parked_idx',
    'ALTER TABLE outbox DROP COLUMN IF EXISTS lease_token',
    'ALTER TABLE outbox DROP COLUMN IF EXISTS message_id',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
