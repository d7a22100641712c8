// Opens the database: embedded PGlite in DATA_DIR, or PostgreSQL through
// postgres.js with a writer pool and an optional reader pool.
import fs from 'node:fs/promises';
import path from 'node:path';
import { CompiledQuery, Kysely, PGliteDialect, type DatabaseConnection, type Driver } from 'kysely';
import { PostgresJSDialect, PostgresJSDriver } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema.js';
import { isTransientDbError } from './retry.js';
import { COLUMN_PARSERS } from './column-types.js';

export type Unlisten = () => Promise<void>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Writes, and every read that must see the caller's own writes. */
  writer: Kysely<DB>;
  /** Menu and catalogue reads; may lag the writer by up to a second. */
  reader: Kysely<DB>;
  /** LISTEN on the writer; postgres.js re-subscribes by itself after a reconnect. */
  listen(channel: string, onMessage: (payload: string) => void, onListen?: () => void): Promise<Unlisten>;
  poolStats(): { pool: 'writer' | 'reader'; max: number }[];
  close(): Promise<void>;
}

export interface ConnectOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseReadUrl?: string | undefined;
  poolSize: number;
}

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  return options.databaseUrl ? connectPostgres(options, options.databaseUrl) : connectPglite(options.dataDir);
}

async function connectPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.join(dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  // PGlite's default 128 MB shared_buffers is sized for a server; a laptop's
  // cafe fits in far less, and this alone saves ~100 MB of resident memory.
  return wrapPglite(await PGlite.create(dir, { postgresqlconf: ['shared_buffers=32MB'] }));
}

/** A Database over an open PGlite instance (the tests open theirs from a template image). */
export function wrapPglite(pglite: PGlite): Database {
  // Here rather than at PGlite.create, so instances the tests open from a template get them too.
  pglite.parsers = { ...pglite.parsers, ...COLUMN_PARSERS };
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    writer: db,
    reader: db,
    async listen(channel, onMessage, onListen) {
      const unlisten = await pglite.listen(channel, onMessage);
      onListen?.();
      return unlisten;
    },
    poolStats: () => [{ pool: 'writer', max: 1 }],
    async close() {
      await db.destroy();
      // Kysely only learns of the PGlite instance at its first query, and closes
      // it only then: an instance never queried would keep the process alive.
      if (!pglite.closed) await pglite.close();
    },
  };
}

function postgresOptions(poolSize: number) {
  return {
    max: poolSize,
    idle_timeout: 30,
    connect_timeout: 5,
    // Seconds before a connection attempt is retried. postgres.js's default grows 3x per failed
    // attempt (shared by the pool) to whole seconds within a 2 s failover, so queries sat waiting
    // long after HAProxy already routed to the new leader (switchover drill: +1 s). Capped at 0.25 s.
    backoff: (attempts: number) => Math.min(0.025 * 2 ** attempts, 0.25),
    // 'primary', never 'read-write': PostgreSQL 14+ hot standbys report read-write sessions.
    target_session_attrs: 'primary' as const,
    onnotice: () => {},
    types: postgresJsTypes(),
    connection: { application_name: 'alpaca-cafe' },
  };
}

/**
 * The shared column parsers (column-types.ts) as postgres.js custom types. Parsers only: a type
 * given a serializer would also take over how postgres.js binds Dates and objects.
 */
function postgresJsTypes(): Record<string, postgres.PostgresType> {
  return Object.fromEntries(Object.entries(COLUMN_PARSERS).map(([oid, parse]) => [
    `oid${oid}`, { from: [Number(oid)], parse } as unknown as postgres.PostgresType,
  ]));
}

/**
 * Kysely 0.29 answers a failed ROLLBACK by calling a private "discard this connection" hook that
 * kysely-postgres-js 5.0 does not have, so a transaction whose connection died (a failover) ended
 * in a TypeError — not retried, a 500 — instead of its real, transient error. A ROLLBACK that
 * fails because the connection is gone has nothing left to undo (the server ended the session),
 * so that failure is dropped and Kysely rethrows the transaction's own error; any other is thrown.
 */
class FailoverSafeDriver extends PostgresJSDriver {
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      if (!isTransientDbError(error)) throw error;
    }
  }
}

class FailoverSafeDialect extends PostgresJSDialect {
  constructor(private readonly sql: postgres.Sql) {
    super({ postgres: sql });
  }

  override createDriver(): Driver {
    return new FailoverSafeDriver({ postgres: this.sql });
  }
}

async function connectPostgres(options: ConnectOptions, databaseUrl: string): Promise<Database> {
  const writerSql = postgres(databaseUrl, postgresOptions(options.poolSize));
  const readerSql = options.databaseReadUrl
    ? postgres(options.databaseReadUrl, { ...postgresOptions(options.poolSize), target_session_attrs: undefined })
    : undefined;
  const writer = new Kysely<DB>({ dialect: new FailoverSafeDialect(writerSql) });
  const reader = readerSql ? new Kysely<DB>({ dialect: new FailoverSafeDialect(readerSql) }) : writer;
  return {
    kind: 'postgres',
    writer,
    reader,
    async listen(channel, onMessage, onListen) {
      const subscription = await writerSql.listen(channel, onMessage, onListen);
      return () => subscription.unlisten();
    },
    poolStats: () => [
      { pool: 'writer', max: options.poolSize },
      ...(readerSql ? [{ pool: 'reader' as const, max: options.poolSize }] : []),
    ],
    async close() {
      await writer.destroy();
      if (reader !== writer) await reader.destroy();
    },
  };
}
