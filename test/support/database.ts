// Every test app gets its own database, copied from one migrated and seeded
// template: PGlite from a data-dir image, PostgreSQL with CREATE DATABASE … TEMPLATE.
// TEST_DATABASE=postgres (with TEST_PG_URL) picks the real server; the default is PGlite.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase, wrapPglite, type Database } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedDemoData } from '../../src/db/seed/seed.js';

export const TEST_DATABASE = process.env['TEST_DATABASE'] === 'postgres' ? 'postgres' : 'pglite';
const PG_ADMIN_URL = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:55432/postgres';
const TEMPLATE_DB = 'alpaca_template';
const IMAGE = path.resolve('.test-tmp/pglite-template.tar.gz');

/** One statement as the server's superuser (CREATE/DROP DATABASE), on a connection of its own. */
export async function adminQuery(statement: string, url = PG_ADMIN_URL): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Builds the templates once per test run (scripts/test calls this before the suites). `pglite: false`
 * leaves the PGlite image as it is: the run built it already, and the PostgreSQL suite needs only
 * its own template (an initdb, the migrations and the seed saved, decision 820).
 */
export async function prepareTemplates({ pglite: buildImage = true } = {}): Promise<void> {
  if (buildImage) {
    await fs.mkdir(path.dirname(IMAGE), { recursive: true });
    const pglite = await PGlite.create();
    const db = wrapPglite(pglite);
    await migrateToLatest(db.writer);
    await seedDemoData(db.writer);
    const image = await pglite.dumpDataDir('gzip');
    await fs.writeFile(`${IMAGE}.tmp`, Buffer.from(await image.arrayBuffer()));
    await fs.rename(`${IMAGE}.tmp`, IMAGE);
    await db.close();
  }

  if (TEST_DATABASE === 'postgres') {
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${TEMPLATE_DB}`;
    const template = await connectDatabase({ dataDir: '', databaseUrl: url.toString(), poolSize: 1 });
    await migrateToLatest(template.writer);
    await seedDemoData(template.writer);
    await template.close();
  }
}

async function pgliteImage(): Promise<Blob> {
  try {
    return new Blob([await fs.readFile(IMAGE)]);
  } catch {
    await prepareTemplates();
    return new Blob([await fs.readFile(IMAGE)]);
  }
}

export interface TestDatabase {
  db: Database;
  /** A connection URL when running on PostgreSQL (for tests that start a second app). */
  url: string | null;
  drop(): Promise<void>;
}

/** A PGlite database from the template, whichever engine the run is on (for cross-engine tests). */
export async function freshPgliteDatabase(): Promise<TestDatabase> {
  const pglite = await PGlite.create({ loadDataDir: await pgliteImage() });
  const db = wrapPglite(pglite);
  return { db, url: null, drop: () => db.close() };
}

export async function freshDatabase(): Promise<TestDatabase> {
  if (TEST_DATABASE === 'pglite') return freshPgliteDatabase();
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await connectDatabase({ dataDir: '', databaseUrl: url.toString(), poolSize: 5 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
