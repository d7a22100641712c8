// Opens the database: embedded PGlite in DATA_DIR, or PostgreSQL through
// node-postgres (pg) with a writer pool, an optional reader pool and a listening client.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { COLUMN_PARSERS } from './column-types.js';
import type { DB } from './schema.js';
import { isTransientDbError } from './retry.js';
import { pgTypes } from './pg-types.js';
import { StandbyRefusedError } from './pg-errors.js';
import { listenFollowingLeader } from './pg-listener.js';
import { stderrDbLog, type DbLog } from './db-log.js';
import { WriterOrReplicaDriver } from './writer-or-replica.js';
import { DatabaseSilence } from './database-silence.js';

export type Unlisten = () => Promise<void>;

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Writes, and every read that must see the caller's own writes. */
  writer: Kysely<DB>;
  /** Menu and catalogue reads; may lag the writer by up to a second. */
  reader: Kysely<DB>;
  /**
   * What a page needs to render (session, basket count, the customer's own orders): the writer, or
   * while it cannot be reached a replica that is not behind (writer-or-replica.ts, decision 800).
   */
  pageReads: Kysely<DB>;
  /**
   * LISTEN on a connection of its own to the writer URL, which reconnects (following the leader) and
   * LISTENs again after a drop; `onListen` runs after every LISTEN (from the second on: resync).
   */
  listen(channel: string, onMessage: (payload: string) => void, onListen?: () => void): Promise<Unlisten>;
  /** Each pool's size, and (node-postgres only; PGlite has no pool) its connections in use and the checkouts waiting for one. */
  poolStats(): { pool: 'writer' | 'reader' | 'pageReads'; max: number; inUse?: number; waiting?: number }[];
  /**
   * Closes every pooled connection at once, idle or checked out (their queries fail as a lost
   * connection). For an instance cut off from the database (decision 803): a socket whose packets
   * are dropped holds its pool slot until TCP gives up, so after the link came back every checkout
   * waited for a free slot (5 s) while the old queries were still being retransmitted.
   */
  dropConnections(): void;
  /**
   * Since when work this instance sent the database (a checkout or a statement of any pool) has had
   * no answer, nor has anything sent after it; null while there is none (always, on PGlite). For
   * the stuck-reads rule (decision 804): a cut link goes silent, a slow database does not.
   */
  silentSince(): number | null;
  /** When the newest work that has had an answer from the database was sent (decisions 803, 804). */
  newestAnswered(): number;
  /** How long ago the database last answered anything this instance sent (null: never, or PGlite). */
  answeredMsAgo(): number | null;
  /** When the newest statement sent to the writer that succeeded was sent (-Infinity: none yet, or PGlite; decision 805). */
  newestWriterSuccess(): number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseReadUrl?: string | undefined;
  poolSize: number;
  /** Connections lost (pooled or listening) are logged here; standard error if not given. */
  log?: DbLog | undefined;
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
  // The one table of column types (decision 220), as node-postgres gets it in pg-types.ts. The move
  // to node-postgres dropped this line; no date column was read until store_special_days (420).
  pglite.parsers = { ...pglite.parsers, ...COLUMN_PARSERS };
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    writer: db,
    reader: db,
    pageReads: db,
    async listen(channel, onMessage, onListen) {
      const unlisten = await pglite.listen(channel, onMessage);
      onListen?.();
      return unlisten;
    },
    poolStats: () => [{ pool: 'writer', max: 1 }],
    dropConnections: () => {}, // in-process: nothing to lose
    silentSince: () => null, // in-process: never cut off
    newestAnswered: () => Number.POSITIVE_INFINITY,
    answeredMsAgo: () => null,
    newestWriterSuccess: () => Number.NEGATIVE_INFINITY,
    async close() {
      await db.destroy();
      // Kysely only learns of the PGlite instance at its first query, and closes
      // it only then: an instance never queried would keep the process alive.
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** The connection settings every pool and the listener share. */
function clientConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: 'alpaca-cafe',
    // A connection attempt that has not finished in 5 s is abandoned (a transient error, retried).
    connectionTimeoutMillis: 5_000,
    // Notice a peer that vanished without closing (a host gone, not a process): TCP keep-alives.
    keepAlive: true,
    keepAliveInitialDelayMillis: 60_000,
    // A transaction whose client went silent (its host cut off or gone) is ended by the server after
    // 10 s, so its row locks (an idempotency key, an order's row) do not hold up the retry another
    // instance makes of the same request (decision 803). Our transactions never wait on anything
    // but the database (payment calls happen between transactions), so a live one never idles that long.
    options: '-c idle_in_transaction_session_timeout=10s',
    types: pgTypes,
  };
}

/**
 * A pg.Pool that never crashes the process when one of its connections dies: pg emits 'error' on a
 * client whose socket closed, idle or checked out, and an 'error' with no listener is thrown. Each
 * new client gets a listener that logs it (its queries fail on their own; the pool drops the client
 * when it is released or while idle). No backoff of its own: a checkout with no idle client makes
 * a new connection at once, so the retry policy of the unit of work (≤ 0.25 s, 0.375 s with jitter) alone paces
 * reconnection after a failover (postgres.js needed its backoff capped at 0.25 s; decision 123).
 */
/** Every client a pool holds, idle or checked out (pg-pool keeps its own list private). */
const poolClients = new WeakMap<pg.Pool, Set<pg.PoolClient>>();

/** Destroys the socket of every client of `pool`: pg fails their queries and the pool discards them. */
function dropPoolConnections(pool: pg.Pool): void {
  for (const client of poolClients.get(pool) ?? []) {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}

function createPool(url: string, poolSize: number, role: 'writer' | 'reader' | 'pageReads', log: DbLog): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(url),
    max: poolSize,
    idleTimeoutMillis: 30_000,
    // Writers only on the primary. HAProxy's write port routes to the leader, but for a second or
    // two after a switchover its health check may still send new connections to the demoted one,
    // now a standby: refuse them (one round trip per new connection) so that no writer connection
    // settles in the pool on a server that answers every write with read_only_sql_transaction.
    ...(role === 'reader' ? {} : { onConnect: refuseStandby }),
  });
  const clients = new Set<pg.PoolClient>();
  poolClients.set(pool, clients);
  pool.on('connect', (client) => {
    clients.add(client);
    client.on('error', (error) => log.warn({ err: error, pool: role }, 'database connection lost'));
  });
  pool.on('remove', (client) => clients.delete(client));
  // Idle clients that die also reach the pool's 'error' (after the client's own listener logged it).
  pool.on('error', () => {});
  return pool;
}

async function refuseStandby(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
  if (rows[0]?.standby) throw new StandbyRefusedError();
}

/** Connections whose statements are already counted by the silence watch (a pool hands them out again and again). */
const tracked = new WeakSet<DatabaseConnection>();

/**
 * Kysely's PostgresDriver answers a failed ROLLBACK (the connection died under the transaction) by
 * marking the connection discarded — it is destroyed on release, never handed out again — and then
 * throwing the ROLLBACK's error ("not queryable") in place of the transaction's own (e.g. 57P01, or
 * a business error thrown just before the connection died). A connection that is gone has nothing
 * left to roll back, so that failure is dropped and Kysely rethrows the transaction's own error:
 * the retry policy and the logs see the real cause. Any other ROLLBACK failure is thrown.
 */
class OwnErrorPostgresDriver extends PostgresDriver {
  constructor(
    config: ConstructorParameters<typeof PostgresDriver>[0],
    private readonly silence: DatabaseSilence,
    /** Its pool goes to the writer (HAProxy's write port): its successes say the writer is reachable. */
    private readonly toWriter: boolean,
  ) {
    super(config);
  }

  /** Checkouts and statements (transactions' BEGIN and COMMIT too) count as waiting on the database; only statements' answers as hearing from it. */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.silence.track(super.acquireConnection(), { answers: false });
    if (!tracked.has(connection)) {
      tracked.add(connection);
      const execute = connection.executeQuery.bind(connection);
      connection.executeQuery = (query) => this.silence.track(execute(query), { writer: this.toWriter });
    }
    return connection;
  }

  override async rollbackTransaction(connection: Parameters<PostgresDriver['rollbackTransaction']>[0]): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!isTransientDbError(error)) throw error;
    }
  }
}

class OwnErrorPostgresDialect extends PostgresDialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly silence: DatabaseSilence,
    private readonly toWriter: boolean,
  ) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new OwnErrorPostgresDriver({ pool: this.pool }, this.silence, this.toWriter);
  }
}

/** Connections from the writer pool, or from the reader pool while the writer is away. */
class WriterOrReplicaDialect extends PostgresDialect {
  constructor(
    private readonly writerPool: pg.Pool,
    private readonly readerPool: pg.Pool,
    private readonly silence: DatabaseSilence,
  ) {
    super({ pool: writerPool });
  }

  override createDriver(): Driver {
    return new WriterOrReplicaDriver(
      new OwnErrorPostgresDriver({ pool: this.writerPool }, this.silence, true),
      new OwnErrorPostgresDriver({ pool: this.readerPool }, this.silence, false),
    );
  }
}

/** Page reads are short: half the writer pool's size is plenty (at least 2). */
const pageReadsPoolSize = (poolSize: number) => Math.max(2, Math.ceil(poolSize / 2));

async function connectPostgres(options: ConnectOptions, databaseUrl: string): Promise<Database> {
  const log = options.log ?? stderrDbLog;
  const writerPool = createPool(databaseUrl, options.poolSize, 'writer', log);
  const readerPool = options.databaseReadUrl ? createPool(options.databaseReadUrl, options.poolSize, 'reader', log) : undefined;
  const silence = new DatabaseSilence();
  const writer = new Kysely<DB>({ dialect: new OwnErrorPostgresDialect(writerPool, silence, true) });
  const reader = readerPool ? new Kysely<DB>({ dialect: new OwnErrorPostgresDialect(readerPool, silence, false) }) : writer;
  // The page reads' writer side has a pool of its own: while a cut-off leader holds every commit
  // (synchronous standby unreachable), hung writes fill the writer pool, and a page read queued behind
  // them waited connectionTimeoutMillis (5 s) before falling back to a replica (the leader-partition
  // drill's browsing pause; decision 803).
  const pageReadsPool = readerPool ? createPool(databaseUrl, pageReadsPoolSize(options.poolSize), 'pageReads', log) : undefined;
  const pageReads = readerPool && pageReadsPool ? new Kysely<DB>({ dialect: new WriterOrReplicaDialect(pageReadsPool, readerPool, silence) }) : writer;
  return {
    kind: 'postgres',
    writer,
    reader,
    pageReads,
    listen: (channel, onMessage, onListen) => listenFollowingLeader({ client: clientConfig(databaseUrl), channel, onMessage, onListen, log }),
    poolStats: () => [
      { pool: 'writer', max: options.poolSize, inUse: writerPool.totalCount - writerPool.idleCount, waiting: writerPool.waitingCount },
      ...(readerPool
        ? [{ pool: 'reader' as const, max: options.poolSize, inUse: readerPool.totalCount - readerPool.idleCount, waiting: readerPool.waitingCount }]
        : []),
      ...(pageReadsPool
        ? [
            {
              pool: 'pageReads' as const,
              max: pageReadsPoolSize(options.poolSize),
              inUse: pageReadsPool.totalCount - pageReadsPool.idleCount,
              waiting: pageReadsPool.waitingCount,
            },
          ]
        : []),
    ],
    silentSince: () => silence.silentSince(),
    newestAnswered: () => silence.newestAnsweredStart(),
    answeredMsAgo: () => silence.answeredMsAgo(),
    newestWriterSuccess: () => silence.newestWriterSuccessStart(),
    dropConnections() {
      for (const pool of [writerPool, readerPool, pageReadsPool]) if (pool) dropPoolConnections(pool);
    },
    async close() {
      if (pageReads !== writer) await pageReads.destroy();
      await pageReadsPool?.end(); // the page reads' driver ends no pool of its own
      await writer.destroy();
      if (reader !== writer) await reader.destroy();
    },
  };
}
