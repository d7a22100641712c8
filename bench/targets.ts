// What "fast enough" means for each hot path (adding to the basket validates the
// line against the store and answers with the whole re-checked basket), at 10 concurrent connections on
// one 2-core machine that runs the load generator and the app together.
// The embedded database (PGlite: PostgreSQL in WASM, one connection, in the
// app's own process) is the laptop mode; PostgreSQL is production.

export type BenchDatabase = 'pglite' | 'postgres';

export const latencyTargets: Record<BenchDatabase, Record<string, { p99Ms: number }>> = {
  pglite: {
    'menu API': { p99Ms: 100 },
    'menu page': { p99Ms: 100 },
    'product page': { p99Ms: 60 },
    'basket API': { p99Ms: 60 },
    'add to basket API': { p99Ms: 200 },
  },
  postgres: {
    'menu API': { p99Ms: 100 },
    'menu page': { p99Ms: 100 },
    'product page': { p99Ms: 60 },
    'basket API': { p99Ms: 60 },
    'add to basket API': { p99Ms: 150 },
  },
};

/**
 * Resident memory of the app process after the run. Embedded, it includes
 * PostgreSQL itself (PGlite's WASM heap, 32 MB shared_buffers), which grows
 * with use and is not returned to the OS.
 */
export const memoryTargets: Record<BenchDatabase, { rssMb: number }> = {
  pglite: { rssMb: 300 },
  postgres: { rssMb: 150 },
};

/** Throughput as a share of the ceiling (issue 11): anonymous menus at least half, signed in a quarter. */
export const ratioTargets: Record<string, number> = {
  'menu API, anonymous': 0.5,
  'menu page, anonymous': 0.5,
  'menu API, signed in': 0.25,
  'menu page, signed in': 0.25,
};

/** Bytes on the wire, compressed as a browser asks (issue 11, decision 602). */
export const sizeTargets = { menuJsonBytes: 20 * 1024, menuPageBytes: 100 * 1024 };

/** From a check-in's answer to its ticket where the store sees it (decision 604). */
export const ticketTarget = { p99Ms: 500 };
