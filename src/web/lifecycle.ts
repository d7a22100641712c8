// /healthz says the process is alive; /readyz says it wants traffic. Neither
// touches the database: a database failover must not take every app out of HAProxy.
import type { FastifyInstance } from 'fastify';

export class Lifecycle {
  draining = false;
}

export async function lifecycleRoutes(app: FastifyInstance, { lifecycle }: { lifecycle: Lifecycle }) {
  // Probed every second by HAProxy: log only problems.
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    if (lifecycle.draining) return reply.code(404).send({ status: 'draining' });
    return { status: 'ready' };
  });
}
