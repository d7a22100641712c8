// One measurement: the load tool (autocannon) repeating a scenario's request against one server
// for a duration (or a number of requests, for the smoke test), after a warm-up with the same
// settings. The app and its ceiling are measured by this same function, so only the server differs.
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

export interface Length {
  /** Seconds of load; or, when `requests` is set, that many requests instead. */
  seconds: number;
  requests?: number;
}

export interface Figures {
  requests: number;
  /** Requests per second over the measured stretch (all answers, whatever their status). */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function load(base: string, scenario: Scenario, connections: number, length: Length): Promise<Figures> {
  let i = 0;
  const first = scenario.request(0);
  const run = await autocannon({
    url: new URL(first.path, base).href,
    connections,
    ...(length.requests ? { amount: length.requests } : { duration: length.seconds }),
    requests: [
      {
        setupRequest: (request) => {
          const next = scenario.request(i++);
          return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body };
        },
      },
    ],
  });
  const seconds = Math.max(run.duration, 0.001);
  return {
    requests: run.requests.total,
    rps: Math.round(run.requests.total / seconds),
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    non2xx: run.non2xx,
    errors: run.errors, // timeouts included
  };
}

export async function measure(base: string, scenario: Scenario, connections: number, length: Length, warmUp: Length): Promise<Figures> {
  await load(base, scenario, connections, warmUp);
  return load(base, scenario, connections, length);
}
