// Who is asking: the signed-in user (web cookie or API bearer token) and an
// anonymous visitor id that keeps a guest's basket and anchors CSRF tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../deps.js';
import { findSessionUser, LAST_SEEN_RESOLUTION_MS, touchSession } from './session-store.js';
import type { CurrentUser } from './current-user.js';
import { AppError, UnauthorizedError } from '../domain/errors.js';
import { read } from '../db/unit-of-work.js';
import { trackReplicaReads } from '../db/writer-or-replica.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route never looks at sessions or cookies (e.g. /metrics, which has its own token). */
    sessionless?: boolean;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    authVia: 'cookie' | 'bearer' | null;
    sessionSecret: string | null;
    visitorId: string;
    /** The visitor id was made for this request (no valid cookie came): nothing can belong to it yet. */
    newVisitor: boolean;
    csrfToken: string;
  }
}

export const SESSION_COOKIE = 'sid';
export const VISITOR_COOKIE = 'vid';
const CSRF_FIELD = '_csrf';
const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookieOptions(deps: AppDeps, maxAgeMs: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}

const VISITOR_TTL_MS = 365 * 24 * 3_600_000;
const newVisitorId = () => randomBytes(24).toString('base64url');

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  // Only the Bearer scheme is ours. Others (Basic from a staging proxy) are not
  // meant for us: refusing them sent every page into a /login redirect loop.
  if (!header || !/^Bearer(\s|$)/i.test(header)) return null;
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

function csrfFor(secret: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`csrf:${visitorId}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function submittedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

async function sessionPlugin(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.decorateRequest('user', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionSecret', null);
  app.decorateRequest('visitorId', '');
  app.decorateRequest('newVisitor', false);
  app.decorateRequest('csrfToken', '');

  // Each request keeps its own "read from a replica" mark, which its page shows (decision 800).
  app.addHook('onRequest', (_request, _reply, done) => trackReplicaReads(done));

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.sessionless) return;
    const bearer = bearerToken(request);
    const cookieSecret = request.cookies[SESSION_COOKIE];
    const secret = bearer ?? cookieSecret ?? null;
    if (secret) {
      // A read, so safe to repeat: during a failover every request waits here for the new leader
      // (up to 30 s) rather than answering 503 before its handler, with its own retries, even runs.
      // The writer, or a replica while the writer is away (decision 800): browsing never waits on a failover.
      const user = await read(deps.db.pageReads, (db) => findSessionUser(db, secret, deps.clock()), {
        onRetry: (error, attempt) => request.log.warn({ err: error, attempt }, 'database unavailable; retrying session lookup'),
      });
      if (user) {
        request.user = user;
        logAs(request, reply, user.id);
        request.authVia = bearer ? 'bearer' : 'cookie';
        request.sessionSecret = secret;
        const now = deps.clock();
        if (now.getTime() - user.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
          // "Last seen" is a courtesy for the sessions list: it must never fail the request.
          await touchSession(deps.db.writer, secret, now).catch((error: unknown) => request.log.warn({ err: error }, 'could not record session last seen'));
        }
      } else if (bearer) {
        throw new UnauthorizedError('That token is not valid or has expired. Log in again.');
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }

    let visitorId = request.cookies[VISITOR_COOKIE];
    if (!visitorId || !/^[A-Za-z0-9_-]{32}$/.test(visitorId)) {
      visitorId = newVisitorId();
      request.newVisitor = true;
      if (!bearer) reply.setCookie(VISITOR_COOKIE, visitorId, cookieOptions(deps, VISITOR_TTL_MS));
    }
    request.visitorId = visitorId;
    request.csrfToken = csrfFor(deps.config.sessionSecret, visitorId);
  });

  // Forms always carry a token. API calls carry one in X-CSRF-Token when they
  // ride on browser cookies; bearer-token and cookie-less clients have no
  // ambient credentials for another site to borrow.
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.authVia === 'bearer') return;
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/webhooks/');
    const hasCookies = Boolean(request.cookies[VISITOR_COOKIE] || request.cookies[SESSION_COOKIE]);
    if (isApi && !hasCookies) return;
    const submitted = submittedCsrf(request);
    const expected = request.cookies[VISITOR_COOKIE] ? request.csrfToken : undefined;
    if (!submitted || !expected || !sameToken(submitted, expected)) {
      throw new AppError(403, 'csrf', 'This form has expired. Please reload the page and try again.');
    }
  });
}

export const sessions = fp(sessionPlugin, { name: 'sessions' });

/**
 * Every later line of this request's log (its "request completed" too) names the user by id: the
 * logs say who by id only, never by email or name (issue 15 item 5).
 */
export function logAs(request: FastifyRequest, reply: FastifyReply, userId: number): void {
  request.log = request.log.child({ userId });
  reply.log = request.log;
}

/** The signed-in user, or a 401 (pages turn that into a redirect to log in). */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new UnauthorizedError();
  return request.user;
}

export function startWebSession(deps: AppDeps, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, cookieOptions(deps, deps.config.sessionTtlMs));
}

/**
 * A new visitor id, and with it a new CSRF token (the token is derived from the id). Called at
 * login and registration once the guest basket has been adopted (the basket is found by the old
 * id first), and at logout: a token seen before a sign-in (a page's source, a shared screen) is
 * worthless after it.
 */
export function renewVisitor(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): void {
  const visitorId = newVisitorId();
  reply.setCookie(VISITOR_COOKIE, visitorId, cookieOptions(deps, VISITOR_TTL_MS));
  request.visitorId = visitorId;
  request.csrfToken = csrfFor(deps.config.sessionSecret, visitorId);
}
