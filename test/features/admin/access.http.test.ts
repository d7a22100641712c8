// Every route under /admin, found from the app's own route catalogue (so a new
// route is covered without being listed here): guests are sent to log in,
// customers, baristas and managers get 403 and change nothing, admins get in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { ADMIN, count, NON_ADMINS, signedIn } from './helpers.js';

describe('admin: every route is for admins only', () => {
  let t: TestApp;
  let routes: { method: string; url: string }[];
  before(async () => {
    t = await startTestApp();
    routes = t.app.registeredRoutes
      .filter((r) => r.url.startsWith('/admin') && r.method !== 'HEAD')
      .map((r) => ({ method: r.method, url: r.url.replace(/:[A-Za-z]+/g, '1') }));
  });
  after(() => t.close());

  it('finds the admin routes', () => {
    assert.ok(routes.length >= 30, `found ${routes.length}`);
    assert.ok(routes.some((r) => r.method === 'POST' && r.url === '/admin/users/1/disable'));
  });

  it('sends guests to log in', async () => {
    for (const route of routes) {
      const response = await t.app.inject({ method: route.method as 'GET', url: route.url });
      assert.equal(response.statusCode, 303, `${route.method} ${route.url}`);
      assert.match(String(response.headers.location), /^\/login\?returnTo=/);
    }
  });

  it('answers 403 to customers, baristas and managers and writes nothing', async () => {
    const audits = await count(t, 'audit_log');
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      for (const route of routes) {
        const response = route.method === 'GET' ? await browser.get(route.url) : await browser.post(route.url, { name: 'x', role: 'admin', storeId: '' });
        assert.equal(response.statusCode, 403, `${email} ${route.method} ${route.url}`);
      }
    }
    assert.equal(await count(t, 'audit_log'), audits);
  });

  it('lets admins reach every page (no 401/403, never a 500)', async () => {
    const admin = await signedIn(t, ADMIN);
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const response = await admin.get(route.url);
      assert.ok([200, 404].includes(response.statusCode), `${route.url} → ${response.statusCode}`);
    }
  });

  it('shows the back office in the staff frame: no basket, no store chooser (issue 10 item 1)', async () => {
    const admin = await signedIn(t, ADMIN);
    for (const url of ['/admin', '/admin/users', '/admin/reports']) {
      const page = (await admin.get(url)).body;
      assert.match(page, /class="staff-header"/, url);
      assert.match(page, /href="\/staff">Staff app</, url);
      assert.doesNotMatch(page, /Choose a store|data-basket-count|nav-basket/, `${url}: customer chrome`);
    }
  });
});
