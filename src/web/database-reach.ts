// Does this instance alone lose the database? (decision 803)
// During a failover every instance loses the writer for a few seconds, and taking them all out of
// HAProxy would turn a 10 s write pause into an outage. An instance cut off on its own (its host's
// link, a firewall) should leave the pool at once, so that the others serve its customers. Each
// instance probes the writer every half second (a fresh connection and `select 1`, 1 s at most)
// and tells its peers what it saw (`GET /readyz/writer`). It declares itself cut off when:
//   - its own probes have all failed for at least 1.5 s,
//   - its pools have had no answer to anything sent since its latest probe began (decision 804),
//   - and a peer answers that it has reached the writer without a failure for at least 2 s.
// A failover fails every probe, so no peer can vouch for the writer: nobody leaves. No peer
// configured, or none answering: nobody leaves either (better slow than out). The first probe that
// succeeds ends it. While cut off, /readyz answers 503 (HAProxy takes the instance out) and requests
// get a 503 at once, those in flight too, which HAProxy re-sends to another instance.
import type { Lifecycle, WriterReach } from './lifecycle.js';

/** How long this instance's probes must fail before it asks its peers. */
export const FAILING_FOR_MS = 1_500;
/** How long a peer must have reached the writer to vouch for it (longer than a probe's phase offset). */
export const PEER_REACHED_FOR_MS = 2_000;

export interface DatabaseReachOptions {
  lifecycle: Lifecycle;
  /** Resolves when the writer answered; rejects (or times out) when it could not be reached. */
  probe: () => Promise<void>;
  /** Other instances' base URLs (their own address, not the load balancer's). */
  peers: string[];
  /** A peer's view of the writer, or null when it did not answer. */
  askPeer: (peer: string) => Promise<WriterReach | null>;
  /** When the newest pooled work that has had an answer was sent (src/db/database-silence.ts); none when not given. */
  newestAnswered?: () => number;
  now?: () => number;
  log?: { warn: (details: object, message: string) => void; info: (details: object, message: string) => void };
}

/** A peer vouches for the writer when it has reached it without a break for long enough. */
export const vouches = (view: WriterReach | null): boolean => view !== null && view.reachable && view.forMs >= PEER_REACHED_FOR_MS;

/** The rule alone, for the unit tests: cut off when failing long enough and a peer has reached the writer long enough. */
export function cutOff(failingForMs: number | null, peerViews: (WriterReach | null)[]): boolean {
  if (failingForMs === null || failingForMs < FAILING_FOR_MS) return false;
  return peerViews.some(vouches);
}

/** A probe that has not answered in this long, when a healthy one takes milliseconds, counts as failing (decision 804). */
export const PROBE_SLOW_MS = 200;
/** A peer vouches for stuck reads only while its own database work is answered (quiet under this). */
export const PEER_QUIET_UNDER_MS = 250;

/**
 * A peer's word for stuck reads: its own work is answered, and the writer answered it with success
 * (a statement of its writer pools, or a probe) on work it sent at or after `since`, when the asking
 * instance went silent (decision 805). `askedAt` is when the question was sent, so the answer's own
 * delay can only make the peer's work look older. In a failover the writer answers no one with
 * success after the silence began; in the switchover drill, the earlier rule (answered anything
 * within 1 s, or probes reaching the writer for 2 s) let both instances vouch for each other with
 * answers that were errors or from before the switchover, and both sent their reads to the other.
 */
export function vouchesForReads(view: WriterReach | null, since: number, askedAt: number): boolean {
  if (view?.quietMs === undefined || view.quietMs >= PEER_QUIET_UNDER_MS) return false;
  return view.writerSucceededMsAgo !== undefined && askedAt - view.writerSucceededMsAgo >= since;
}
/** Peers' answers are reused for this long by `peerVouches` (asked at most a few times a second). */
const PEER_VIEW_FRESH_MS = 250;

export class DatabaseReachWatcher {
  private failingSince: number | null = null;
  private reachedSince: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;
  /** The probe in flight (one at a time: the loop's and those asked for by `probeSince` share it). */
  private inFlight: { startedAt: number; done: Promise<{ reached: boolean; startedAt: number }> } | null = null;
  /** When the latest probe that reached the writer was started, and when the latest that failed gave up. */
  private lastReachedStart = Number.NEGATIVE_INFINITY;
  private lastFailedAt = Number.NEGATIVE_INFINITY;
  private lastProbeStart = Number.NEGATIVE_INFINITY;
  private peerViews: { at: number; views: Promise<(WriterReach | null)[]> } | null = null;

  constructor(private readonly o: DatabaseReachOptions) {
    this.now = o.now ?? Date.now;
  }

  private probe(): Promise<{ reached: boolean; startedAt: number }> {
    if (this.inFlight) return this.inFlight.done;
    const startedAt = this.now();
    this.lastProbeStart = startedAt;
    const done = this.o.probe().then(
      () => true,
      () => false,
    );
    const flight = {
      startedAt,
      done: done.then((reached) => {
        if (reached) this.lastReachedStart = Math.max(this.lastReachedStart, startedAt);
        else this.lastFailedAt = this.now();
        this.inFlight = null;
        return { reached, startedAt };
      }),
    };
    this.inFlight = flight;
    return flight.done;
  }

  /**
   * Do fresh connections to the writer fail now? True when a probe failed at or after `since`, or
   * one has gone unanswered for PROBE_SLOW_MS (a healthy one takes milliseconds), and no probe
   * started at or after `since` reached the writer. With no probe in flight, starts one: the
   * stuck-reads rule (decision 804) asks as soon as its instance's database goes quiet.
   */
  freshConnectionsFailSince(since: number): boolean {
    if (this.lastReachedStart >= since) return false;
    if (this.lastFailedAt >= since) return true;
    if (!this.inFlight) {
      // Probes asked for this way come at most every 200 ms (each is a connection and an authentication).
      if (!this.stopped && this.now() - this.lastProbeStart >= PROBE_SLOW_MS) void this.probe();
      return false;
    }
    return this.now() - this.inFlight.startedAt >= PROBE_SLOW_MS;
  }

  /**
   * Whether a peer hears answers to its own database work right now (a database that stalls for
   * everyone is no sign of a cut link) and the writer answered it with success on work sent at or
   * after `since` (decision 805). Answers are reused for 250 ms.
   */
  async peerVouches(since: number): Promise<boolean> {
    const at = this.now();
    if (!this.peerViews || at - this.peerViews.at >= PEER_VIEW_FRESH_MS) {
      this.peerViews = { at, views: Promise.all(this.o.peers.map((peer) => this.o.askPeer(peer))) };
    }
    const { at: askedAt, views } = this.peerViews;
    return (await views).some((view) => vouchesForReads(view, since, askedAt));
  }

  /** When the newest probe that reached the writer was started (-Infinity before the first). */
  newestReachedStart(): number {
    return this.lastReachedStart;
  }

  /** One probe, then the rule; `start` runs it every `intervalMs`. */
  async tick(): Promise<void> {
    const { reached, startedAt } = await this.probe();
    if (reached) {
      this.failingSince = null;
      this.reachedSince ??= startedAt;
    } else {
      this.reachedSince = null;
      this.failingSince ??= startedAt;
    }
    const at = this.now();
    this.o.lifecycle.writerReach = reached
      ? { reachable: true, forMs: at - (this.reachedSince ?? at) }
      : { reachable: false, forMs: at - (this.failingSince ?? at) };
    const failingForMs = this.failingSince === null ? null : at - this.failingSince;
    const peerViews = failingForMs !== null && failingForMs >= FAILING_FOR_MS ? await Promise.all(this.o.peers.map((peer) => this.o.askPeer(peer))) : [];
    // Its pools must have gone silent too: a probe can time out on a loaded machine (SCRAM
    // authentication waits behind password hashing in the same thread pool) while the pooled
    // connections are answered all along; a cut link answers nothing sent after the cut. Measured
    // from this failed probe's start, so work sent just before the cut does not count.
    const poolsAnswered = !reached && (this.o.newestAnswered?.() ?? Number.NEGATIVE_INFINITY) >= startedAt;
    const alone = cutOff(failingForMs, peerViews) && !poolsAnswered;
    if (alone !== this.o.lifecycle.cutOff) {
      if (alone) this.o.log?.warn({ failingForMs, peers: peerViews }, 'writer unreachable from this instance alone: leaving the pool');
      else this.o.log?.info({}, 'writer reachable again: back in the pool');
    }
    this.o.lifecycle.setCutOff(alone);
  }

  start(intervalMs = 500): void {
    const loop = async () => {
      const began = this.now();
      await this.tick();
      if (this.stopped) return;
      this.timer = setTimeout(loop, Math.max(0, intervalMs - (this.now() - began)));
      this.timer.unref();
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** Asks a peer instance what it sees of the writer (`GET <peer>/readyz/writer`), within `timeoutMs`. */
export async function askPeerOverHttp(peer: string, timeoutMs = 500): Promise<WriterReach | null> {
  try {
    const res = await fetch(new URL('/readyz/writer', peer), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<WriterReach>;
    if (typeof body.reachable !== 'boolean' || typeof body.forMs !== 'number') return null;
    return {
      reachable: body.reachable,
      forMs: body.forMs,
      ...(typeof body.quietMs === 'number' ? { quietMs: body.quietMs } : {}),
      ...(typeof body.answeredMsAgo === 'number' ? { answeredMsAgo: body.answeredMsAgo } : {}),
      ...(typeof body.writerSucceededMsAgo === 'number' ? { writerSucceededMsAgo: body.writerSucceededMsAgo } : {}),
    };
  } catch {
    return null;
  }
}
