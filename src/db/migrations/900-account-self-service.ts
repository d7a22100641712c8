// Frozen: never edit a migration that has shipped; add a new one.
// The account's own page (issue 14, decisions 900–906):
// - users: when the email was verified, an address waiting for confirmation, the notification
//   choices, and when the account was erased (its row stays, emptied, so orders keep their owner);
// - sessions: what device opened it and when it was last used (the "active sessions" list);
// - account_tokens: single-use links for verifying an email and confirming a new one (only hashes).
// Accounts that exist already count as verified: they were made before there was a link to click.
import { sql, type Kysely } from 'kysely';

const statements = [
  `ALTER TABLE users ADD COLUMN email_verified_at timestamptz`,
  `ALTER TABLE users ADD COLUMN pending_email text CHECK (pending_email = lower(pending_email) AND length(pending_email) BETWEEN 3 AND 254)`,
  `ALTER TABLE users ADD COLUMN notify_receipt boolean NOT NULL DEFAULT true`,
  `ALTER TABLE users ADD COLUMN notify_ready boolean NOT NULL DEFAULT true`,
  `ALTER TABLE users ADD COLUMN erased_at timestamptz`,
  `UPDATE users SET email_verified_at = created_at`,
  `ALTER TABLE sessions ADD COLUMN device text NOT NULL DEFAULT '' CHECK (length(device) <= 120)`,
  `ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`,
  `CREATE INDEX sessions_expires_idx ON sessions (expires_at)`,
  `CREATE TABLE account_tokens (
     id bigserial PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     purpose text NOT NULL CHECK (purpose IN ('verify', 'change')),
     email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
     token_hash text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     used_at timestamptz
   )`,
  `CREATE INDEX account_tokens_user_idx ON account_tokens (user_id)`,
  `CREATE INDEX baskets_guest_updated_idx ON baskets (updated_at) WHERE user_id IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'DROP INDEX baskets_guest_updated_idx',
    'DROP TABLE account_tokens',
    'DROP INDEX sessions_expires_idx',
    'ALTER TABLE sessions DROP COLUMN last_seen_at',
    'ALTER TABLE sessions DROP COLUMN device',
    'ALTER TABLE users DROP COLUMN erased_at',
    'ALTER TABLE users DROP COLUMN notify_ready',
    'ALTER TABLE users DROP COLUMN notify_receipt',
    'ALTER TABLE users DROP COLUMN pending_email',
    'ALTER TABLE users DROP COLUMN email_verified_at',
  ])
    await sql.raw(statement).execute(db);
}
