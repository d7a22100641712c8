// Reads stuck on a database that this instance alone cannot reach go to another instance at once
// (decision 804). Leaving HAProxy's pool takes about 2 s of failed probes and a peer's word
// (decision 803), and pages already sent to a cut-off instance waited that long. A much quicker
// sign is enough to hand back a GET, which HAProxy re-sends to another instance:
//   - work this instance sent the database 250 ms ago has had no answer, nor has anything sent after
//     it (src/db/database-silence.ts: a busy or slow database answers newer work as it goes; a cut
//     link answers nothing sent after the cut),
//   - a fresh connection fails too (a probe failed or has not answered for 200 ms, where a healthy
//     one takes milliseconds; none started since the silence began reached the writer),
//   - and a peer hears answers to its own work (a database that stalls for everyone is no sign of
//     a cut link), and the writer answered it with success on work it sent after this instance's
//     silence began (decision 805: errors are answers too, and a peer's success from before a
//     failover vouched for nothing).
// In a failover the writer answers neither instance with success, so nothing is handed back and
// reads wait or fall back to a replica, as before.
// While the three hold, GET and HEAD requests get a 503 (those waiting too, if their answer has not
// started); writes are left alone (HAProxy re-sends only idempotent requests) and /readyz still
// answers 200: this takes no instance out of the pool.
import type { Lifecycle } from './lifecycle.js';

/** Silence after which a probe is started, if none is in flight. */
export const PROBE_AFTER_MS = 50;
/** Silence after which reads are handed back (with a failing probe and a peer vouching). */
export const STUCK_MS = 250;

export interface StuckReadsOptions {
  lifecycle: Lifecycle;
  /** Since when this instance has waited on the database without an answer (null: waits for nothing). */
  silentSince: () => number | null;
  /** Whether fresh connections fail, by probes since then (starts one when none is in flight). */
  freshConnectionsFailSince: (since: number) => boolean;
  /** Whether a peer has had a success from the writer on work it sent at or after `since` (this instance's silence began). */
  peerVouches: (since: number) => Promise<boolean>;
  now?: () => number;
  log?: { warn: (details: object, message: string) => void; info: (details: object, message: string) => void };
}

export class StuckReadsWatcher {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: StuckReadsOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The rule once: true while this instance's reads should go elsewhere. */
  async readsStuck(): Promise<boolean> {
    const since = this.o.silentSince();
    if (since === null) return false;
    const quietMs = this.now() - since;
    if (quietMs < PROBE_AFTER_MS) return false;
    const freshFail = this.o.freshConnectionsFailSince(since);
    if (quietMs < STUCK_MS || !freshFail) return false;
    if (!(await this.o.peerVouches(since))) return false;
    // Still the same silence: an event loop that was only busy has read its answers by now.
    return this.o.silentSince() === since;
  }

  async tick(): Promise<void> {
    const stuck = await this.readsStuck();
    if (stuck !== this.o.lifecycle.shedReads) {
      const quietMs = this.now() - (this.o.silentSince() ?? this.now());
      if (stuck) this.o.log?.warn({ quietMs }, 'database silent from this instance alone: sending reads to the other instances');
      else this.o.log?.info({}, 'stopped sending reads to the other instances');
    }
    this.o.lifecycle.setShedReads(stuck);
  }

  start(intervalMs = 50): void {
    const loop = async () => {
      await this.tick();
      if (this.stopped) return;
      this.timer = setTimeout(loop, intervalMs);
      this.timer.unref();
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
