// A NUL (or another C0 control character) in any text input is refused with 400 naming the
// field, before a handler runs, and nothing changes. PostgreSQL refuses NUL in text, so before
// the one check in src/web/control-characters.ts these reached the database and answered 500.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Browser, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError, call, newCustomer } from '../support/api.js';
import { unchanged } from '../support/db-state.js';
import { ADMIN } from '../features/admin/helpers.js';

const NUL = '\u0000';

function assertPageRefusal(response: LightMyRequestResponse, field: string) {
  assert.equal(response.statusCode, 400, response.body);
  assert.match(String(response.headers['content-type']), /text\/html/);
  assert.ok(response.body.includes(`&quot;${field}&quot;`) || response.body.includes(`"${field}"`), `page names ${field}: ${response.body}`);
}

describe('control characters in text inputs', () => {
  let t: TestApp;
  let visitor: Browser;
  let admin: Browser;
  before(async () => {
    t = await startTestApp();
    visitor = new Browser(t.app);
    await visitor.get('/');
    admin = new Browser(t.app);
    await admin.login(ADMIN);
  });
  after(() => t.close());

  it('login form: 400 naming email', async () => {
    const response = await unchanged(t.deps.db.writer, () => visitor.post('/login', { email: `a${NUL}@alpaca.test`, password: 'x' }));
    assertPageRefusal(response, 'email');
  });

  it('login API: 400 naming email', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      call(t.app, 'POST', '/api/v1/sessions', { payload: { email: `a${NUL}@alpaca.test`, password: 'x' } }),
    );
    assertApiError(response, 400, 'invalid', 'email');
  });

  it('register form: 400 naming firstName', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      visitor.post('/register', { firstName: `Ad${NUL}a`, lastName: 'L', email: 'nul.form@example.com', password: 'long-enough-pw' }),
    );
    assertPageRefusal(response, 'firstName');
  });

  it('register API: 400 naming lastName', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      call(t.app, 'POST', '/api/v1/accounts', { payload: { firstName: 'Ada', lastName: `L${NUL}`, email: 'nul.api@example.com', password: 'long-enough-pw' } }),
    );
    assertApiError(response, 400, 'invalid', 'lastName');
  });

  it('password reset request: 400 naming email', async () => {
    const response = await unchanged(t.deps.db.writer, () => visitor.post('/password-reset', { email: `a${NUL}@alpaca.test` }));
    assertPageRefusal(response, 'email');
  });

  it('admin user search (query string): 400 naming q', async () => {
    const response = await admin.get(`/admin/users?q=${encodeURIComponent(`ad${NUL}min`)}`);
    assertPageRefusal(response, 'q');
  });

  it('admin store form: 400 naming name', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      admin.post('/admin/stores', { name: `Nul${NUL}Store`, addressLine1: '1 High St', town: 'Colchester', postcode: 'CO1 1AA', timezone: 'Europe/London' }),
    );
    assertPageRefusal(response, 'name');
  });

  it('other C0 characters are refused too; tab, CR and LF are not', async () => {
    const bell = await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: 'a\u0007@alpaca.test', password: 'x' } });
    assertApiError(bell, 400, 'invalid', 'email');
    const newline = await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: 'a@alpaca.test', password: 'x\r\n\t' } });
    assert.equal(newline.statusCode, 401, newline.body);
  });

  it('basket API body: 400 naming the field, nested fields by path', async () => {
    const customer = await newCustomer(t.app, 'Nul');
    const store = await unchanged(t.deps.db.writer, () =>
      call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: `colch${NUL}ester` } }),
    );
    assertApiError(store, 400, 'invalid', 'store');
    const chosen = await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'colchester' } });
    assert.equal(chosen.statusCode, 200, chosen.body);
    const line = await unchanged(t.deps.db.writer, () =>
      call(t.app, 'POST', '/api/v1/basket/lines', { headers: customer.auth, payload: { product: 'latte', options: { milk: `oat${NUL}` } } }),
    );
    assertApiError(line, 400, 'invalid', 'options.milk');
  });

  it('route params: 400 naming the param', async () => {
    const auth = await apiLogin(t.app, ADMIN);
    const response = await call(t.app, 'GET', `/api/v1/stores/${encodeURIComponent(`colch${NUL}ester`)}/queue`, { headers: auth });
    assertApiError(response, 400, 'invalid', 'store');
  });
});
