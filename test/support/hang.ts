// How long a functional test waits for an event before calling it a hang. Generous on purpose:
// the suites run on a loaded 2-core machine, and how *fast* something happens is for the bench
// and the drills to measure, never for a functional test to assert.
export const HANG_MS = 30_000;
