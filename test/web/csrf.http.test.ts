// CSRF: forms need the page's token; API calls riding on browser cookies need
// X-CSRF-Token; bearer-token and cookie-less API clients need none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError, call, newCustomer } from '../support/api.js';
import { unchanged } from '../support/db-state.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('CSRF protection', () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    t = await startTestApp();
    browser = new Browser(t.app);
    await browser.login('customer@alpaca.test');
    await browser.post('/stores/choose', { store: 'colchester' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
  });
  after(() => t.close());

  const formPost = (url: string, body: string) => browser.request({ method: 'POST', url, payload: body, headers: FORM });

  const forms: [string, string][] = [
    ['/stores/choose', 'store=ipswich'],
    ['/basket/lines', 'store=colchester&product=mocha&quantity=1'],
    ['/logout', ''],
    ['/register', 'firstName=A&lastName=B&email=csrf%40example.com&password=long-enough-pw'],
  ];
  for (const [url, body] of forms) {
    it(`refuses POST ${url} without a token: 403 page, nothing changes`, async () => {
      const response = await unchanged(t.deps.db.writer, () => formPost(url, body));
      assert.equal(response.statusCode, 403);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /This form has expired/);
    });

    it(`refuses POST ${url} with a wrong token`, async () => {
      const wrong = browser.csrf.slice(0, -2) + (browser.csrf.endsWith('AA') ? 'BB' : 'AA');
      const response = await unchanged(t.deps.db.writer, () => formPost(url, `${body}&_csrf=${wrong}`));
      assert.equal(response.statusCode, 403);
    });
  }

  it("refuses another visitor's token", async () => {
    const other = new Browser(t.app);
    await other.get('/');
    assert.notEqual(other.csrf, browser.csrf);
    const response = await unchanged(t.deps.db.writer, () => formPost('/stores/choose', `store=ipswich&_csrf=${other.csrf}`));
    assert.equal(response.statusCode, 403);
  });

  it('refuses a form post from a client with no cookies at all, even with a token', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      t.app.inject({
        method: 'POST',
        url: '/stores/choose',
        headers: FORM,
        payload: `store=ipswich&_csrf=${browser.csrf}`,
      }),
    );
    assert.equal(response.statusCode, 403);
  });

  it('accepts the same form with the right token', async () => {
    const response = await formPost('/stores/choose', `store=ipswich&_csrf=${browser.csrf}`);
    assert.equal(response.statusCode, 303);
    await formPost('/stores/choose', `store=colchester&_csrf=${browser.csrf}`);
  });

  it('refuses an API call that rides on the session cookie without X-CSRF-Token: 403 csrf', async () => {
    const response = await unchanged(t.deps.db.writer, () =>
      browser.request({
        method: 'PUT',
        url: '/api/v1/basket/store',
        payload: { store: 'ipswich' },
      }),
    );
    assertApiError(response, 403, 'csrf');
    const wrong = await unchanged(t.deps.db.writer, () =>
      browser.request({
        method: 'POST',
        url: '/api/v1/basket/lines',
        payload: { product: 'mocha' },
        headers: { 'x-csrf-token': 'nope' },
      }),
    );
    assertApiError(wrong, 403, 'csrf');
  });

  it('accepts that API call with the page token in X-CSRF-Token', async () => {
    const response = await browser.request({
      method: 'PUT',
      url: '/api/v1/basket/store',
      payload: { store: 'colchester' },
      headers: { 'x-csrf-token': browser.csrf },
    });
    assert.equal(response.statusCode, 200, response.body);
  });

  it('needs no token for a bearer-token API client, nor for a cookie-less one', async () => {
    const customer = await newCustomer(t.app, 'Bearer');
    const put = await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'ipswich' } });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().store, 'ipswich');
  });

  it('lets safe methods through without a token', async () => {
    assert.equal((await browser.request({ method: 'GET', url: '/basket' })).statusCode, 200);
  });
});

describe('CSRF token rotation at login, registration and logout (the guest basket is still adopted)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A guest with a mocha in their basket, and the page token they were given. */
  async function guestWithBasket(): Promise<{ browser: Browser; guestToken: string }> {
    const browser = new Browser(t.app);
    await browser.get('/stores/colchester/products/mocha');
    const added = await browser.post('/basket/lines', { store: 'colchester', product: 'mocha', quantity: '2' });
    assert.equal(added.statusCode, 303, added.body);
    return { browser, guestToken: browser.csrf };
  }

  async function assertRotated(browser: Browser, guestToken: string) {
    const basket = await browser.get('/basket');
    assert.equal(basket.statusCode, 200);
    assert.match(basket.body, /Mocha/, 'the guest basket was adopted by the account');
    assert.ok(browser.csrf && browser.csrf !== guestToken, 'a new token after signing in');
    const stale = await unchanged(t.deps.db.writer, () =>
      browser.request({ method: 'POST', url: '/stores/choose', headers: FORM, payload: `store=ipswich&_csrf=${guestToken}` }),
    );
    assert.equal(stale.statusCode, 403, 'the token from before signing in is refused');
    const fresh = await browser.post('/stores/choose', { store: 'colchester' });
    assert.equal(fresh.statusCode, 303, 'the new token works');
  }

  it('gives a new token at login, refuses the old one, and keeps the guest basket', async () => {
    const { browser, guestToken } = await guestWithBasket();
    await browser.login('customer@alpaca.test');
    await assertRotated(browser, guestToken);
  });

  it('gives a new token at registration, refuses the old one, and keeps the guest basket', async () => {
    const { browser, guestToken } = await guestWithBasket();
    const registered = await browser.post('/register', {
      firstName: 'Rota',
      lastName: 'Tion',
      email: `rotation-${Date.now()}@example.com`,
      password: 'long-enough-password',
      returnTo: '/',
    });
    assert.equal(registered.statusCode, 303, registered.body);
    await assertRotated(browser, guestToken);
  });

  it('gives a new token at logout', async () => {
    const browser = new Browser(t.app);
    await browser.login('customer@alpaca.test');
    await browser.get('/');
    const signedInToken = browser.csrf;
    assert.equal((await browser.post('/logout')).statusCode, 303);
    await browser.get('/');
    assert.ok(browser.csrf && browser.csrf !== signedInToken);
    const stale = await browser.request({ method: 'POST', url: '/stores/choose', headers: FORM, payload: `store=ipswich&_csrf=${signedInToken}` });
    assert.equal(stale.statusCode, 403);
  });
});
