// Whether a request comes straight from this machine. The app sits behind
// HAProxy with `trustProxy`, so a forwarded-for header could claim to be anyone:
// a caller counts as local only when the socket itself is loopback AND no proxy
// header is present (it did not come through HAProxy).
import type { FastifyRequest } from 'fastify';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isDirectLoopback(request: FastifyRequest): boolean {
  const address = request.raw.socket.remoteAddress ?? '';
  const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers['forwarded'] !== undefined;
  return LOOPBACK.test(address) && !proxied;
}
