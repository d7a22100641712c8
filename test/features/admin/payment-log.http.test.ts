// The admin payments log (issue 12 item 5, decision 708): payment calls that failed with an error —
// configuration faults (a wrong key: not retried) and transient ones (an outage: retried) — shown
// with time, kind, order and message, filterable like the audit log; admins only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStripeTestApp, type StripeTestApp } from '../../support/stripe-app.js';
import type { StripeStandIn } from '../../support/stripe-stand-in.js';
import { Browser, type TestApp } from '../../support/test-app.js';
import { fillBasket, newCustomer, place, placedOrder, post } from '../orders/helpers.js';

describe('admin payments log', () => {
  let t: TestApp;
  let standIn: StripeStandIn;
  let stripe: StripeTestApp;
  let admin: Browser;

  before(async () => {
    stripe = await startStripeTestApp('whsec_log');
    ({ t, standIn } = stripe);
    admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
  });
  after(async () => {
    await stripe.close();
  });

  it('shows a wrong key at checkout and an outage at check-in, with the order, and filters them', async () => {
    const customer = await newCustomer(t, 'Logged');
    await fillBasket(t, customer);
    standIn.nextErrors.push({ status: 401, type: 'authentication_error', message: 'Invalid API Key provided: sk_test_***paca' });
    const refused = await place(t, customer);
    assert.equal(refused.statusCode, 503, refused.body);

    // (That checkout's order is closed at once, decision 710; another customer's order is charged here.)
    const other = await newCustomer(t, 'Outage');
    const order = await placedOrder(t, other);
    // More 500s than the SDK's retries: the capture is "try again" (transient).
    standIn.failNext = 10;
    const checkIn = await post(t, other, `/api/v1/orders/${order.id}/check-in`);
    standIn.failNext = 0;
    assert.equal(checkIn.statusCode, 503, checkIn.body);

    const page = await admin.get('/admin/logs/payments');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Configuration fault \(not retried\)/);
    assert.match(page.body, /stripe authorise/);
    assert.match(page.body, /authentication_error \(HTTP 401.*Invalid API Key provided/);
    assert.match(page.body, /Provider unreachable \(retried\)/);
    assert.match(page.body, /stripe capture/);
    assert.ok(page.body.includes(`/staff/colchester/orders/${order.id}`), 'the capture names its order');

    const configuration = await admin.get('/admin/logs/payments?kind=configuration');
    assert.match(configuration.body, /Invalid API Key/);
    assert.doesNotMatch(configuration.body, /stripe capture/);
    const byOrder = await admin.get(`/admin/logs/payments?order=${order.number}`);
    assert.match(byOrder.body, /stripe capture/);
    assert.doesNotMatch(byOrder.body, /Invalid API Key/);
    // The test clock's day (25 Nov 2026, UK): both; the day before: none.
    assert.match((await admin.get('/admin/logs/payments?from=2026-11-25&to=2026-11-25')).body, /Invalid API Key/);
    assert.match((await admin.get('/admin/logs/payments?to=2026-11-24')).body, /No payment errors match/);
  });

  it('refuses a bad filter with 400 naming the field, and non-admins', async () => {
    for (const [query, field] of [
      ['kind=everything', 'kind'],
      ['from=2026-02-30', 'from'],
      ['from=2026-11-25&to=2026-11-01', 'to'],
      [`order=${'x'.repeat(81)}`, 'order'],
    ] as const) {
      const response = await admin.get(`/admin/logs/payments?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.match(response.body, new RegExp(`id="${field}-error"`), query);
    }
    const manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    assert.equal((await manager.get('/admin/logs/payments')).statusCode, 403);
  });
});
