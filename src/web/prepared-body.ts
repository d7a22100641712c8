// An answer built once and sent many times (the menu API's JSON, decision 602): its bytes as they
// are, gzipped and brotli-compressed once, each encoding with its own strong ETag, so a request
// costs a header check and a write. A conditional GET whose If-None-Match names any of them is
// answered 304 with no body.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

type Encoding = 'br' | 'gzip' | 'identity';

export interface PreparedBody {
  contentType: string;
  bodies: Record<Encoding, Buffer>;
  etags: Record<Encoding, string>;
}

/** Compresses `body` once (in the thread pool: a rebuild does not stall the event loop). */
export async function prepareBody(body: string, contentType: string): Promise<PreparedBody> {
  const identity = Buffer.from(body);
  const [gz, br] = await Promise.all([
    gzip(identity, { level: zlib.constants.Z_BEST_COMPRESSION }),
    brotli(identity, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  ]);
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return {
    contentType,
    bodies: { identity, gzip: gz, br },
    // Strong validators: each encoding is its own representation, so each has its own tag.
    etags: { identity: `"${hash}"`, gzip: `"${hash}-gz"`, br: `"${hash}-br"` },
  };
}

/** The best encoding the request accepts (brotli, then gzip, then none); q=0 refuses one. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

function matches(ifNoneMatch: string, body: PreparedBody): boolean {
  const tags = new Set(Object.values(body.etags));
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || tags.has(t.startsWith('W/') ? t.slice(2) : t);
  });
}

/** Sends the prepared body in the encoding the request prefers, or 304 when the client has it. */
export function sendPrepared(request: FastifyRequest, reply: FastifyReply, body: PreparedBody): FastifyReply {
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  reply.header('vary', 'Accept-Encoding').header('etag', body.etags[encoding]);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && matches(ifNoneMatch, body)) return reply.code(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.type(body.contentType).send(body.bodies[encoding]);
}
