// Between the password and the code (two-step sign-in): which account typed the right password,
// held for five minutes in a cookie signed with SESSION_SECRET and bound to this visitor. No
// session exists until the code is right, so nothing of the account is reachable meanwhile.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { cookieOptions } from '../../web/session.js';

const COOKIE = 'login2';
const TTL_MS = 5 * 60_000;

function signature(deps: AppDeps, visitorId: string, userId: number, expires: number): string {
  return createHmac('sha256', deps.config.sessionSecret).update(`login2:${visitorId}:${userId}:${expires}`).digest('base64url');
}

export function holdPendingLogin(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, userId: number): void {
  const expires = deps.clock().getTime() + TTL_MS;
  reply.setCookie(COOKIE, `${userId}.${expires}.${signature(deps, request.visitorId, userId, expires)}`, cookieOptions(deps, TTL_MS));
}

/** The account waiting for its code, or null (none, expired, forged, or another visitor's). */
export function pendingLogin(deps: AppDeps, request: FastifyRequest): number | null {
  const match = /^(\d{1,10})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(request.cookies[COOKIE] ?? '');
  if (!match) return null;
  const userId = Number(match[1]);
  const expires = Number(match[2]);
  if (expires < deps.clock().getTime()) return null;
  const expected = Buffer.from(signature(deps, request.visitorId, userId, expires));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}

export function endPendingLogin(reply: FastifyReply): void {
  reply.clearCookie(COOKIE, { path: '/' });
}
