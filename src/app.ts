// buildApp(deps): the one place where plugins and feature routes are wired.
// main.ts and the tests both build the app through here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { parse as parseQuerystring } from 'fast-querystring';
import { parseFormBody } from './web/invalid-text.js';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './deps.js';
import { sessions } from './web/session.js';
import { requestSerializers } from './web/log-serializers.js';
import { registerErrorHandling } from './web/error-handler.js';
import { refuseControlCharacters } from './web/control-characters.js';
import { retryReadHandlers } from './web/retry-reads.js';
import { protectFromOverload } from './web/overload.js';
import { securityHeaders } from './web/security-headers.js';
import { lifecycleRoutes, shedWhileCutOff } from './web/lifecycle.js';
import { recordRoutes } from './web/route-catalogue.js';
import { openapiOptions } from './web/openapi.js';
import { requestIdGenerator, requestIds } from './web/request-id.js';
import { provideBasketBadge } from './web/page-context.js';
import { accountRoutes } from './features/accounts/index.js';
import { storeRoutes } from './features/stores/index.js';
import { menuRoutes } from './features/menu/index.js';
import { basketRoutes, basketSummary, ownerOf } from './features/basket/index.js';
import { orderRoutes } from './features/orders/index.js';
import { favouriteRoutes } from './features/favourites/index.js';
import { savedCardRoutes } from './features/saved-cards/index.js';
import { stripeWebhookRoutes } from './features/stripe-webhooks/index.js';
import { adminRoutes, recordPaymentErrors } from './features/admin/index.js';
import { managerRoutes } from './features/manager/index.js';
import { metricsRoutes } from './features/metrics/index.js';
import { baristaRoutes } from './features/barista/index.js';
import { staffOrderPages } from './features/staff-orders/index.js';
import { passwordResetRoutes } from './features/password-reset/index.js';
import { ticketRoutes } from './features/tickets/index.js';
import { devMailboxRoutes } from './features/dev-mailbox/index.js';

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web', 'static');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: requestSerializers,
          },
    trustProxy: deps.config.trustProxy,
    // Our own rule for X-Request-Id (web/request-id.ts), not Fastify's "believe any header".
    requestIdHeader: false,
    genReqId: requestIdGenerator(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    keepAliveTimeout: deps.config.keepAliveTimeoutMs,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  requestIds(app); // first: every later hook, handler and outbox write runs with the request's id
  recordRoutes(app);
  registerErrorHandling(app);
  refuseControlCharacters(app);
  retryReadHandlers(app);
  await protectFromOverload(app, deps.config);
  shedWhileCutOff(app, deps.lifecycle);
  await app.register(metricsRoutes, { deps });
  // Every cookie Secure under an https PUBLIC_URL (the flash cookie too): parseOptions are setCookie's defaults.
  await app.register(cookie, { parseOptions: { secure: deps.config.publicUrl.startsWith('https:') } });
  // Every field must decode to UTF-8 text (decision 513): fast-querystring would keep `%FF` as is.
  await app.register(formbody, { parser: parseFormBody(parseQuerystring) });
  await app.register(swagger, openapiOptions(deps.config));
  // Pages, static files and API answers compressed for clients that accept it (brotli at quality 4,
  // cheap per request); answers sent already encoded (the menu API's prebuilt bytes) pass untouched.
  await app.register(compress, { encodings: ['br', 'gzip'] });
  await app.register(fastifyStatic, { root: staticDir, prefix: '/static/', maxAge: '1h' });

  // Helmet (CSP without inline scripts, frame-ancestors 'none', HSTS under https) and no-store by default.
  await securityHeaders(app, deps.config);

  // Payment calls that fail with an error are written to the admin's payments log (decision 708).
  recordPaymentErrors(app, deps);

  // Server-Sent Events streams never end by themselves: end them so close() can finish.
  app.addHook('preClose', async () => deps.live.close());
  // A write answered by this instance: what is cached on the database's signals (the menus) is
  // confirmed with the database before it is trusted again, since the signal of this very commit
  // can arrive after its answer (live-hub.ts, decision 602).
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') deps.live.localWrite();
    done(null, payload);
  });

  await app.register(lifecycleRoutes, { lifecycle: deps.lifecycle });
  await app.register(sessions, { deps });
  // A first visit's page (a visitor id made for this GET) has no basket: no query for it (decision 605).
  provideBasketBadge(app, async (request) =>
    !request.user && request.newVisitor && request.method === 'GET' ? { store: null, count: 0 } : basketSummary(deps.db.pageReads, ownerOf(request)),
  );
  for (const feature of [
    accountRoutes,
    storeRoutes,
    menuRoutes,
    basketRoutes,
    adminRoutes,
    managerRoutes,
    orderRoutes,
    favouriteRoutes,
    savedCardRoutes,
    stripeWebhookRoutes,
    baristaRoutes,
    staffOrderPages,
    passwordResetRoutes,
    ticketRoutes,
    devMailboxRoutes,
  ]) {
    await app.register(feature, { deps });
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
