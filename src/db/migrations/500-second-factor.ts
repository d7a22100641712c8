// Frozen: never edit a migration that has shipped; add a new one.
// A second factor for staff (issue 15 item 5, decision 512): a TOTP secret per user (RFC 6238),
// pending until a code from it is typed once (enabled_at), with the last time step used so a code
// cannot be replayed; and ten single-use recovery codes, kept only as hashes.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE user_totp (
     user_id integer PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
     secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{32}$'),
     created_at timestamptz NOT NULL DEFAULT now(),
     enabled_at timestamptz,
     last_step bigint
   )`,
  `CREATE TABLE totp_recovery_codes (
     id bigserial PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     code_hash text NOT NULL UNIQUE,
     used_at timestamptz
   )`,
  `CREATE INDEX totp_recovery_codes_user_idx ON totp_recovery_codes (user_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of ['DROP TABLE totp_recovery_codes', 'DROP TABLE user_totp']) await sql.raw(statement).execute(db);
}
