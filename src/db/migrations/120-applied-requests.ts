// Frozen: never edit a migration that has shipped; add a new one.
// Writes that are not idempotent by nature (adding a basket line adds to its quantity) become
// idempotent under the client's Idempotency-Key: the key is recorded in the write's own
// transaction, and a repeat that finds it applies nothing. So HAProxy, or the client, may safely
// send such a write again after a lost answer (an app killed, a database failover).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE TABLE applied_requests (
    scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 100),
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idempotency_key)
  )`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TABLE applied_requests').execute(db);
}
