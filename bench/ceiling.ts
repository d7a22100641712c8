// The ceiling of a scenario: what this machine does when the same Fastify answers the same
// request with the same bytes from memory, no database and no rendering. The app's answer is
// recorded once (status, headers, body, exactly as the load tool's request gets them: the
// load tool sends no Accept-Encoding, so neither does the recording) and replayed by a second,
// minimal Fastify on loopback, measured with the same load tool and settings as the app.
// In a cluster mode the replaying instances would sit behind the same HAProxy as the app.
import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';

export interface ScenarioRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Recording {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Headers the server computes per connection or per answer, not part of the bytes we replay. */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export function record(base: string, request: ScenarioRequest): Promise<Recording> {
  const url = new URL(request.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: request.method, headers: request.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Recording['headers'] = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !PER_ANSWER.has(name)) headers[name] = value;
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

export interface Ceiling {
  base: string;
  close(): Promise<void>;
}

/**
 * A bare route at the scenario's method and path answering the recorded bytes. One server per
 * scenario (started beside the app's measurement, closed after it), so scenarios that share a
 * path (anonymous and signed in) each replay their own answer.
 */
export async function startCeiling(request: ScenarioRequest, recording: Recording, port = 0): Promise<Ceiling> {
  const app: FastifyInstance = Fastify({ logger: false });
  app.route({
    method: request.method,
    url: new URL(request.path, 'http://x').pathname,
    handler: async (_req, reply) => reply.code(recording.status).headers(recording.headers).send(recording.body),
  });
  await app.listen({ host: '127.0.0.1', port });
  const { port: bound } = app.server.address() as { port: number };
  return { base: `http://127.0.0.1:${bound}`, close: () => app.close() };
}
