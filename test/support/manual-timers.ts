// Timers for the start scheduler (src/features/orders/start-scheduler.ts) driven by a test's
// injected clock: a timer fires only when the test moves the clock past it and calls fireDue().
import type { Timers } from '../../src/features/orders/index.js';

/** Timers that fire only when the test's clock is moved past them. */
export class ManualTimers implements Timers {
  pending = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  constructor(private readonly now: () => number) {}
  set(run: () => void, ms: number) {
    const id = this.next++;
    this.pending.set(id, { at: this.now() + ms, run });
    return id;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  /** The earliest armed moment. */
  earliest(): number | null {
    const ats = [...this.pending.values()].map((p) => p.at);
    return ats.length ? Math.min(...ats) : null;
  }
  fireDue() {
    for (const [id, timer] of this.pending) {
      if (timer.at <= this.now()) {
        this.pending.delete(id);
        timer.run();
      }
    }
  }
}
