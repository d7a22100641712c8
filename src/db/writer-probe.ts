// Can this instance reach the writer right now? One fresh connection and `select 1`, both bounded,
// through the same address the writer pool uses (HAProxy's write port). A pooled connection would
// not do: a cut-off host keeps its established sockets until TCP gives up, and a pool would hand out
// one that still looks open. Used by the database-reach watcher (src/web/database-reach.ts, decision 803).
import pg from 'pg';

export function writerProbe(databaseUrl: string, timeoutMs = 1_000): () => Promise<void> {
  return async () => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      application_name: 'alpaca-cafe-probe',
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client.on('error', () => {}); // a dying socket fails the probe below; it must not crash the process
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      // Not awaited: on a cut link the goodbye never gets an answer. The socket is closed either way.
      client.end().catch(() => {});
    }
  };
}
