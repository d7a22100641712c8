// LISTEN on a connection of its own (never one of the pool's: a pooled client is handed to other
// work and released), that follows the leader: when the connection drops — a failover, a restart,
// a backend killed — it connects again through the writer URL (HAProxy's write port, the leader)
// with a short, capped backoff and issues LISTEN again, for as long as it is not closed. A standby
// refuses LISTEN during recovery, so a connection that lands on one fails and is tried again.
// `onListen` is called after every successful LISTEN: from the second on, notifications may have
// been missed in between, and the live hub resyncs its streams (decision 022).
import pg from 'pg';
import type { DbLog } from './db-log.js';

export interface ListenOptions {
  client: pg.ClientConfig;
  channel: string;
  onMessage: (payload: string) => void;
  onListen?: () => void;
  log: DbLog;
  /** Delay before reconnect attempt n (from 0); capped so a listener is back soon after the leader. */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoffMs = (attempt: number) => Math.min(50 * 2 ** attempt, 1000);

/** Resolves once the first LISTEN is in place (rejects if that first attempt fails); returns unlisten. */
export async function listenFollowingLeader(options: ListenOptions): Promise<() => Promise<void>> {
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  const connectAndListen = async (): Promise<void> => {
    const current = new pg.Client(options.client);
    let listening = false;
    let lost = false;
    const onLost = (error?: Error) => {
      // Before LISTEN is in place a failure belongs to the attempt (its catch below), not here.
      if (!listening || lost) return;
      lost = true;
      if (client === current) client = null;
      if (closed) return;
      options.log.warn({ err: error }, 'LISTEN connection lost; connecting again');
      scheduleReconnect();
    };
    // Registered before connect(): an 'error' event without a listener would crash the process.
    current.on('error', onLost);
    current.on('end', () => onLost());
    current.on('notification', (message) => {
      if (message.channel === options.channel) options.onMessage(message.payload ?? '');
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${current.escapeIdentifier(options.channel)}`);
    } catch (error) {
      // This attempt is over; the caller (first attempt) or the backoff decides what next.
      void current.end().catch(() => {}); // not awaited: ending a half-dead socket must not stall the retries
      throw error;
    }
    if (closed) {
      await current.end().catch(() => {}); // closed while connecting: this client is discarded, its end's error says nothing
      return;
    }
    listening = true;
    client = current;
    attempt = 0;
    options.onListen?.();
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connectAndListen().catch((error: unknown) => {
        if (closed) return;
        attempt++;
        options.log.warn({ err: error, attempt }, 'LISTEN reconnect failed; trying again');
        scheduleReconnect();
      });
    }, backoffMs(attempt));
    retryTimer.unref();
  };

  await connectAndListen();
  return async () => {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const current = client;
    client = null;
    await current?.end().catch(() => {}); // shutting down: a socket that is already gone has nothing left to end
  };
}
