// Records every route the app registers (method + URL pattern, and what it reads), so the
// permission-matrix test can walk all of them and fail on a route it doesn't know, and the
// input-limits test can check that every field it reads is bounded.
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { TObject } from 'typebox';

export interface RegisteredRoute {
  method: string;
  url: string;
  /** The route's own schema (body, querystring, params, headers), as Fastify validates it. */
  schema?: FastifySchema;
  /** What a page reads with decodeForm (a form's body, or a GET's query): formRoute declares it, other handlers with declareFormSchema. */
  forms?: TObject[];
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

const FORM_SCHEMA = Symbol('form schema');

/** Marks a handler as reading its input with decodeForm and these schemas (formRoute does this for every page form). */
export function declareFormSchema<H extends object>(handler: H, ...schemas: TObject[]): H {
  Object.defineProperty(handler, FORM_SCHEMA, { value: schemas });
  return handler;
}

/** The form schemas a handler declared, if any. */
export function formSchemasOf(handler: unknown): TObject[] | undefined {
  return handler && typeof handler === 'function' ? (handler as unknown as Record<symbol, TObject[]>)[FORM_SCHEMA] : undefined;
}

/** Call on the root instance before any route is added (hooks see only later routes). */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // HEAD twins of GET routes are added by Fastify itself; they answer like the GET.
      if (method === 'HEAD' && routes.some((r) => r.method === 'GET' && r.url === route.url)) continue;
      const forms = formSchemasOf(route.handler);
      routes.push({ method, url: route.url, ...(route.schema ? { schema: route.schema } : {}), ...(forms ? { forms } : {}) });
    }
  });
}
