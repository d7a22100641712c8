// Frozen: never edit a migration that has shipped; add a new one.
// Holiday hours and closures by date (issue 10 item 5, decision 420): a manager sets, for one date
// or a range of dates on the store's calendar, either a closure or special opening hours, with the
// reason customers are shown ("Closed 25 Dec (Christmas)"). Rows override the week's hours on those
// dates. Overlaps are refused by the app under a lock on the store row (PGlite has no btree_gist
// for an exclusion constraint); the CHECKs keep each row sane on their own.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE store_special_days (
     id serial PRIMARY KEY,
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     first_date date NOT NULL CHECK (first_date BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
     last_date date NOT NULL CHECK (last_date BETWEEN DATE '2000-01-01' AND DATE '2100-12-31'),
     opens time,
     closes time,
     reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 80),
     created_by integer REFERENCES users(id) ON DELETE SET NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT store_special_days_range CHECK (last_date >= first_date AND last_date - first_date < 366),
     CONSTRAINT store_special_days_hours CHECK ((opens IS NULL) = (closes IS NULL) AND (closes IS NULL OR closes > opens))
   )`.execute(db);
  await sql`CREATE INDEX store_special_days_store_idx ON store_special_days (store_id, last_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE store_special_days`.execute(db);
}
