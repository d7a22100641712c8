// A fake clock for code that waits with setTimeout and measures with Date.now() (the retry
// backoff): sleeps return at once and move Date.now() forward by what was asked, so a test
// checks how long the code *would* have waited without waiting, and without reading real time.
import type { TestContext } from 'node:test';

export function fakeClock(t: TestContext) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  t.mock.method(Date, 'now', () => now);
  t.mock.method(globalThis, 'setTimeout', ((callback: () => void, ms: number) => {
    sleeps.push(Math.round(ms * 100) / 100);
    now += ms;
    queueMicrotask(callback);
  }) as unknown as typeof setTimeout);
  return { sleeps, now: () => now - 1_000_000 };
}
