// Frozen: never edit a migration that has shipped; add a new one.
// Issue 11 (decisions 602, 604): changes are announced on the live channel every instance already
// LISTENs to (src/live/live-hub.ts), in the transaction that makes them, so they arrive on commit:
// - a catalogue or availability change sends the new catalogue version, `{"c": <version>}`, so
//   every instance drops its prebuilt menus at once instead of asking the database on each request;
//   the stores themselves (name, address) count as catalogue now, since the prebuilt menu names them;
// - a new outbox row sends `{"x": 1}`, so the drainers deliver it at once rather than at their next poll.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE OR REPLACE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      bumped bigint;
    BEGIN
      UPDATE catalogue_version SET version = version + 1 RETURNING version INTO bumped;
      PERFORM pg_notify('alpaca_live', json_build_object('c', bumped)::text);
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER stores_bump_catalogue_version
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stores
      FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`)
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('alpaca_live', '{"x":1}');
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql.raw(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TRIGGER outbox_notify ON outbox').execute(db);
  await sql.raw('DROP FUNCTION notify_outbox()').execute(db);
  await sql.raw('DROP TRIGGER stores_bump_catalogue_version ON stores').execute(db);
  await sql
    .raw(`CREATE OR REPLACE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE catalogue_version SET version = version + 1;
      RETURN NULL;
    END $$`)
    .execute(db);
}
