// Builds the real app on a fresh database for one test file or test.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { AppDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { Lifecycle } from '../../src/web/lifecycle.js';
import { createPaymentGateway } from '../../src/payments/create-gateway.js';
import { LiveHub } from '../../src/live/live-hub.js';
import { createOutbox, type Outbox } from '../../src/outbox/runtime.js';
import { freshDatabase, type TestDatabase } from './database.js';
import { observeContract } from './contract.js';

/** Wednesday 25 November 2026, 12:00 in London: both demo stores are open. */
export const OPEN_HOURS = new Date('2026-11-25T12:00:00Z');

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  database: TestDatabase;
  /** The outbox, never polling by itself: call outbox.drainOnce(). */
  outbox: Outbox;
  /** Move the test clock. */
  setNow(now: Date): void;
  close(): Promise<void>;
}

/**
 * `database` picks the engine (the default is the run's own: freshDatabase()). `contract: false`
 * leaves the API contract check out (the fuzz: its requests are not a client's, and it reads
 * answers as streams).
 */
export async function startTestApp(env: Record<string, string> = {}, database?: TestDatabase, options: { contract?: boolean } = {}): Promise<TestApp> {
  database ??= await freshDatabase();
  let now = OPEN_HOURS;
  // Throttles raised for the tests' own load (RATE_LIMIT_SCALE); a test of a throttle passes '1'.
  // Admins' second factor is optional here so the demo admin signs in with a password; the tests of
  // two-step sign-in (test/features/accounts/two-factor.http.test.ts) pass 'required'.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: '.test-tmp/data',
    RATE_LIMIT_SCALE: '1000',
    ADMIN_SECOND_FACTOR: 'optional',
    ...env,
  });
  const deps: AppDeps = {
    config,
    db: database.db,
    clock: () => now,
    lifecycle: new Lifecycle(),
    payments: createPaymentGateway(config),
    live: new LiveHub(database.db),
  };
  const app = await buildApp(deps);
  await app.ready();
  if (options.contract !== false) observeContract(app);
  const outbox = createOutbox(deps);
  return {
    app,
    deps,
    database,
    outbox,
    setNow(next) {
      now = next;
    },
    async close() {
      await outbox.close();
      await app.close();
      await database.drop();
    },
  };
}

/** Starts `app` listening on a free loopback port, for real HTTP clients (streams, fetch); its base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test app did not get a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

/** A browser-like client: keeps cookies between requests and fills in CSRF tokens. */
export class Browser {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({ ...options, headers });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else {
        // A new visitor id (login, logout) means a new CSRF token: the next form fetches the page's.
        if (cookie.name === 'vid' && this.cookies.has('vid') && this.cookies.get('vid') !== cookie.value) this.csrf = '';
        this.cookies.set(cookie.name, cookie.value);
      }
    }
    const token = /name="csrf-token" content="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  /** Submits a form the way a browser does (urlencoded, with the page's CSRF token). */
  async post(url: string, fields: Record<string, string | string[]> = {}) {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams();
    body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async login(email: string, password = 'alpaca-demo-password') {
    const response = await this.post('/login', { email, password, returnTo: '/' });
    if (response.statusCode !== 303) throw new Error(`login failed: ${response.statusCode}`);
    return response;
  }
}

/** Logs in over the API and returns an Authorization header. */
export async function apiLogin(app: FastifyInstance, email: string, password = 'alpaca-demo-password') {
  const response = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`API login failed: ${response.statusCode} ${response.body}`);
  return { authorization: `Bearer ${response.json().token}` };
}
