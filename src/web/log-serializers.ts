// What a request looks like in the logs. Secrets that travel in a URL (the
// password-reset link's token) are replaced, so access logs can't reset anyone's password.
import type { FastifyRequest } from 'fastify';

const SECRET_QUERY_PARAMS = /([?&](?:token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

export const requestSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};
