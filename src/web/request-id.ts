// Request ids (issue 12, decision 704): a UUID per request, or the X-Request-Id that HAProxy set
// (`unique-id-format` in the rendered cluster config) when the request comes from a TRUST_PROXY
// address and the id is short and plain, so a client can neither inject into the logs nor pose as
// another request. The id is returned in X-Request-Id, carried by every log line of the request
// (pino's `reqId`), and kept with every outbox message the request enqueues (outbox.request_id),
// so a delivery is logged with the request that caused it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** genReqId for Fastify: the proxy's id when believable, else a fresh UUID. */
export function requestIdGenerator(trustProxy: string[]): (raw: IncomingMessage) => string {
  const trusted = proxyAddr.compile(trustProxy);
  return (raw) => {
    const incoming = raw.headers[REQUEST_ID_HEADER];
    const address = raw.socket?.remoteAddress;
    if (typeof incoming === 'string' && PLAIN_ID.test(incoming) && address && trusted(address, 0)) return incoming;
    return randomUUID();
  };
}

const current = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request this code runs for, or null (the outbox drainer, the expiry sweeper, a script). */
export function currentRequestId(): string | null {
  return current.getStore()?.requestId ?? null;
}

/** Returns the id in the response, and makes it the current one for everything the request runs. */
export function requestIds(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    current.run({ requestId: request.id }, done);
  });
}
