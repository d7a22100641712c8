// The API contract check (issue 12, decision 702): every response an HTTP test receives from
// /api/v1 is validated against the OpenAPI document the app serves, with Ajv (JSON Schema 2020-12,
// as OpenAPI 3.1 uses) built from that document: the status must be declared for the operation,
// the content type must be one it declares, and the body must match its schema. Live streams are
// checked as they arrive (sse-client.ts): `text/event-stream`, a documented event type, its data valid.
//
// startTestApp() wraps app.inject with observeContract(), so every call a test makes is seen. Each
// test process appends one line per response to a file in CONTRACT_DIR (set by scripts/test);
// `contract-report.ts` sums them up after the suite, prints the violations and the coverage of
// operation × declared status, and fails the line on any violation.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface ContractRecord {
  /** "get /api/v1/orders/{id}", or null when no operation of the document matches the path. */
  operation: string | null;
  method: string;
  url: string;
  status: number;
  violations: string[];
}

type Json = Record<string, any>;

interface Checker {
  document: Json;
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction>;
  paths: { template: string; pattern: RegExp; literal: number }[];
}

let checker: Checker | null = null;
const CONTRACT_DIR = process.env['CONTRACT_DIR'];
const recordFile = CONTRACT_DIR ? path.join(CONTRACT_DIR, `${process.pid}-${randomBytes(4).toString('hex')}.jsonl`) : null;

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function useDocument(document: Json): Checker {
  if (checker && JSON.stringify(checker.document.paths) === JSON.stringify(document['paths'])) return checker;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const paths = Object.keys(document['paths'] ?? {}).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: template.split('/').filter((s) => !s.startsWith('{')).length,
  }));
  // The most literal template first: /sessions/current before /sessions/{id}.
  paths.sort((a, b) => b.literal - a.literal);
  checker = { document, ajv, validators: new Map(), paths };
  if (CONTRACT_DIR) {
    fs.mkdirSync(CONTRACT_DIR, { recursive: true });
    fs.writeFileSync(path.join(CONTRACT_DIR, 'openapi.json'), JSON.stringify(document));
  }
  return checker;
}

function validator(c: Checker, pointer: string): ValidateFunction {
  let found = c.validators.get(pointer);
  if (!found) {
    found = c.ajv.compile({ $ref: `openapi.json#${pointer}` });
    c.validators.set(pointer, found);
  }
  return found;
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
    .join('; ');
}

interface Observed {
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** Live-stream events, for a text/event-stream response. */
  events?: { event: string; data: string }[];
}

/** Checks one response against the document: the violations found (none is conformance). */
export function checkResponse(c: Checker, observed: Observed): ContractRecord {
  const pathname = new URL(observed.url, 'http://x').pathname;
  const method = observed.method.toLowerCase();
  const record: ContractRecord = { operation: null, method, url: pathname, status: observed.status, violations: [] };
  const match = c.paths.find((p) => p.pattern.test(pathname) && c.document['paths'][p.template][method]);
  if (!match) {
    // A path the API does not have answers 404 (or 405); anything else here is an undocumented route.
    if (observed.status !== 404 && observed.status !== 405) {
      record.violations.push(`${observed.method} ${pathname} answered ${observed.status} but the document has no such operation`);
    }
    return record;
  }
  record.operation = `${method} ${match.template}`;
  const operation = c.document['paths'][match.template][method];
  const status = String(observed.status);
  const declared = operation.responses[status] ? status : operation.responses[`${status[0]}XX`] ? `${status[0]}XX` : null;
  if (!declared) {
    record.violations.push(`status ${status} is not declared (declared: ${Object.keys(operation.responses).join(', ')}): ${observed.body.slice(0, 200)}`);
    return record;
  }
  const content: Json | undefined = operation.responses[declared].content;
  const mediaType = observed.contentType.split(';')[0]!.trim().toLowerCase();
  if (!content) {
    if (observed.body.length > 0) record.violations.push(`status ${status} declares no body but one came (${mediaType})`);
    return record;
  }
  if (!content[mediaType]) {
    record.violations.push(`content type "${mediaType || '(none)'}" is not declared for ${status} (declared: ${Object.keys(content).join(', ')})`);
    return record;
  }
  const base = `/paths/${escapePointer(match.template)}/${method}/responses/${declared}/content/${escapePointer(mediaType)}/schema`;
  if (mediaType === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(observed.body);
    } catch {
      record.violations.push(`status ${status}: the body is not JSON`);
      return record;
    }
    const validate = validator(c, base);
    if (!validate(body)) record.violations.push(`status ${status}: the body breaks the schema: ${errorsOf(validate)}`);
  } else if (mediaType === 'text/event-stream') {
    const events: Json = content[mediaType].schema?.['x-sse-events'] ?? {};
    for (const event of observed.events ?? []) {
      if (!events[event.event]) {
        record.violations.push(`event "${event.event}" is not documented (documented: ${Object.keys(events).join(', ')})`);
        continue;
      }
      const validate = validator(c, `${base}/x-sse-events/${escapePointer(event.event)}`);
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        record.violations.push(`event "${event.event}": data is not JSON`);
        continue;
      }
      if (!validate(data)) record.violations.push(`event "${event.event}": data breaks the schema: ${errorsOf(validate)}`);
    }
  }
  return record;
}

function save(record: ContractRecord): void {
  if (record.violations.length > 0) {
    process.stderr.write(`API contract violation: ${record.method.toUpperCase()} ${record.url} → ${record.status}: ${record.violations.join(' | ')}\n`);
  }
  if (recordFile) fs.appendFileSync(recordFile, `${JSON.stringify(record)}\n`);
}

function isApi(url: string): boolean {
  return new URL(url, 'http://x').pathname.startsWith('/api/v1/');
}

/** The body as a client reads it: a compressed answer (br or gzip, @fastify/compress) is decoded first. */
function decodedBody(response: LightMyRequestResponse): string {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString('utf8');
  return response.body;
}

/** Sees every app.inject() call of this app, and checks each /api/v1 response against the app's own document. */
export function observeContract(app: FastifyInstance): void {
  useDocument(app.swagger() as Json); // now, so live streams and fetch clients are checked from the first call
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  const observed = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options);
    const url = typeof options === 'string' ? options : (options.url ?? (options.path as string | undefined) ?? '/');
    const method = typeof options === 'string' ? 'GET' : (options.method ?? 'GET');
    if (typeof url === 'string' && isApi(url)) {
      const c = useDocument(app.swagger() as Json);
      save(
        checkResponse(c, {
          method: String(method),
          url,
          status: response.statusCode,
          contentType: String(response.headers['content-type'] ?? ''),
          body: decodedBody(response),
        }),
      );
    }
    return response;
  };
  (app as { inject: unknown }).inject = observed;
}

/** A live stream's status, content type and events, checked against the document of the last app observed. */
export function observeStream(observed: Observed): void {
  if (!checker || !isApi(observed.url)) return;
  save(checkResponse(checker, observed));
}
