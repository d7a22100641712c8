// The OpenAPI document (/api/openapi.json) is the API's contract: generated from the routes'
// schemas by @fastify/swagger, then finished here once for every operation, so a route added
// anywhere gets the same treatment (decision 701):
// - an operationId (method + path, unless the route names one);
// - `security: []` on public operations; signed-in ones accept a bearer token or the session
//   cookie, and unsafe methods on the cookie also need the X-CSRF-Token header;
// - every unsafe operation declares the 403 that a cookie-borne call without a valid token gets, and
//   every operation the 400 (control characters) and 401 (a bad bearer token) that any route may answer;
// - a response description for each status, never "Default Response".
// `redocly lint` (redocly.yaml) and the contract check (test/support/contract.ts) hold it to that.
import type { SwaggerOptions } from '@fastify/swagger';
import type { Config } from '../config.js';
import { ErrorResponse } from './schemas.js';

/** Every tag an operation may use, with what it groups. An operation with another tag fails the lint. */
export const API_TAGS = [
  { name: 'accounts', description: 'Register, log in (a bearer token, or the session cookie for the web app) and log out.' },
  {
    name: 'account',
    description: "The signed-in customer's own account: profile, email verification, password, sessions, notification choices, the data export and deletion.",
  },
  { name: 'stores', description: 'The stores, open or paused as of now.' },
  { name: 'menu', description: "A store's menu: categories, products, their option groups and what is available there." },
  { name: 'basket', description: "The signed-in customer's basket: one store, lines re-checked against it on every read." },
  { name: 'orders', description: 'Place the basket as an order (the card is held), follow it live, check in (the card is charged), cancel, order again.' },
  { name: 'favourites', description: "The signed-in customer's saved customised drinks: list, save, remove, order one again (replace or add)." },
  { name: 'saved cards', description: "The signed-in customer's saved cards: brand, last 4 and expiry only; list and remove. Save one at checkout." },
  { name: 'staff', description: "The counter: a store's queue, live, and the steps ready and collected (barista, manager, admin)." },
  { name: 'store management', description: "A store's manager: availability of products and options, busy minutes and opening hours." },
];

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** What each error status means here; an operation's own description (on its schema) wins. */
const STATUS_MEANING: Record<string, string> = {
  '400': 'The request is not valid: `error.fields` names each bad input.',
  '401': 'Not signed in, or the token or session has expired.',
  '402': 'The card was declined or could not be charged: `error.message` says why.',
  '403': 'Not allowed: the signed-in user lacks the role (or the store), or a call riding on the session cookie sent no valid X-CSRF-Token.',
  '404': 'Not found (or not yours).',
  '409': 'Refused in the current state (for example an order already checked in); `error.message` says why.',
  '413': 'The request body is larger than 64 KiB (BODY_LIMIT_BYTES).',
  '415': 'The request body is not `application/json`.',
  '429': 'Too many attempts: wait and try again.',
  '503':
    'Briefly unavailable (the database or the payment provider, overload, or the request timed out): try again after `Retry-After`; with the same Idempotency-Key it is safe.',
};
const PUBLIC_401 = 'An Authorization header was sent that is not "Bearer <token>", or whose token has expired (no header is needed here).';
const CSRF_403 = 'A call riding on the session cookie sent no valid X-CSRF-Token (bearer-token calls need none).';

// biome-ignore lint/suspicious/noExplicitAny: the generated document is plain JSON, walked by key.
type Json = Record<string, any>;

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** A body schema's `$comment` (a keyword every validator accepts) for a route that takes no body too. */
export const BODY_OPTIONAL = 'body optional';

function finishOperation(method: string, path: string, operation: Json): void {
  operation.operationId ??= operationId(method, path);
  const signedIn = Array.isArray(operation.security) && operation.security.length > 0;
  if (!signedIn) operation.security = [];
  else operation.security = [{ bearer: [] }, UNSAFE.has(method) ? { session: [], csrf: [] } : { session: [] }];

  const responses: Json = operation.responses;
  const errorContent = () => ({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
  // Any request may be refused 400 (a control character in its query string, say: web/control-characters.ts).
  responses['400'] ??= { description: STATUS_MEANING['400'], content: errorContent() };
  // A bad or expired bearer token is refused before any route runs, public ones included (web/session.ts),
  // except on a sessionless route (config.sessionless, marked `x-sessionless` in its schema), which reads none.
  const sessionless = operation['x-sessionless'] === true;
  delete operation['x-sessionless'];
  if (!sessionless) responses['401'] ??= { description: PUBLIC_401, content: errorContent() };
  if (UNSAFE.has(method)) responses['403'] ??= { description: CSRF_403, content: errorContent() };
  // A body is parsed before the route runs: too large, or not JSON, is the framework's answer.
  // A route that also takes no body at all (its preValidation fills one in) marks its schema so.
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema?.$comment === BODY_OPTIONAL) {
    operation.requestBody.required = false;
    delete bodySchema.$comment;
  }
  if (operation.requestBody) {
    responses['413'] ??= { description: STATUS_MEANING['413'], content: errorContent() };
    responses['415'] ??= { description: STATUS_MEANING['415'], content: errorContent() };
  }
  // Overload protection and the request timeout may refuse any request (web/overload.ts).
  responses['503'] ??= { description: STATUS_MEANING['503'], content: errorContent() };
  // Live streams are capped per account and visitor (live/stream-quota.ts).
  if (responses['200']?.content?.['text/event-stream']) {
    responses['429'] ??= { description: 'Too many live streams open for this account or visitor: close some first.', content: errorContent() };
  }
  for (const [status, response] of Object.entries(responses) as [string, Json][]) {
    if (response.description && response.description !== 'Default Response') continue;
    response.description = status.startsWith('2') ? (operation.summary ?? 'Done.') : (STATUS_MEANING[status] ?? `HTTP ${status}.`);
  }
}

/** Finishes the generated document: the same rules for every operation (see the top of this file). */
export function finishDocument(document: Json): Json {
  for (const [path, methods] of Object.entries(document['paths'] ?? {}) as [string, Json][]) {
    for (const [method, operation] of Object.entries(methods) as [string, Json][]) finishOperation(method, path, operation);
  }
  return document;
}

export function openapiOptions(config: Config): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Alpaca Cafe API',
        version: '1.0.0',
        description:
          'Order ahead, collect in store. Errors are JSON: `{"error": {"code", "message", "fields"?}}`. ' +
          'Every response carries an `X-Request-Id` header; quote it when reporting a problem.',
        license: { name: 'Proprietary', url: `${config.publicUrl}/` },
      },
      servers: [{ url: '/', description: 'The instance serving this document (PUBLIC_URL)' }],
      tags: API_TAGS,
      components: {
        schemas: { Error: ErrorResponse },
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/v1/sessions.' },
          session: { type: 'apiKey', in: 'cookie', name: 'sid', description: "The web app's session cookie (set by logging in on the site)." },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description:
              'With the session cookie, every POST, PUT, PATCH and DELETE needs this header: the token from the page\'s `<meta name="csrf-token">`. Without it the call answers 403 `csrf`.',
          },
        },
      },
    },
    hideUntagged: true,
    transformObject: ({ openapiObject }: { openapiObject: Json }) => finishDocument(openapiObject),
  } as SwaggerOptions;
}

/**
 * A Server-Sent Events response: `text/event-stream`, with the event types it sends and each one's
 * `data` (JSON). The stream's errors, answered before it starts, stay JSON like any other.
 */
export function sseResponse(description: string, events: Record<string, Json>): Json {
  const list = Object.keys(events)
    .map((name) => `\`${name}\``)
    .join(', ');
  return {
    description: `${description} Events: ${list}; each \`data\` is one JSON object, each \`id\` resumes the stream when sent back as Last-Event-ID. Comment lines (\`: ping\`) keep it alive.`,
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: 'id: <id>\\nevent: <type>\\ndata: <JSON>\\n\\n, repeated', 'x-sse-events': events },
      },
    },
  };
}
