// Headers and cookies (issue 15 item 6): a Content-Security-Policy without inline scripts that no
// one may frame, HSTS and Secure cookies (the flash cookie too) under an https PUBLIC_URL, Stripe's
// script and frames only in Stripe mode, and no-store on answers with personal data.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy } from '../../src/web/security-headers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { Browser } from '../support/test-app.js';
import { newCustomer } from '../support/api.js';

function directives(header: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header).split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('security headers', () => {
  let t: TestApp;
  let secure: TestApp;
  before(async () => {
    t = await startTestApp();
    secure = await startTestApp({ PUBLIC_URL: 'https://cafe.example' });
  });
  after(async () => {
    await t.close();
    await secure.close();
  });

  it('pages carry a CSP with no inline script and frame-ancestors none; no HSTS over plain http', async () => {
    const page = await t.app.inject({ url: '/' });
    const csp = directives(page.headers['content-security-policy']);
    assert.deepEqual(csp.get('script-src'), ["'self'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    assert.ok(!String(page.headers['content-security-policy']).includes('js.stripe.com'));
    assert.equal(page.headers['strict-transport-security'], undefined);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });

  it('Stripe mode allows Stripe.js and its frames, and nothing else', () => {
    const csp = contentSecurityPolicy({ paymentGateway: 'stripe' });
    assert.deepEqual(csp['scriptSrc'], ["'self'", 'https://js.stripe.com']);
    assert.deepEqual(csp['frameSrc'], ["'self'", 'https://js.stripe.com', 'https://hooks.stripe.com']);
    assert.deepEqual(csp['connectSrc'], ["'self'", 'https://api.stripe.com']);
    assert.deepEqual(csp['frameAncestors'], ["'none'"]);
  });

  it('under an https PUBLIC_URL: HSTS, and every cookie Secure, the flash cookie included', async () => {
    const page = await secure.app.inject({ url: '/' });
    assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);
    const browser = new Browser(secure.app);
    const login = await browser.post('/login', { email: 'customer@alpaca.test', password: 'alpaca-demo-password', returnTo: '/' });
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    assert.ok(
      cookies.some((c) => c.startsWith('flash=')),
      cookies.join('\n'),
    );
    for (const cookie of cookies) assert.match(cookie, /;\s*Secure/i, cookie);
  });

  it('answers with personal data are no-store; the public menu API stays cacheable', async () => {
    const { auth } = await newCustomer(t.app);
    for (const url of ['/api/v1/basket', '/api/v1/orders']) {
      const response = await t.app.inject({ url, headers: auth });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['cache-control'], 'no-store', url);
    }
    assert.equal((await t.app.inject({ url: '/basket' })).headers['cache-control'], 'no-store');
    const menu = await t.app.inject({ url: '/api/v1/stores/colchester/menu' });
    assert.equal(menu.headers['cache-control'], 'no-cache');
  });
});
