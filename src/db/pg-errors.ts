// node-postgres reports a lost connection with a plain Error and no code (only socket errors carry
// ECONNRESET and the like, and a terminated backend its SQLSTATE 57P01). These are its messages,
// checked against pg 8.23 / pg-pool 3.14 (test/db/connection-loss.http.test.ts produces them).
const CONNECTION_LOST_MESSAGES = new Set([
  'Connection terminated unexpectedly', // the socket closed under a query or an idle checked-out client
  'Client has encountered a connection error and is not queryable', // a query on a client whose socket died
  'Connection terminated due to connection timeout', // pg-pool: connecting took longer than connectionTimeoutMillis
  'timeout exceeded when trying to connect', // pg-pool: no connection free or made within connectionTimeoutMillis
  'timeout expired', // pg.Client: connecting took longer than connectionTimeoutMillis
]);

/** A refusal of ours: a writer connection reached a server in recovery (a standby). */
export class StandbyRefusedError extends Error {
  /** read_only_sql_transaction: what writing there would have answered; transient, like it. */
  readonly code = '25006';
  constructor() {
    super('writer connection reached a standby (pg_is_in_recovery); the load balancer has not caught up with the new leader yet');
  }
}

export function isPgConnectionLost(error: unknown): boolean {
  return error instanceof Error && !('code' in error && error.code) && CONNECTION_LOST_MESSAGES.has(error.message);
}
