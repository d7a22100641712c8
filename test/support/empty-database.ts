// An empty database (no migrations, no seed) for tests of what happens at first
// start. On PostgreSQL each open() is a separate connection pool, as two app
// instances would have; PGlite is one process's database, so opens share it.
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase, wrapPglite, type Database } from '../../src/db/connect.js';
import { adminQuery, TEST_DATABASE } from './database.js';

export interface EmptyDatabase {
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function emptyDatabase(): Promise<EmptyDatabase> {
  if (TEST_DATABASE === 'pglite') {
    const pglite = await PGlite.create();
    return { open: async () => wrapPglite(pglite), drop: () => pglite.close() };
  }
  const adminUrl = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:55432/postgres';
  const name = `e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`, adminUrl);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened: Database[] = [];
  return {
    async open() {
      const db = await connectDatabase({ dataDir: '', databaseUrl: url.toString(), poolSize: 3 });
      opened.push(db);
      return db;
    },
    async drop() {
      for (const db of opened) await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, adminUrl);
    },
  };
}
