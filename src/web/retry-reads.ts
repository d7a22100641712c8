// GET and HEAD handlers only read, so when one fails because the database is
// failing over (connection lost, read-only standby, shutdown) the whole handler
// runs again with backoff, for up to 30 s, before the customer sees an error —
// by the unit of work's rule for reads (`rerunRead`, decision 217). Reads inside
// that go through `read()` retry themselves first; the budgets overlap, not add.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { rerunRead } from '../db/unit-of-work.js';

export function retryReadHandlers(app: FastifyInstance, budgetMs = 30_000): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.every((m) => m === 'GET' || m === 'HEAD')) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function retryingHandler(request, reply) {
      return rerunRead(async () => handler.call(this, request, reply), {
        budgetMs,
        onRetry: (error, attempt) => request.log.warn({ err: error, attempt }, 'database unavailable; retrying read'),
      });
    } as RouteHandlerMethod;
  });
}
