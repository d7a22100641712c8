// What a page needs to render (the session, the basket count, the customer's own orders) is read
// from the writer, and, while the writer cannot be reached, from a replica that has replayed all it
// received (DESIGN.md §3, decision 800). A Kysely driver over the two pools: each connection comes
// from the writer unless acquiring one failed with a transient error in the last second, in which
// case it comes from the reader, checked for lag first. A request that read from a replica is marked
// (`readFromReplica()`), so its page can say it may be a few seconds old.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { isTransientDbError } from './retry.js';

/** How long after a failed writer checkout the next ones go straight to a replica. */
const WRITER_DOWN_MS = 1_000;

/** A replica refused because it may be behind: transient, so the read is run again (the writer first). */
export class ReplicaBehindError extends Error {
  readonly code = '57P03';
  constructor(detail: string) {
    super(`the replica may be more than a second behind (${detail})`);
  }
}

const requestReads = new AsyncLocalStorage<{ fromReplica: boolean }>();

/** Runs `work` (the rest of one request) with its own "read from a replica" mark. */
export function trackReplicaReads(work: () => void): void {
  requestReads.run({ fromReplica: false }, work);
}

/** True when something this request read came from a replica instead of the writer. */
export function readFromReplica(): boolean {
  return requestReads.getStore()?.fromReplica ?? false;
}

/**
 * A standby is fresh enough when it has replayed everything it received (so it holds every commit
 * the sync standby acknowledged to it), or its last replayed transaction is under a second old.
 * A primary (the reader port's backup when no replica is up) is always fresh.
 */
const LAG_CHECK = CompiledQuery.raw(`
  select pg_is_in_recovery() as standby,
         coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false) as caught_up,
         coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 1e9)::float8 as replay_age_s`);

interface LagRow {
  standby: boolean;
  caught_up: boolean;
  replay_age_s: number;
}

export class WriterOrReplicaDriver implements Driver {
  private writerDownUntil = 0;
  private readonly from = new WeakMap<DatabaseConnection, Driver>();

  constructor(
    private readonly writer: Driver,
    private readonly reader: Driver,
    private readonly now: () => number = Date.now,
  ) {}

  /** Binds each driver to its pool (PostgresDriver's init); the pools are ended by their own Kyselys. */
  async init(): Promise<void> {
    await Promise.all([this.writer.init(), this.reader.init()]);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.now() >= this.writerDownUntil) {
      try {
        const connection = await this.writer.acquireConnection();
        this.from.set(connection, this.writer);
        return connection;
      } catch (error) {
        if (!isTransientDbError(error)) throw error;
        this.writerDownUntil = this.now() + WRITER_DOWN_MS;
      }
    }
    const connection = await this.reader.acquireConnection();
    this.from.set(connection, this.reader);
    try {
      const { rows } = await connection.executeQuery<LagRow>(LAG_CHECK);
      const lag = rows[0];
      if (lag?.standby && !lag.caught_up && lag.replay_age_s >= 1) throw new ReplicaBehindError(`last replay ${lag.replay_age_s.toFixed(1)} s ago`);
    } catch (error) {
      await this.reader.releaseConnection(connection);
      throw error;
    }
    const mark = requestReads.getStore();
    if (mark) mark.fromReplica = true;
    return connection;
  }

  private driverOf(connection: DatabaseConnection): Driver {
    return this.from.get(connection) ?? this.writer;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driverOf(connection).beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driverOf(connection).commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driverOf(connection).rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driverOf(connection).releaseConnection(connection);
  }

  /** Nothing of its own to end: the writer and reader Kyselys end the pools. */
  async destroy(): Promise<void> {}
}
