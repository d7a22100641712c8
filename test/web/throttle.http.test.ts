// Throttling (issue 15 item 2) at the limits of DESIGN.md §3 (RATE_LIMIT_SCALE=1): failed logins per
// account and per IP, registrations per IP, order placements per account; 429 with Retry-After, the
// owner emailed, the counts in PostgreSQL (shared by every instance).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError, NEW_PASSWORD, newCustomer, uniqueEmail } from '../support/api.js';
import { fillBasket, outbox, place } from '../features/orders/helpers.js';

describe('throttling', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SCALE: '1' });
  });
  after(() => t.close());

  const login = (email: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress, payload: { email, password } });

  it('40 wrong passwords, then the right one: refused with 429 and Retry-After from the 11th try; the owner is emailed once', async () => {
    const { email } = await newCustomer(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await login(email, `wrong-password-${i}`, '192.0.2.10')).statusCode);
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(30).fill(429)]);
    const right = await login(email, NEW_PASSWORD, '192.0.2.11');
    assertApiError(right, 429, 'rate_limited');
    const retryAfter = Number(right.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${right.headers['retry-after']}`);
    const emails = (await outbox(t)).filter((r) => r.payload['template'] === 'login-throttled' && r.payload['to'] === email);
    assert.equal(emails.length, 1);
  });

  it('only failures count: the right password works after 9 failures, and keeps working', async () => {
    const { email } = await newCustomer(t.app);
    for (let i = 0; i < 9; i++) assert.equal((await login(email, 'not-the-password', '192.0.2.20')).statusCode, 401);
    for (let i = 0; i < 5; i++) assert.equal((await login(email, NEW_PASSWORD, '192.0.2.20')).statusCode, 201);
  });

  it('100 failures from one IP stop that IP for every account, not other IPs', async () => {
    const victim = await newCustomer(t.app);
    for (let i = 0; i < 100; i++) await login(`nobody-${i}@example.test`, 'whatever-password', '198.51.100.7');
    assertApiError(await login(victim.email, NEW_PASSWORD, '198.51.100.7'), 429, 'rate_limited');
    assert.equal((await login(victim.email, NEW_PASSWORD, '198.51.100.8')).statusCode, 201);
  });

  it('20 registrations an hour from one IP, failed ones included; the 21st is 429', async () => {
    const register = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        remoteAddress: '203.0.113.5',
        payload: { firstName: 'Ada', lastName: 'L', email, password: NEW_PASSWORD },
      });
    const taken = uniqueEmail('taken');
    assert.equal((await register(taken)).statusCode, 201);
    for (let i = 0; i < 19; i++) assert.equal((await register(taken)).statusCode, 400, 'an existing email is said plainly');
    const refused = await register(uniqueEmail());
    assertApiError(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });

  it('10 order placements a minute per account; a replay of a placed key is not counted', async () => {
    const { auth } = await newCustomer(t.app);
    const keys: string[] = [];
    for (let i = 0; i < 10; i++) {
      await fillBasket(t, auth);
      const key = randomUUID();
      keys.push(key);
      assert.equal((await place(t, auth, undefined, key)).statusCode, 201);
    }
    assert.equal((await place(t, auth, undefined, keys[0]!)).statusCode, 201, 'a replay');
    await fillBasket(t, auth);
    const refused = await place(t, auth);
    assertApiError(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers['retry-after']) <= 60);
  });
});
