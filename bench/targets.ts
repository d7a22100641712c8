// What "fast enough" means, per hot path, at 10 concurrent connections on one
// 2-core machine running the client and the server together.
export const latencyTargets: Record<string, { p99Ms: number }> = {
  'menu API': { p99Ms: 100 },
  'menu page': { p99Ms: 100 },
  'product page': { p99Ms: 60 },
  'basket API': { p99Ms: 60 },
  'add to basket API': { p99Ms: 100 },
};

/** Resident memory of the app process (embedded database included) after the run. */
export const memoryTarget = { rssMb: 400 };
