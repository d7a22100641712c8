// "Nothing was written": a full snapshot of every table a customer request can
// touch, compared before and after. Rows are compared as JSON, so an UPDATE that
// changes only a timestamp still shows.
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';

export const CUSTOMER_TABLES = ['users', 'user_roles', 'sessions', 'baskets', 'basket_lines', 'stores', 'store_products', 'store_options', 'outbox'] as const;

export type Snapshot = Record<string, string[]>;

export async function snapshot(db: Kysely<DB>, tables: readonly string[] = CUSTOMER_TABLES): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const table of tables) {
    const { rows } = await sql<{ row: string }>`SELECT to_jsonb(t)::text AS row FROM ${sql.table(table)} t ORDER BY 1`.execute(db);
    result[table] = rows.map((r) => r.row);
  }
  return result;
}

/** Runs `action` and asserts no row in the customer tables was inserted, updated or deleted. */
export async function unchanged<T>(db: Kysely<DB>, action: () => Promise<T>): Promise<T> {
  const before = await snapshot(db);
  const result = await action();
  const after = await snapshot(db);
  for (const table of Object.keys(before)) {
    assert.deepEqual(after[table], before[table], `${table} changed`);
  }
  return result;
}

export async function countRows(db: Kysely<DB>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return rows[0]!.n;
}
