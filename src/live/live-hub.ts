// Live events: ONE `LISTEN` per app instance, fanned out in memory to every
// subscriber (Server-Sent Events streams) on this instance.
//
// API (shared by the order page and the barista queue):
//
//   Writing, inside the transaction that records the change (delivered on commit, never before):
//     await publishLive(trx, { orderId, storeId, eventId });
//
//   Subscribing (deps.live is the instance's hub):
//     const subscription = await deps.live.subscribe(
//       { orderId } | { storeId } | {},       // which notifications
//       (message) => { … },                   // one per committed event
//       () => { … },                          // resync: notifications may have been missed (database
//     );                                      //   reconnect); re-read from the database
//     subscription.close();
//
//   Streaming to a browser: see ./sse.ts (`streamSse`), which does the subscribe, the
//   Last-Event-ID replay from the database, heartbeats and clean-up.
//
// Besides order events, the same channel carries two signals the database sends itself, from
// triggers (migration 600), which any part of the app can watch (`watchSignal`):
//   'catalogue'  {"c": version}  a catalogue or availability change committed (the menu caches)
//   'outbox'     {"x": 1}        outbox rows were inserted (the drainer delivers them now)
// A watcher's `onMissed` runs when notifications may have been missed (a LISTEN reconnect) and
// when this instance itself has just written (`localWrite`, from app.ts): a notification of one's
// own commit can arrive after the answer to the request that made it.
//
// Delivery is "at most once" per notification; correctness comes from the database:
// a subscriber re-reads what changed (by event id) on each message and on resync.
// The database's listener reconnects and LISTENs again after its connection drops (src/db/
// pg-listener.ts), and calls back so every stream resyncs; as a second line of defence the hub
// pings itself through the database and re-subscribes when its own pings stop arriving (a LISTEN
// lost silently).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, Unlisten } from '../db/connect.js';
import type { DB } from '../db/schema.js';

export const LIVE_CHANNEL = 'alpaca_live';

export interface LiveMessage {
  orderId: string;
  storeId: number;
  /** The order_events id (as text); SSE streams use it as the event id. */
  eventId: string;
}

export type LiveFilter = { orderId: string } | { storeId: number } | Record<string, never>;

export interface LiveSubscription {
  close(): void;
}

/** Sends a live notification; call it in the same transaction as the change it announces. */
export async function publishLive(trx: Kysely<DB>, message: LiveMessage): Promise<void> {
  const payload = JSON.stringify({ o: message.orderId, s: message.storeId, e: message.eventId });
  await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(trx);
}

/**
 * Announces that a user's access changed (a session ended, a password changed, the account was
 * disabled or erased, a role was revoked): every open stream of that user, on every instance,
 * re-checks its session and permission and closes if it lost them (DESIGN.md §3, decision 501).
 * Call it in the transaction that makes the change, so it is delivered on commit.
 */
export async function publishAccessChange(trx: Kysely<DB>, userId: number): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ a: userId })})`.execute(trx);
}

export type LiveSignal = 'catalogue' | 'outbox';

function parse(payload: string): LiveMessage | { ping: string } | { accessOf: number } | { signal: LiveSignal; value: number } | null {
  try {
    const value = JSON.parse(payload) as { o?: unknown; s?: unknown; e?: unknown; ping?: unknown; a?: unknown; c?: unknown; x?: unknown };
    if (typeof value.ping === 'string') return { ping: value.ping };
    if (typeof value.a === 'number') return { accessOf: value.a };
    if (typeof value.c === 'number') return { signal: 'catalogue', value: value.c };
    if (typeof value.x === 'number') return { signal: 'outbox', value: value.x };
    if (typeof value.o === 'string' && typeof value.s === 'number' && (typeof value.e === 'string' || typeof value.e === 'number')) {
      return { orderId: value.o, storeId: value.s, eventId: String(value.e) };
    }
  } catch {
    // not ours
  }
  return null;
}

function matches(filter: LiveFilter, message: LiveMessage): boolean {
  if ('orderId' in filter) return filter.orderId === message.orderId;
  if ('storeId' in filter) return filter.storeId === message.storeId;
  return true;
}

interface SignalWatcher {
  signal: LiveSignal;
  onSignal: (value: number) => void;
  onMissed: () => void;
}

interface Listener {
  filter: LiveFilter;
  onMessage: (message: LiveMessage) => void;
  onResync: () => void;
}

export interface LiveHubOptions {
  /** How often the hub pings itself through the database; 0 turns the watchdog off. */
  watchdogMs?: number;
  /** A subscriber that threw, a failed re-subscribe or ping; main.ts passes the app's logger. */
  onError?: (error: unknown) => void;
}

const logToStderr = (error: unknown) => console.warn('live hub:', error);

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private listening: Promise<void> | null = null;
  private unlisten: Unlisten | null = null;
  private listenCount = 0;
  private readonly instance = randomUUID();
  private lastPingSent = 0;
  private lastPingSeen = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly streams = new Set<() => void>();
  private readonly accessWatchers = new Map<number, Set<() => void>>();
  private readonly signalWatchers = new Set<SignalWatcher>();

  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly db: Database,
    private readonly options: LiveHubOptions = {},
  ) {
    this.onError = options.onError ?? logToStderr;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Resolves once this instance is LISTENing, so nothing committed afterwards is missed. */
  async subscribe(filter: LiveFilter, onMessage: (m: LiveMessage) => void, onResync: () => void = () => {}): Promise<LiveSubscription> {
    const listener: Listener = { filter, onMessage, onResync };
    this.listeners.add(listener);
    try {
      await this.ensureListening();
    } catch (error) {
      this.listeners.delete(listener);
      throw error;
    }
    return { close: () => void this.listeners.delete(listener) };
  }

  /**
   * Calls `onSignal` for each of the database's `signal` notifications (see the top of this file)
   * and `onMissed` when some may have been missed. Resolves once this instance is LISTENing, so
   * nothing committed afterwards is missed (rejects, watching nothing, if it cannot LISTEN now).
   * Returns the unwatch.
   */
  async watchSignal(signal: LiveSignal, onSignal: (value: number) => void, onMissed: () => void): Promise<() => void> {
    const watcher: SignalWatcher = { signal, onSignal, onMissed };
    this.signalWatchers.add(watcher);
    try {
      await this.ensureListening();
    } catch (error) {
      this.signalWatchers.delete(watcher);
      throw error;
    }
    return () => void this.signalWatchers.delete(watcher);
  }

  /** This instance has just committed a write: watchers confirm with the database before trusting their signals. */
  localWrite(): void {
    for (const watcher of this.signalWatchers) this.safely(watcher.onMissed);
  }

  private safely(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.onError(error);
    }
  }

  private ensureListening(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('live hub is closed'));
    this.listening ??= this.db
      .listen(
        LIVE_CHANNEL,
        (payload) => this.dispatch(payload),
        () => this.onListen(),
      )
      .then((unlisten) => {
        this.unlisten = unlisten;
        this.startWatchdog();
      })
      .catch((error: unknown) => {
        this.listening = null;
        throw error;
      });
    return this.listening;
  }

  private onListen(): void {
    this.listenCount++;
    this.lastPingSeen = Date.now();
    // Every LISTEN after the first is a reconnect: anything in between was missed.
    if (this.listenCount > 1) this.resyncAll();
  }

  private resyncAll(): void {
    for (const watcher of this.signalWatchers) this.safely(watcher.onMissed);
    for (const listener of this.listeners) {
      try {
        listener.onResync();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private dispatch(payload: string): void {
    const message = parse(payload);
    if (!message) return;
    if ('ping' in message) {
      if (message.ping === this.instance) this.lastPingSeen = Date.now();
      return;
    }
    if ('signal' in message) {
      for (const watcher of this.signalWatchers) if (watcher.signal === message.signal) this.safely(() => watcher.onSignal(message.value));
      return;
    }
    if ('accessOf' in message) {
      for (const recheck of this.accessWatchers.get(message.accessOf) ?? []) {
        try {
          recheck();
        } catch (error) {
          this.onError(error);
        }
      }
      return;
    }
    for (const listener of this.listeners) {
      if (!matches(listener.filter, message)) continue;
      try {
        listener.onMessage(message);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private startWatchdog(): void {
    const every = this.options.watchdogMs ?? 10_000;
    if (every <= 0 || this.watchdog || this.db.kind === 'pglite') return; // PGlite's LISTEN is in-process
    this.watchdog = setInterval(() => void this.checkAlive(), every);
    this.watchdog.unref();
  }

  /** Our own pings stopped coming back: LISTEN was lost. Subscribe again and tell everyone to resync. */
  private async checkAlive(): Promise<void> {
    if (this.closed) return;
    // The last ping had a whole interval to come back.
    const missing = this.lastPingSent > 0 && this.lastPingSeen < this.lastPingSent;
    if (missing) {
      const old = this.unlisten;
      this.unlisten = null;
      this.listening = null;
      await settleWithin(old?.(), 2000);
      try {
        await this.ensureListening();
        this.resyncAll();
      } catch (error) {
        this.onError(error);
        return; // try again at the next tick
      }
    }
    try {
      this.lastPingSent = Date.now();
      await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ ping: this.instance })})`.execute(this.db.writer);
    } catch (error) {
      this.onError(error);
    }
  }

  /**
   * Calls `recheck` whenever `userId`'s access changes (publishAccessChange, from any instance).
   * Needs the hub to be listening: a stream watches after it has subscribed. Returns the unwatch.
   */
  watchAccess(userId: number, recheck: () => void): () => void {
    let watchers = this.accessWatchers.get(userId);
    if (!watchers) {
      watchers = new Set();
      this.accessWatchers.set(userId, watchers);
    }
    watchers.add(recheck);
    return () => {
      watchers.delete(recheck);
      if (watchers.size === 0 && this.accessWatchers.get(userId) === watchers) this.accessWatchers.delete(userId);
    };
  }

  /** Registers an open stream's `end`, called when the hub closes (streams never end by themselves). */
  trackStream(end: () => void): () => void {
    this.streams.add(end);
    return () => void this.streams.delete(end);
  }

  /** Ends every stream and stops listening (the app's preClose hook calls this). */
  async close(): Promise<void> {
    this.closed = true;
    for (const end of [...this.streams]) end();
    if (this.watchdog) clearInterval(this.watchdog);
    this.listeners.clear();
    this.signalWatchers.clear();
    const unlisten = this.unlisten;
    this.unlisten = null;
    // Shutting down must not wait on a LISTEN connection that is itself stuck; closing the pool ends it anyway.
    await settleWithin(unlisten?.(), 2000);
  }
}

/** Waits for `promise` (ignoring its outcome) for at most `ms`. */
async function settleWithin(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!promise) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
