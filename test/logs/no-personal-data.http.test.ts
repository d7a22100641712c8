// Logs carry user ids, never emails, names, passwords or tokens (issue 15 item 5). The app runs as an
// operator runs it (`node src/main.ts`, JSON lines on stdout, at LOG_LEVEL=debug so nothing hides
// below the default), and a customer's whole journey goes through it: register, log out, log in with a
// wrong then the right password, reset the password from the emailed link, log in over the API,
// place an order at the always-open demo store. Every line it logged is then searched for each
// secret and personal value of that journey.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HANG_MS } from '../support/hang.js';
import { type MainProcess, startMainProcess } from '../support/main-process.js';

/** A browser over fetch: keeps cookies, submits forms with the page's CSRF token, never follows redirects. */
class FetchBrowser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(`${this.base}${url}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value.join('=') === '') this.cookies.delete(name!);
      else {
        if (name === 'vid' && this.cookies.get('vid') !== value.join('=')) this.csrf = '';
        this.cookies.set(name!, value.join('='));
      }
    }
    return response;
  }

  async get(url: string): Promise<string> {
    const response = await this.request(url);
    const body = await response.text();
    const token = /name="csrf-token" content="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return body;
  }

  async post(url: string, fields: Record<string, string>): Promise<Response> {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    return this.request(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

describe('logs carry no personal data or secrets', () => {
  let app: MainProcess;
  before(async () => {
    app = await startMainProcess({ LOG_LEVEL: 'debug', OUTBOX_POLL_MS: '100', RATE_LIMIT_SCALE: '1000' });
  });
  after(() => app.stop());

  /** The newest email to `to` whose text matches `pattern`, as it lands in DATA_DIR/mail. */
  async function mailMatching(to: string, pattern: RegExp): Promise<RegExpExecArray> {
    const deadline = Date.now() + HANG_MS;
    for (;;) {
      const dir = path.join(app.dataDir, 'mail');
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const mail = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { to: string; text: string };
        const match = mail.to.includes(to) ? pattern.exec(mail.text) : null;
        if (match) return match;
      }
      if (Date.now() > deadline) throw new Error(`no email to ${to} matching ${pattern}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('a journey of register, login, reset and order logs none of its emails, names, passwords, tokens or session ids', async () => {
    const id = randomUUID().slice(0, 8);
    const person = { firstName: `Zebedee${id}`, lastName: `Quillfeather${id}`, email: `pii.${id}@example.com` };
    const password = `first-password-${id}`;
    const wrongPassword = `wrong-password-${id}`;
    const newPassword = `second-password-${id}`;
    const secrets: Record<string, string> = { ...person, password, wrongPassword, newPassword };

    const browser = new FetchBrowser(app.base);
    await browser.get('/register');
    const registered = await browser.post('/register', { ...person, password, returnTo: '/' });
    assert.equal(registered.status, 303, await registered.text());
    secrets['session cookie (registration)'] = browser.cookies.get('sid')!;
    assert.equal((await browser.post('/logout', {})).status, 303);

    const wrong = await browser.post('/login', { email: person.email, password: wrongPassword, returnTo: '/' });
    assert.equal(wrong.status, 401);
    const login = await browser.post('/login', { email: person.email, password, returnTo: '/' });
    assert.equal(login.status, 303);
    secrets['session cookie (login)'] = browser.cookies.get('sid')!;
    await browser.get('/');
    secrets['CSRF token'] = browser.csrf;

    const reset = await browser.post('/password-reset', { email: person.email });
    assert.equal(reset.status, 303);
    const link = await mailMatching(person.email, /\/password-reset\/confirm\?token=([A-Za-z0-9_-]+)/);
    const token = link[1]!;
    secrets['reset token'] = token;
    assert.match(await browser.get(`/password-reset/confirm?token=${token}`), /Choose a new password/i);
    const chosen = await browser.post('/password-reset/confirm', { token, password: newPassword, confirmPassword: newPassword });
    assert.equal(chosen.status, 303, await chosen.text());

    const session = await fetch(`${app.base}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: newPassword }),
    });
    assert.equal(session.status, 201);
    const bearer = ((await session.json()) as { token: string }).token;
    secrets['API token'] = bearer;
    const api = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${app.base}${url}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    assert.equal((await api('PUT', '/api/v1/basket/store', { store: 'demo' })).status, 200);
    assert.equal((await api('POST', '/api/v1/basket/lines', { product: 'latte', quantity: 1 })).status, 201);
    const card = '4242424242424242';
    const placed = await api('POST', '/api/v1/orders', { payment: { card, expiry: '12/30', cvc: '123' } }, { 'idempotency-key': randomUUID() });
    assert.equal(placed.status, 201, await placed.clone().text());
    secrets['card number'] = card;
    await mailMatching(person.email, /./); // the order's emails went through the outbox (and its logs)
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the last "request completed" lines and outbox deliveries
    app.child.kill('SIGTERM');
    assert.equal(await app.exited, 0, app.stderr());

    const lines = `${app.stdout()}\n${app.stderr()}`.split('\n').filter((line) => line.length > 0);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((r) => typeof r['msg'] === 'string');
    assert.ok(records.length > 20, `the journey was logged (${records.length} lines)`);
    // The lines do say who: the user id is there for the operator.
    const userId = records.find((r) => typeof r['userId'] === 'number')?.['userId'];
    assert.ok(typeof userId === 'number', 'some line names the user by id');
    const leaks: string[] = [];
    for (const line of lines) {
      const lower = line.toLowerCase();
      for (const [what, value] of Object.entries(secrets)) {
        assert.ok(value && value.length >= 8, `${what} is a real value to look for`);
        if (lower.includes(value.toLowerCase())) leaks.push(`${what} in: ${line.slice(0, 300)}`);
      }
    }
    assert.deepEqual(leaks, [], 'no log line holds an email, a name, a password, a token or a session id');
  });
});
