import type { FastifyBaseLogger } from 'fastify';

export interface Repeating {
  /** Stops the timer and waits for a pass already under way, so shutdown never cuts one in half. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `everyMs`, one pass at a time: a tick that finds the previous pass still running
 * is skipped rather than queued, so a slow database never piles passes up. A failed pass is logged
 * and the next tick tries again. The timer doesn't hold the process open.
 */
export function repeatEvery(everyMs: number, name: string, pass: () => Promise<unknown>, log: FastifyBaseLogger): Repeating {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .catch((error: unknown) => log.warn({ err: error }, `${name} failed; will try again`))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
