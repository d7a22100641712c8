// Who may read /metrics. The app sits behind HAProxy with `trustProxy`, so a
// forwarded-for header could claim to be anyone: a caller counts as local only
// when the socket itself is loopback AND no proxy header is present (i.e. it did
// not come through HAProxy). Everyone else needs METRICS_TOKEN as a bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { isDirectLoopback } from '../../web/client-address.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (match && sameSecret(match[1]!, token)) return true;
  }
  return isDirectLoopback(request);
}
