// POST /api/v1/accounts, POST /api/v1/sessions, DELETE /api/v1/sessions/current and bearer tokens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, newCustomer, NEW_PASSWORD, uniqueEmail } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';

describe('accounts API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const register = (payload: unknown) => call(t.app, 'POST', '/api/v1/accounts', { payload });
  const valid = () => ({ firstName: ' Mary ', lastName: 'Seacole', email: uniqueEmail('Mary').toUpperCase(), password: NEW_PASSWORD });

  it('registers a customer: 201, email stored lower-case, password hashed with argon2id', async () => {
    const input = valid();
    const response = await register(input);
    assert.equal(response.statusCode, 201, response.body);
    const { user } = response.json();
    assert.deepEqual(user, { id: user.id, email: input.email.toLowerCase(), firstName: 'Mary', lastName: 'Seacole', roles: [] });
    const row = await t.deps.db.writer.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(row.email, input.email.toLowerCase());
    assert.match(row.password_hash, /^\$argon2id\$/);
    assert.ok(!row.password_hash.includes(NEW_PASSWORD));
  });

  const badRegistrations: [string, (v: Record<string, unknown>) => unknown, string][] = [
    ['a password under 10 characters', (v) => ({ ...v, password: 'short-pw1' }), 'password'],
    ['an email without a domain', (v) => ({ ...v, email: 'mary@' }), 'email'],
    ['an email with spaces', (v) => ({ ...v, email: 'mary seacole@example.com' }), 'email'],
    ['a blank first name', (v) => ({ ...v, firstName: '   ' }), 'firstName'],
    ['a last name over 60 characters', (v) => ({ ...v, lastName: 'x'.repeat(61) }), 'lastName'],
    ['the email of an existing account in another case', (v) => ({ ...v, email: 'Customer@Alpaca.TEST' }), 'email'],
    ['a missing password', ({ password: _p, ...v }) => v, 'password'],
    ['a missing email', ({ email: _e, ...v }) => v, 'email'],
    ['an extra field', (v) => ({ ...v, isAdmin: true }), 'isAdmin'],
    ['a number for the email', (v) => ({ ...v, email: 42 }), 'email'],
  ];
  for (const [what, change, field] of badRegistrations) {
    it(`refuses ${what}: 400 naming ${field}, nothing written`, async () => {
      const response = await unchanged(t.deps.db.writer, () => register(change(valid())));
      assertApiError(response, 400, 'invalid', field);
    });
  }

  it('refuses a second registration of the same email whatever its case', async () => {
    const input = valid();
    assert.equal((await register(input)).statusCode, 201);
    const again = await unchanged(t.deps.db.writer, () => register({ ...input, email: input.email.toLowerCase() }));
    assertApiError(again, 400, 'invalid', 'email');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { 'content-type': 'application/json' },
        payload: '{"firstName":',
      }),
    );
    assert.equal(response.statusCode, 400);
    assert.equal(typeof response.json().error.code, 'string');
  });
});

describe('sessions API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const login = (payload: unknown) => call(t.app, 'POST', '/api/v1/sessions', { payload });

  it('logs in: 201 with a token and the user with their roles; only a hash of the token is stored', async () => {
    const response = await login({ email: 'manager.colchester@alpaca.test', password: 'alpaca-demo-password' });
    assert.equal(response.statusCode, 201, response.body);
    const { token, user } = response.json();
    assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
    assert.deepEqual(user.roles, [{ role: 'manager', store: 'colchester' }]);
    const rows = await t.deps.db.writer.selectFrom('sessions').select(['id', 'kind']).where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'api');
    assert.notEqual(rows[0]!.id, token);
    const basket = await call(t.app, 'GET', '/api/v1/basket', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(basket.statusCode, 200);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const response = await login({ email: '  CUSTOMER@alpaca.test ', password: 'alpaca-demo-password' });
    assert.equal(response.statusCode, 201);
  });

  it('answers 401 for a wrong password or an unknown email, the same way, writing nothing', async () => {
    const wrong = await unchanged(t.deps.db.writer, () => login({ email: 'customer@alpaca.test', password: 'not-the-password' }));
    const unknown = await unchanged(t.deps.db.writer, () => login({ email: 'nobody@alpaca.test', password: 'not-the-password' }));
    assertApiError(wrong, 401, 'invalid_credentials');
    assertApiError(unknown, 401, 'invalid_credentials');
    assert.equal(wrong.json().error.message, unknown.json().error.message);
  });

  it('answers 403 for a disabled account with the right password, and its old tokens stop working', async () => {
    const customer = await newCustomer(t.app, 'Disabled');
    await t.deps.db.writer.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', customer.id).execute();
    const response = await unchanged(t.deps.db.writer, () => login({ email: customer.email, password: NEW_PASSWORD }));
    assertApiError(response, 403, 'account_disabled');
    assertApiError(await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth }), 401, 'unauthorized');
  });

  it('refuses a missing password or an extra field with 400', async () => {
    assertApiError(await login({ email: 'customer@alpaca.test' }), 400, 'invalid', 'password');
    assertApiError(await login({ email: 'customer@alpaca.test', password: 'x', remember: true }), 400, 'invalid', 'remember');
  });

  it('logs out with DELETE /api/v1/sessions/current: 204, the row is gone and the token is dead', async () => {
    const customer = await newCustomer(t.app, 'Leaving');
    const out = await call(t.app, 'DELETE', '/api/v1/sessions/current', { headers: customer.auth });
    assert.equal(out.statusCode, 204);
    const left = await t.deps.db.writer.selectFrom('sessions').select('id').where('user_id', '=', customer.id).execute();
    assert.equal(left.length, 0);
    assertApiError(await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth }), 401, 'unauthorized');
    assertApiError(await call(t.app, 'DELETE', '/api/v1/sessions/current', { headers: customer.auth }), 401, 'unauthorized');
  });

  it('answers 401 to DELETE /api/v1/sessions/current without credentials', async () => {
    assertApiError(await call(t.app, 'DELETE', '/api/v1/sessions/current'), 401, 'unauthorized');
  });

  for (const header of ['Bearer', 'Bearer short', 'Bearer has spaces in it 0123456789', `Bearer ${'a'.repeat(43)}!`]) {
    it(`answers 401 to a malformed bearer header, even on a public route: "${header.slice(0, 24)}"`, async () => {
      for (const url of ['/api/v1/basket', '/api/v1/stores']) {
        const response = await unchanged(t.deps.db.writer, () => call(t.app, 'GET', url, { headers: { authorization: header } }));
        assertApiError(response, 401, 'unauthorized');
      }
    });
  }

  it('accepts the scheme in any case', async () => {
    const { token } = await newCustomer(t.app, 'Lower');
    assert.equal((await call(t.app, 'GET', '/api/v1/basket', { headers: { authorization: `bearer ${token}` } })).statusCode, 200);
  });

  for (const header of ['Basic Y3VzdG9tZXI6cGFzc3dvcmQ=', `Token ${'a'.repeat(43)}`]) {
    it(`leaves other schemes to whoever sent them (a proxy): "${header.slice(0, 12)}" is not a login`, async () => {
      const headers = { authorization: header };
      assertApiError(await call(t.app, 'GET', '/api/v1/basket', { headers }), 401, 'unauthorized');
      assert.equal((await call(t.app, 'GET', '/api/v1/stores', { headers })).statusCode, 200);
      assert.equal((await call(t.app, 'GET', '/', { headers })).statusCode, 200, 'no /login redirect loop behind a Basic-auth proxy');
    });
  }

  it('answers 401 to a well-formed token that was never issued, even on public routes', async () => {
    const headers = { authorization: `Bearer ${'A'.repeat(43)}` };
    assertApiError(await call(t.app, 'GET', '/api/v1/basket', { headers }), 401, 'unauthorized');
    assertApiError(await call(t.app, 'GET', '/api/v1/stores', { headers }), 401, 'unauthorized');
  });

  it('answers 401 once the token has expired', async () => {
    const customer = await newCustomer(t.app, 'Expiring');
    t.setNow(new Date(t.deps.clock().getTime() + t.deps.config.sessionTtlMs + 1000));
    try {
      assertApiError(await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth }), 401, 'unauthorized');
    } finally {
      t.setNow(OPEN_HOURS);
    }
  });
});
