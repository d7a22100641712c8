// "A rejected request changes nothing" (issue 15 item 7), checked row by row: a trigger on every
// table of the test database writes each committed INSERT, real UPDATE (a row that differs), DELETE
// and TRUNCATE into fuzz_journal. Reading the journal after a request is one cheap query, where
// snapshotting every table would cost more than the request; and a write rolled back with its
// transaction leaves no entry, as it leaves no trace. Test databases only (decision 520).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.js';

export interface JournalEntry {
  id: number;
  tbl: string;
  op: string;
  /** The row written (the old one for a DELETE), as JSON text. */
  row: string | null;
}

export async function installWriteJournal(db: Kysely<DB>): Promise<void> {
  await sql`CREATE TABLE fuzz_journal (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, row text)`.execute(db);
  await sql`CREATE FUNCTION fuzz_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO fuzz_journal (tbl, op) VALUES (TG_TABLE_NAME, TG_OP);
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO fuzz_journal (tbl, op, row) VALUES (TG_TABLE_NAME, TG_OP, left(to_jsonb(OLD)::text, 2000));
      ELSE
        INSERT INTO fuzz_journal (tbl, op, row) VALUES (TG_TABLE_NAME, TG_OP, left(to_jsonb(NEW)::text, 2000));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'fuzz_journal'`.execute(db);
  for (const { name } of rows) {
    const table = sql.table(name);
    await sql`CREATE TRIGGER fuzz_journal_ins_del AFTER INSERT OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION fuzz_journal_row()`.execute(db);
    await sql`CREATE TRIGGER fuzz_journal_upd AFTER UPDATE ON ${table} FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION fuzz_journal_row()`.execute(
      db,
    );
    await sql`CREATE TRIGGER fuzz_journal_trunc AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION fuzz_journal_row()`.execute(db);
  }
}

/** Reads the journal from where the last read stopped. */
export class JournalReader {
  private last = 0;

  constructor(private readonly db: Kysely<DB>) {}

  /** The entries written since the last call. */
  async since(): Promise<JournalEntry[]> {
    const { rows } = await sql<JournalEntry>`SELECT id, tbl, op, row FROM fuzz_journal WHERE id > ${this.last} ORDER BY id`.execute(this.db);
    if (rows.length > 0) this.last = Number(rows[rows.length - 1]!.id);
    return rows;
  }

  /** Forgets what was written so far (the test's own fixtures). */
  async skip(): Promise<void> {
    await this.since();
  }
}
