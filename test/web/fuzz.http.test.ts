// Fuzzing every route (issue 15 item 7, decisions 520–522): for each route the running app
// registers (its own route table, so a new route is fuzzed without touching this file), fast-check
// generates FUZZ_RUNS requests (100 by default) with hostile or plausible path parameters, query
// strings, headers and bodies, sent as a guest, a customer, the Colchester barista or an admin.
// For every request:
//   - the answer is never 5xx, and the app always answers (no throw, no hang);
//   - a rejected request (4xx) writes nothing but throttle counters or a failed login's audit: a
//     trigger journal of every row written (fuzz/write-journal.ts) is read after each request.
// The seed is fixed and printed; FUZZ_SEED, FUZZ_RUNS and FUZZ_ROUTES (a regular expression over
// "METHOD /pattern") make a longer or narrower run by hand. The figures go to the security summary.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { sessionIdFor } from '../../src/web/session-store.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { apiBody, headers as headerArb, pageBody, queryString, rarely, urlPiece, type Csrf, type Payload, type Pools } from '../support/fuzz/inputs.js';
import { installWriteJournal, JournalReader, type JournalEntry } from '../support/fuzz/write-journal.js';
import { securityRecorder } from '../support/security-record.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
const ONLY = process.env['FUZZ_ROUTES'] ? new RegExp(process.env['FUZZ_ROUTES']) : null;
/** An answer slower than this is a hang (the app's own REQUEST_TIMEOUT, 30 s, answers 503 first in real life). */
const HANG_MS = 20_000;
const PASSWORD = 'alpaca-demo-password';

const CALLERS = ['guest', 'customer', 'baristaColchester', 'admin'] as const;
type Role = (typeof CALLERS)[number];
const EMAIL: Record<Exclude<Role, 'guest'>, string> = {
  customer: 'customer@alpaca.test',
  baristaColchester: 'barista.colchester@alpaca.test',
  admin: 'admin@alpaca.test',
};

interface Caller {
  role: Role;
  /** Browser cookies (vid, and sid once signed in). */
  cookies: Record<string, string>;
  csrf: string;
  /** The API token's Authorization header value. */
  bearer?: string;
}

interface Route {
  key: string;
  method: string;
  url: string;
  app: FastifyInstance;
  isApi: boolean;
  schema?: Record<string, unknown>;
  queryNames: string[];
}

/** One generated request, before the caller's credentials are put in. */
interface Generated {
  role: Role;
  params: string[];
  query: string;
  headers: Record<string, string>;
  /** API routes: the JSON (or not) body. Pages: the form, encoded with the caller's CSRF token. */
  body: Payload | { csrf: Csrf; encode: (token: string) => Payload } | undefined;
  /** API routes: a browser's cookies and X-CSRF-Token instead of the bearer token. */
  viaCookies: boolean;
}

let t: TestApp;
let stripe: FastifyInstance;
let journal: JournalReader;
let pools: Pools;
let routes: Route[] = [];
const callers = new Map<Role, Caller>();
const figures = { cases: 0, status5xx: 0, crashes: 0, unintendedWrites: 0 };
/** The answers' statuses, per route: how far the generated requests got (401/403 at the door, 400 at the schema, 2xx/3xx through). */
const statuses = new Map<number, number>();
const started = Date.now();
const record = securityRecorder('fuzz');
const save = (finished: boolean) =>
  record({
    kind: 'fuzz',
    seed: SEED,
    runsPerRoute: RUNS,
    routes: routes.length,
    callers: [...CALLERS],
    ...figures,
    seconds: (Date.now() - started) / 1000,
    finished,
  });

// An error escaping the app is a crash whatever request caused it (node:test reports it too).
const onProcessError = () => {
  figures.crashes++;
};

// ---------------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------------

function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

function keepCookies(caller: Caller, setCookies: { name: string; value: string }[]): void {
  for (const cookie of setCookies) if (cookie.name === 'vid' || cookie.name === 'sid') caller.cookies[cookie.name] = cookie.value;
}

/** A visitor's cookies and CSRF token, signed in as `role` (a browser session and an API token). */
async function signIn(role: Role): Promise<Caller> {
  const caller: Caller = { role, cookies: {}, csrf: '' };
  const page = async () => {
    const response = await t.app.inject({ url: '/', headers: { cookie: cookieHeader(caller.cookies) } });
    keepCookies(caller, response.cookies as { name: string; value: string }[]);
    caller.csrf = /name="csrf-token" content="([^"]+)"/.exec(response.body)?.[1] ?? '';
    assert.ok(caller.csrf, 'fixture: the home page carries a CSRF token');
  };
  await page();
  if (role !== 'guest') {
    const form = new URLSearchParams({ _csrf: caller.csrf, email: EMAIL[role], password: PASSWORD, returnTo: '/' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(caller.cookies) },
    });
    assert.equal(response.statusCode, 303, `fixture: ${role} signs in (${response.statusCode})`);
    keepCookies(caller, response.cookies as { name: string; value: string }[]);
    await page(); // sign-in gives a new visitor id, so a new CSRF token
    caller.bearer = (await apiLogin(t.app, EMAIL[role])).authorization;
  }
  return caller;
}

/** Signs a caller in again when a fuzzed request ended one of their sessions (logout, "sign out others"…). */
async function keepSignedIn(role: Role): Promise<void> {
  const caller = callers.get(role)!;
  if (role === 'guest') return;
  const ids = [sessionIdFor(caller.cookies['sid']!), sessionIdFor(caller.bearer!.replace(/^Bearer /, ''))];
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sessions WHERE id IN (${sql.join(ids)})`.execute(t.deps.db.writer);
  if (rows[0]!.n === 2) return;
  callers.set(role, await signIn(role));
  await journal.skip();
}

// ---------------------------------------------------------------------------------------------
// What to send
// ---------------------------------------------------------------------------------------------

/** Plausible values (real slugs, ids, file names) and the field names the app's forms and schemas use. */
async function gatherPools(document: Record<string, any>): Promise<Pools> {
  const db = t.deps.db.writer;
  const values = new Set<string>([
    'colchester',
    'ipswich',
    'latte',
    'americano',
    'oat',
    'milk',
    'here',
    'pickup',
    'on_my_way',
    'on',
    '4242424242424242',
    '12/30',
    '123',
  ]);
  for (const table of ['stores', 'products', 'options', 'option_groups', 'categories'] as const) {
    for (const row of await db.selectFrom(table).select(['id', 'slug']).limit(12).execute()) values.add(row.slug).add(String(row.id));
  }
  for (const row of await db.selectFrom('orders').select('id').limit(12).execute()) values.add(String(row.id));
  for (const row of await db.selectFrom('users').select(['id', 'email']).limit(12).execute()) values.add(String(row.id)).add(row.email);
  for (const file of fs.readdirSync('src/web/static')) values.add(file);

  const names = new Set<string>(['_csrf', 'returnTo', 'page', 'from', 'to', 'q', 'store', 'date', 'status', 'cursor', 'limit']);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/name="([A-Za-z_][\w-]*)"/g)) names.add(m[1]!);
        for (const m of text.matchAll(/\b([a-zA-Z]\w*): Type\./g)) names.add(m[1]!);
      }
    }
  };
  walk('src');
  for (const methods of Object.values(document['paths'] as Record<string, Record<string, any>>)) {
    for (const operation of Object.values(methods)) for (const p of operation.parameters ?? []) names.add(p.name);
  }
  return { values: [...values], names: [...names] };
}

function routeTable(app: FastifyInstance, document: Record<string, any>, known: Set<string>): Route[] {
  const table: Route[] = [];
  for (const { method, url } of app.registeredRoutes) {
    const key = `${method} ${url}`;
    if (known.has(key)) continue;
    known.add(key);
    const template = url.replace(/:(\w+)/g, '{$1}');
    const operation = document['paths']?.[template]?.[method.toLowerCase()];
    table.push({
      key,
      method,
      url,
      app,
      isApi: /^\/(api|webhooks)\//.test(url) || url === '/metrics',
      schema: operation?.requestBody?.content?.['application/json']?.schema,
      queryNames: (operation?.parameters ?? []).filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name),
    });
  }
  return table;
}

/** Any caller, but staff pages mostly as staff: past the door is where the handler's input is read. */
function callerFor(route: Route): fc.Arbitrary<Role> {
  const likely: Role | null = route.url.startsWith('/admin') ? 'admin' : route.url.startsWith('/staff') ? 'baristaColchester' : null;
  if (!likely) return fc.constantFrom(...CALLERS);
  return fc.oneof({ weight: 3, arbitrary: fc.constant(likely) }, { weight: 2, arbitrary: fc.constantFrom(...CALLERS) });
}

function generator(route: Route): fc.Arbitrary<Generated> {
  const paramCount = (route.url.match(/:\w+|\*/g) ?? []).length;
  const hasBody = !['GET', 'HEAD'].includes(route.method);
  const body: fc.Arbitrary<Generated['body']> = route.isApi
    ? hasBody
      ? apiBody(route.schema, pools)
      : rarely(apiBody(undefined, pools), 10).map((b) => b ?? undefined)
    : hasBody
      ? pageBody(pools)
      : fc.constant(undefined);
  return fc.record({
    role: callerFor(route),
    params: fc.array(urlPiece(pools), { minLength: paramCount, maxLength: paramCount }),
    query: queryString(pools, route.queryNames),
    headers: headerArb(pools),
    body,
    viaCookies: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  });
}

// ---------------------------------------------------------------------------------------------
// Sending, and what must hold
// ---------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

function build(route: Route, g: Generated): Sent {
  const caller = callers.get(g.role)!;
  let i = 0;
  const url = route.url.replace(/:\w+|\*/g, () => g.params[i++] ?? 'x') + (g.query ? `?${g.query}` : '');
  const headers: Record<string, string> = { ...g.headers };
  let payload: Payload | undefined;
  if (g.body && 'encode' in g.body) payload = g.body.encode(caller.csrf);
  else payload = g.body;
  const useCookies = !route.isApi || g.viaCookies || !caller.bearer;
  if (useCookies && Object.keys(caller.cookies).length > 0) {
    headers['cookie'] = cookieHeader(caller.cookies);
    if (route.isApi) headers['x-csrf-token'] = caller.csrf;
  }
  if (!useCookies && caller.bearer) headers['authorization'] = caller.bearer;
  if (payload?.contentType !== undefined) headers['content-type'] = payload.contentType;
  return { method: route.method, url, headers, ...(payload ? { payload: payload.body } : {}) };
}

function describeSent(sent: Sent, role: Role): string {
  const body =
    sent.payload === undefined ? '' : `\n  body (${sent.headers['content-type'] ?? 'no type'}): ${JSON.stringify(String(sent.payload).slice(0, 300))}`;
  return `${role}: ${sent.method} ${sent.url.slice(0, 300)}${body}`;
}

/** Sends it; the status, or why there is none. Streams (live events) are cut once their headers come. */
async function send(app: FastifyInstance, sent: Sent): Promise<{ status: number; body: string } | { error: string }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${HANG_MS / 1000} s` }), HANG_MS);
  });
  const answer = (async () => {
    try {
      const response = await app.inject({
        method: sent.method as 'GET',
        url: sent.url,
        headers: sent.headers,
        payload: sent.payload,
        payloadAsStream: true,
        signal: controller.signal,
      });
      const stream = response.stream();
      let body = '';
      if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        controller.abort();
        stream.destroy();
      } else {
        for await (const chunk of stream) if (body.length < 2_000) body += chunk.toString();
      }
      return { status: response.statusCode, body };
    } catch (error) {
      return { error: `the app threw: ${(error as Error).stack ?? error}` };
    }
  })();
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes a rejected request may make: throttle counters, a failed login's audit, the throttled owner's email. */
function allowed(entry: JournalEntry): boolean {
  if (entry.tbl === 'rate_limit_hits') return true;
  const row = entry.row ? JSON.parse(entry.row) : {};
  if (entry.tbl === 'audit_log' && entry.op === 'INSERT') return /login|sign.?in/i.test(row.action) && /fail/i.test(row.action);
  if (entry.tbl === 'outbox' && entry.op === 'INSERT') return row.payload?.template === 'login-throttled';
  return false;
}

async function check(route: Route, g: Generated): Promise<void> {
  const sent = build(route, g);
  figures.cases++;
  const outcome = await send(route.app, sent);
  if ('error' in outcome) {
    figures.crashes++;
    throw new Error(`${outcome.error}\n  ${describeSent(sent, g.role)}`);
  }
  if (outcome.status >= 500) {
    figures.status5xx++;
    throw new Error(`answered ${outcome.status}\n  ${describeSent(sent, g.role)}\n  answer: ${outcome.body.slice(0, 500)}`);
  }
  statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
  const written = await journal.since();
  if (outcome.status >= 400) {
    const unintended = written.filter((entry) => !allowed(entry));
    if (unintended.length > 0) {
      figures.unintendedWrites++;
      const what = unintended.map((e) => `${e.op} ${e.tbl} ${e.row?.slice(0, 200) ?? ''}`).join('\n    ');
      throw new Error(`answered ${outcome.status} but wrote:\n    ${what}\n  ${describeSent(sent, g.role)}`);
    }
  } else if (g.role !== 'guest' && route.method !== 'GET' && route.method !== 'HEAD') {
    await keepSignedIn(g.role);
  }
}

/** One seed per route, from the run's seed: each route gets its own sequence, replayable alone. */
function routeSeed(key: string): number {
  return createHash('sha256').update(`${SEED} ${key}`).digest().readInt32BE(0);
}

describe(`fuzz: every route, ${RUNS} generated requests each (FUZZ_SEED=${SEED})`, () => {
  before(async () => {
    console.log(`fuzz seed ${SEED}, ${RUNS} requests per route (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_ROUTES='<METHOD /pattern>')`);
    process.on('uncaughtException', onProcessError);
    process.on('unhandledRejection', onProcessError);
    t = await startTestApp({}, undefined, { contract: false });
    // Routes that exist only with Stripe configured (its webhook), on the same database.
    stripe = await buildApp({
      ...t.deps,
      config: loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: t.deps.config.dataDir,
        RATE_LIMIT_SCALE: '1000',
        ADMIN_SECOND_FACTOR: 'optional',
        PAYMENT_GATEWAY: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_fuzz',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_fuzz',
        STRIPE_WEBHOOK_SECRET: 'whsec_fuzz',
      }),
    });
    await stripe.ready();
    const document = t.app.swagger() as Record<string, any>;
    const known = new Set<string>();
    routes = [...routeTable(t.app, document, known), ...routeTable(stripe, stripe.swagger() as Record<string, any>, known)];
    pools = await gatherPools(document);
    await installWriteJournal(t.deps.db.writer);
    journal = new JournalReader(t.deps.db.writer);
    for (const role of CALLERS) callers.set(role, await signIn(role));
    await journal.skip();
    save(false);
  });

  after(async () => {
    process.off('uncaughtException', onProcessError);
    process.off('unhandledRejection', onProcessError);
    save(true);
    console.log(
      `fuzz: ${figures.cases} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; 5xx ${figures.status5xx}, crashes ${figures.crashes}, unintended writes ${figures.unintendedWrites}`,
    );
    await stripe?.close();
    await t?.close();
  });

  it('finds the whole route table (pages and API)', () => {
    assert.ok(routes.length > 100, `only ${routes.length} routes`);
    assert.ok(routes.some((r) => r.key === 'POST /webhooks/stripe'));
    assert.ok(routes.some((r) => r.isApi) && routes.some((r) => !r.isApi));
  });

  // The table is read in before(): one test per route is added once it is known.
  // Its own deadline, above the line's 3 minutes per test: 19 000 requests take minutes on a busy machine.
  it('never answers 5xx, always answers, and a rejected request writes nothing', { timeout: 45 * 60_000 }, async (test) => {
    for (const route of routes) {
      if (ONLY && !ONLY.test(route.key)) continue;
      await test.test(route.key, async (routeTest) => {
        statuses.clear();
        await fc.assert(
          fc.asyncProperty(generator(route), (g) => check(route, g)),
          { seed: routeSeed(route.key), numRuns: RUNS, endOnFailure: process.env['FUZZ_SHRINK'] !== '1' },
        );
        // Still alive after this route's requests.
        const health = await t.app.inject({ url: '/healthz' });
        assert.equal(health.statusCode, 200);
        routeTest.diagnostic(
          `answers: ${[...statuses]
            .sort(([a], [b]) => a - b)
            .map(([status, n]) => `${status}×${n}`)
            .join(' ')}`,
        );
        save(false);
      });
    }
  });
});
