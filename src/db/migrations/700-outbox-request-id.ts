// Frozen: never edit a migration that has shipped; add a new one.
// The request that enqueued an outbox message (its X-Request-Id), so the delivery's log lines can be
// joined to the request's (issue 12, decision 704). Null for messages enqueued outside a request
// (the expiry sweeper, Stripe's own retries of a webhook do have one). Nullable, no default: an
// instance still on the old code keeps inserting rows during a rolling deploy.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE outbox ADD COLUMN request_id text CHECK (length(request_id) BETWEEN 1 AND 128)').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE outbox DROP COLUMN request_id').execute(db);
}
