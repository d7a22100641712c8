// No request may hang, spin or grow memory without bound (issue 15 item 1):
// - a request timeout: a handler that has not started its answer after REQUEST_TIMEOUT gets a 503
//   (the work it started finishes or rolls back on its own; a retry with the same key finds it).
//   Live streams hijack the reply and streamed exports send headers at once, so neither is cut;
// - event-loop and heap protection (@fastify/under-pressure): while the loop lags or the heap is
//   near its limit, new requests get a 503 with Retry-After instead of the process dying.
//   Health, readiness and metrics always answer, so the balancer and the operator can still see.
// The thresholds are far above what the benches and the drills reach (their "0 failed" holds).
import { getHeapStatistics } from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import underPressure from '@fastify/under-pressure';
import { AppError } from '../domain/errors.js';
import { ALWAYS_ANSWERED } from './lifecycle.js';

export interface OverloadLimits {
  requestTimeoutMs: number;
  eventLoopDelayLimitMs: number;
  /** 0: 90 % of V8's heap limit. */
  heapUsedLimitBytes: number;
}

const busy = () => new AppError(503, 'overloaded', 'We are very busy right now. Please try again in a few seconds.');

export async function protectFromOverload(app: FastifyInstance, limits: OverloadLimits): Promise<void> {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent) return;
      request.log.warn({ timeoutMs: limits.requestTimeoutMs }, 'request timed out');
      reply.send(new AppError(503, 'timeout', 'That took too long on our side. Please try again.'));
    }, limits.requestTimeoutMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
    reply.raw.once('finish', () => clearTimeout(timer));
  });

  // The loop's lag, judged over whole seconds: one long pause (start-up compiling WASM, a big
  // garbage collection) is not overload; lag above the limit two seconds running is.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let secondsOver = 0;
  app.addHook('onClose', async () => lag.disable());

  await app.register(underPressure, {
    maxHeapUsedBytes: limits.heapUsedLimitBytes || Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    sampleInterval: 1000,
    healthCheckInterval: 1000,
    healthCheck: async () => {
      const meanMs = lag.mean / 1e6;
      lag.reset();
      secondsOver = meanMs > limits.eventLoopDelayLimitMs ? secondsOver + 1 : 0;
      return secondsOver < 2;
    },
    // Rejecting (rather than replying here) hands the error to the one error handler: JSON for the
    // API, the error page for browsers, with Retry-After.
    pressureHandler: (request: FastifyRequest, _reply: FastifyReply, type: string, value: number | undefined) => {
      if (ALWAYS_ANSWERED.test(request.url)) return undefined;
      request.log.warn({ pressure: type, value }, 'under pressure: answered 503');
      return Promise.reject(busy());
    },
  });
}
