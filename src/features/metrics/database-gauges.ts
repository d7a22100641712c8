// Gauges read from the database when Prometheus scrapes: orders by store and
// state, the outbox backlog, and connections. One short read-only transaction
// with a statement timeout, so a slow or failing database makes the scrape
// report `alpaca_metrics_database_up 0` rather than hang.
import { sql, type Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { CLOSED_STATES, ORDER_STATES } from '../../domain/order-lifecycle.js';
import { read } from '../../db/unit-of-work.js';

/** Closed states grow forever; the gauge counts only the last 24 hours of them. */
const FINAL_STATES: string[] = [...CLOSED_STATES];
const SCRAPE_TIMEOUT_MS = 1000;

interface Snapshot {
  orders: { store: string; state: string; n: number }[];
  stores: string[];
  outbox: { pending: number; oldestAgeSeconds: number; parked: number };
  connections: { state: string; n: number }[] | null;
}

/** A read in one transaction (for SET LOCAL), re-run on a transient error only within the scrape's time. */
async function readSnapshot(db: Kysely<DB>, kind: Database['kind']): Promise<Snapshot> {
  return read(
    db,
    async (trx) => {
      await sql.raw(`SET LOCAL statement_timeout = ${SCRAPE_TIMEOUT_MS}`).execute(trx);
      const stores = (await trx.selectFrom('stores').select('slug').orderBy('slug').execute()).map((s) => s.slug);
      // Live states are small sets; final states count only the last 24 hours so the
      // scrape stays an index range scan as the table grows.
      const orders = await sql<{ store: string; state: string; n: number }>`
      SELECT s.slug AS store, o.state, count(*) AS n
      FROM orders o JOIN stores s ON s.id = o.store_id
      WHERE o.state <> ALL(${FINAL_STATES}::text[]) OR o.created_at > now() - interval '24 hours'
      GROUP BY s.slug, o.state`.execute(trx);
      const outbox = await sql<{ pending: number; oldest: number | null; parked: number }>`
      SELECT count(*) FILTER (WHERE delivered_at IS NULL AND parked_at IS NULL) AS pending,
             extract(epoch FROM now() - min(created_at) FILTER (WHERE delivered_at IS NULL AND parked_at IS NULL)) AS oldest,
             count(*) FILTER (WHERE parked_at IS NOT NULL AND delivered_at IS NULL) AS parked
      FROM outbox WHERE delivered_at IS NULL`.execute(trx);
      // PGlite has one in-process connection; pg_stat_activity says nothing useful there.
      const connections =
        kind === 'postgres'
          ? (
              await sql<{ state: string; n: number }>`
          SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'alpaca-cafe' GROUP BY 1`.execute(trx)
            ).rows
          : null;
      const o = outbox.rows[0];
      return {
        stores,
        orders: orders.rows,
        outbox: { pending: o?.pending ?? 0, oldestAgeSeconds: Math.max(0, o?.oldest ?? 0), parked: o?.parked ?? 0 },
        connections,
      };
    },
    { transaction: true, budgetMs: SCRAPE_TIMEOUT_MS },
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`metrics scrape took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function registerDatabaseGauges(registry: Registry, db: Database, onError: (error: unknown) => void): void {
  // prom-client collects all metrics of a scrape concurrently: one database read,
  // shared while it is in flight, serves every gauge of that scrape.
  let inflight: Promise<Snapshot | null> | null = null;
  const snapshot = (): Promise<Snapshot | null> => {
    inflight ??= withTimeout(readSnapshot(db.reader, db.kind), SCRAPE_TIMEOUT_MS + 500)
      .catch((error: unknown) => {
        onError(error);
        return null;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
  const registers = [registry];

  new Gauge({
    name: 'alpaca_metrics_database_up',
    registers,
    help: '1 when this scrape could read the database; when 0 the database gauges below are absent',
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'alpaca_orders',
    registers,
    labelNames: ['store', 'state'] as const,
    help: `Orders by store and state; closed states (${CLOSED_STATES.join(', ')}) count orders created in the last 24 hours`,
    async collect() {
      const s = await snapshot();
      this.reset();
      if (!s) return;
      // Every store × state is present (0 when none) so series don't come and go.
      for (const store of s.stores) for (const state of ORDER_STATES) this.set({ store, state }, 0);
      for (const row of s.orders) this.set({ store: row.store, state: row.state }, row.n);
    },
  });
  new Gauge({
    name: 'alpaca_outbox',
    registers,
    labelNames: ['status'] as const,
    help: 'Outbox messages not yet delivered: pending (will be retried) or parked (gave up after too many attempts)',
    async collect() {
      const s = await snapshot();
      this.reset();
      if (!s) return;
      this.set({ status: 'pending' }, s.outbox.pending);
      this.set({ status: 'parked' }, s.outbox.parked);
    },
  });
  new Gauge({
    name: 'alpaca_outbox_oldest_pending_age_seconds',
    registers,
    labelNames: ['status'] as const,
    help: 'Age of the oldest pending outbox message (0 when none is pending)',
    async collect() {
      const s = await snapshot();
      this.reset();
      if (s) this.set({ status: 'pending' }, s.outbox.oldestAgeSeconds);
    },
  });
  new Gauge({
    name: 'alpaca_db_connections',
    registers,
    labelNames: ['state'] as const,
    help: 'Connections from all app instances to this database, by state (pg_stat_activity; PostgreSQL only)',
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const c of s?.connections ?? []) this.set({ state: c.state }, c.n);
    },
  });
  new Gauge({
    name: 'alpaca_db_pool_max_connections',
    registers,
    labelNames: ['pool'] as const,
    help: "This instance's connection pool size, per pool (writer, reader)",
    collect() {
      this.reset();
      for (const pool of db.poolStats()) this.set({ pool: pool.pool }, pool.max);
    },
  });
  new Gauge({
    name: 'alpaca_db_pool_in_use_connections',
    registers,
    labelNames: ['pool'] as const,
    help: "This instance's pooled connections checked out right now, per pool (node-postgres only)",
    collect() {
      this.reset();
      for (const pool of db.poolStats()) if (pool.inUse !== undefined) this.set({ pool: pool.pool }, pool.inUse);
    },
  });
  new Gauge({
    name: 'alpaca_db_pool_waiting_requests',
    registers,
    labelNames: ['pool'] as const,
    help: 'Checkouts waiting for a free pooled connection right now, per pool (node-postgres only): above 0 for long means the pool is too small',
    collect() {
      this.reset();
      for (const pool of db.poolStats()) if (pool.waiting !== undefined) this.set({ pool: pool.pool }, pool.waiting);
    },
  });
}
