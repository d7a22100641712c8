import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flash, redirectedTo } from '../../support/html.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { ADMIN, auditRows, count, fieldError, insertOrder, NON_ADMINS, signedIn, storeId, userId } from './helpers.js';

const CUSTOMER = 'customer@alpaca.test';

describe('admin: users', () => {
  let t: TestApp;
  let admin: Browser;
  before(async () => {
    t = await startTestApp();
    admin = await signedIn(t, ADMIN);
  });
  after(() => t.close());

  it('searches by name or email, literally, a page at a time', async () => {
    const byName = await admin.get('/admin/users?q=barista');
    assert.equal(byName.statusCode, 200);
    assert.match(byName.body, /barista\.colchester@alpaca\.test/);
    assert.match(byName.body, /barista\.ipswich@alpaca\.test/);
    assert.doesNotMatch(byName.body, /manager\.colchester@alpaca\.test/);
    assert.match((await admin.get('/admin/users?q=ada%20love')).body, /customer@alpaca\.test/);
    assert.match((await admin.get('/admin/users?q=%25')).body, /No users match/);

    await t.deps.db.writer
      .insertInto('users')
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          email: `guest${String(i).padStart(2, '0')}@example.test`,
          first_name: 'Guest',
          last_name: `Zed${String(i).padStart(2, '0')}`,
          password_hash: 'x',
        })),
      )
      .execute();
    const page1 = await admin.get('/admin/users?q=example.test');
    assert.match(page1.body, /25 users/);
    assert.match(page1.body, /guest19@/);
    assert.doesNotMatch(page1.body, /guest20@/);
    const page2 = await admin.get('/admin/users?q=example.test&page=2');
    assert.match(page2.body, /guest24@/);
    assert.doesNotMatch(page2.body, /guest19@/);
    assert.equal((await admin.get('/admin/users?page=-1')).statusCode, 200);
  });

  it('shows a user with their roles and recent orders', async () => {
    await insertOrder(t, {
      store: 'colchester',
      email: CUSTOMER,
      state: 'completed',
      at: '2026-11-20T10:00:00Z',
      lines: [{ product: 'latte', quantity: 2, unitPence: 330 }],
    });
    const page = await admin.get(`/admin/users/${await userId(t, CUSTOMER)}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ada Lovelace/);
    assert.match(page.body, /£6\.60/);
    assert.match((await admin.get(`/admin/users/${await userId(t, 'manager.ipswich@alpaca.test')}`)).body, /Alpaca Cafe Ipswich/);
    assert.equal((await admin.get('/admin/users/999999')).statusCode, 404);
  });

  it('grants and revokes store-scoped roles, audited; the grant takes effect on the next request', async () => {
    const customer = await userId(t, CUSTOMER);
    const colchester = await storeId(t, 'colchester');
    const granted = await admin.post(`/admin/users/${customer}/roles`, { role: 'barista', storeId: String(colchester) });
    assert.equal(granted.statusCode, 303, granted.body);
    assert.match(flash((await admin.get(redirectedTo(granted))).body) ?? '', /^Granted Barista at Alpaca Cafe Colchester\.$/, 'the store as shown');
    const row = await t.deps.db.writer.selectFrom('user_roles').selectAll().where('user_id', '=', customer).executeTakeFirstOrThrow();
    assert.equal(row.role, 'barista');
    assert.equal(row.store_id, colchester);
    assert.equal(row.granted_by, await userId(t, ADMIN));
    const [audit] = await auditRows(t, 'role.grant');
    assert.deepEqual(
      [(audit!.after as { role: string }).role, (audit!.after as { store: string }).store, audit?.store_id],
      ['barista', 'colchester', colchester],
    );
    const customerBrowser = await signedIn(t, CUSTOMER);
    assert.match((await customerBrowser.get('/')).body, /Queue · Colchester/);

    // Revoking asks first: without the confirmation nothing changes.
    const unconfirmed = await admin.post(`/admin/users/${customer}/roles/${row.id}/revoke`);
    assert.equal(unconfirmed.statusCode, 303);
    assert.match(flash((await admin.get(redirectedTo(unconfirmed))).body) ?? '', /^Nothing revoked: confirm/);
    assert.equal(await count(t, 'user_roles', `user_id = ${customer}`), 1);
    const revoked = await admin.post(`/admin/users/${customer}/roles/${row.id}/revoke`, { confirm: 'yes' });
    assert.equal(revoked.statusCode, 303);
    assert.match(flash((await admin.get(redirectedTo(revoked))).body) ?? '', /^Revoked Barista at Alpaca Cafe /, 'role and store in words, not slugs');
    assert.equal(await count(t, 'user_roles', `user_id = ${customer}`), 0);
    assert.equal((await auditRows(t, 'role.revoke')).length, 1);
    assert.doesNotMatch((await customerBrowser.get('/')).body, /Queue · Colchester/);
    assert.equal((await admin.post(`/admin/users/${customer}/roles/${row.id}/revoke`, { confirm: 'yes' })).statusCode, 404);
  });

  it('rejects grants without the right store scope, unknown roles and duplicates with 400, writing nothing', async () => {
    const customer = await userId(t, CUSTOMER);
    const colchester = String(await storeId(t, 'colchester'));
    const roles = await count(t, 'user_roles');
    const audits = await count(t, 'audit_log');
    const cases: [Record<string, string>, string, number][] = [
      [{ role: 'manager', storeId: '' }, 'storeId', customer],
      [{ role: 'barista', storeId: '999999' }, 'storeId', customer],
      [{ role: 'admin', storeId: colchester }, 'storeId', customer],
      [{ role: 'emperor', storeId: '' }, 'role', customer],
      [{ role: 'barista', storeId: colchester }, 'role', await userId(t, 'barista.colchester@alpaca.test')],
    ];
    for (const [fields, field, target] of cases) {
      const response = await admin.post(`/admin/users/${target}/roles`, fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.ok(fieldError(response.body, field), `${JSON.stringify(fields)} → ${field}`);
    }
    assert.equal(await count(t, 'user_roles'), roles);
    assert.equal(await count(t, 'audit_log'), audits);
  });

  it('never lets an admin change their own roles or disable themself', async () => {
    const self = await userId(t, ADMIN);
    const grant = await t.deps.db.writer.selectFrom('user_roles').select('id').where('user_id', '=', self).executeTakeFirstOrThrow();
    assert.equal((await admin.post(`/admin/users/${self}/roles`, { role: 'barista', storeId: String(await storeId(t, 'ipswich')) })).statusCode, 403);
    assert.equal((await admin.post(`/admin/users/${self}/roles/${grant.id}/revoke`, { confirm: 'yes' })).statusCode, 403);
    assert.equal((await admin.post(`/admin/users/${self}/disable`, { confirm: 'yes' })).statusCode, 403);
    assert.equal(await count(t, 'user_roles', `user_id = ${self}`), 1);
    assert.equal(await count(t, 'users', `id = ${self} AND disabled_at IS NULL`), 1);
  });

  it("disabling ends the account's web and API sessions at once; enabling lets them log in again", async () => {
    const manager = 'manager.ipswich@alpaca.test';
    const target = await userId(t, manager);
    const web = await signedIn(t, manager);
    const api = await apiLogin(t.app, manager);
    assert.equal((await web.get('/account')).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/basket', headers: api })).statusCode, 200);

    // Disabling asks first: without the confirmation the account stays as it is.
    assert.equal((await admin.post(`/admin/users/${target}/disable`)).statusCode, 303);
    assert.equal(await count(t, 'users', `id = ${target} AND disabled_at IS NULL`), 1);
    assert.equal((await web.get('/account')).statusCode, 200);
    assert.equal((await admin.post(`/admin/users/${target}/disable`, { confirm: 'yes' })).statusCode, 303);
    assert.equal(await count(t, 'sessions', `user_id = ${target}`), 0);
    const asGuest = await web.get('/account');
    assert.equal(asGuest.statusCode, 303);
    assert.match(String(asGuest.headers.location), /^\/login/);
    assert.equal((await t.app.inject({ url: '/api/v1/basket', headers: api })).statusCode, 401);
    const login = await new Browser(t.app).post('/login', { email: manager, password: 'alpaca-demo-password' });
    assert.notEqual(login.statusCode, 303, 'a disabled account cannot log in');
    const [audit] = await auditRows(t, 'user.disable');
    assert.equal((audit!.after as { sessionsEnded: number }).sessionsEnded, 2);

    assert.equal((await admin.post(`/admin/users/${target}/enable`)).statusCode, 303);
    await signedIn(t, manager);
    assert.equal((await auditRows(t, 'user.enable')).length, 1);
  });

  it('answers 403 to customers, baristas and managers', async () => {
    const target = await userId(t, 'barista.ipswich@alpaca.test');
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      assert.equal((await browser.get('/admin/users')).statusCode, 403, email);
      assert.equal((await browser.get(`/admin/users/${target}`)).statusCode, 403, email);
      assert.equal((await browser.post(`/admin/users/${target}/roles`, { role: 'admin', storeId: '' })).statusCode, 403, email);
      assert.equal((await browser.post(`/admin/users/${target}/disable`, { confirm: 'yes' })).statusCode, 403, email);
    }
    assert.equal(await count(t, 'user_roles', `user_id = ${target}`), 1);
    assert.equal(await count(t, 'users', `id = ${target} AND disabled_at IS NULL`), 1);
  });
});
