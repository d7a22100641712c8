// GET /metrics in Prometheus text format: HTTP durations, orders, outbox, database
// and live-stream gauges, and Node's process metrics. Each app has its own
// registry (tests run several apps in one process); other modules may add
// metrics to `app.metrics`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../domain/errors.js';
import { mayReadMetrics } from './access.js';
import { registerDatabaseGauges } from './database-gauges.js';
import { recordHttpDurations } from './http-metrics.js';
import { processRegistry } from '../../observability/counters.js';

/**
 * prom-client's nodejs_active_{handles,requests,resources}_total are gauges, but `_total` is for
 * counters (promtool check metrics refuses them). They are the sums over `type` of
 * nodejs_active_{handles,requests,resources}, which stay: `sum(nodejs_active_handles)` is the same value.
 */
function dropTotalGauges(registry: Registry): void {
  for (const what of ['handles', 'requests', 'resources']) registry.removeSingleMetric(`nodejs_active_${what}_total`);
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

async function metricsPlugin(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  dropTotalGauges(registry);
  recordHttpDurations(app, registry);
  registerDatabaseGauges(registry, deps.db, (error) => app.log.warn({ err: error }, 'metrics: database gauges unavailable'));
  new Gauge({
    name: 'alpaca_sse_subscribers',
    help: 'Live streams (order pages and barista queues) open on this instance',
    registers: [registry],
    collect() {
      this.set(deps.live.subscriberCount);
    },
  });
  app.decorate('metrics', registry);

  app.get('/metrics', { schema: { hide: true }, config: { sessionless: true } }, async (request, reply) => {
    if (!mayReadMetrics(request, deps.config.metricsToken)) {
      throw new AppError(403, 'forbidden', 'Metrics are readable from this host, or with the metrics token.');
    }
    const body = `${await registry.metrics()}\n${await processRegistry.metrics()}`;
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(body);
  });
}

/** Registered on the root (fastify-plugin) so the duration hook sees every route. */
export const metricsRoutes = fp(metricsPlugin, { name: 'metrics' });
