// A checkout that meets a Stripe configuration fault (a wrong or revoked key, a missing permission:
// issue 12, decision 710): the customer is told card payments are unavailable and nothing was
// charged (503, not a 500, not a success), the admin payments log has the fault with its order, and
// the basket can be placed again at once — no order is left `authorising` to answer 409
// `order_in_progress` until its claim runs out.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startStripeTestApp, type StripeTestApp } from '../../support/stripe-app.js';
import type { StripeStandIn } from '../../support/stripe-stand-in.js';
import { Browser, type TestApp } from '../../support/test-app.js';
import { fillBasket, newCustomer, orderRow, place } from '../orders/helpers.js';
import { NEW_PASSWORD, newCustomer as registered } from '../../support/api.js';
import { redirectedTo } from '../../support/html.js';

describe('Stripe configuration fault at checkout', () => {
  let t: TestApp;
  let standIn: StripeStandIn;
  let stripe: StripeTestApp;

  before(async () => {
    stripe = await startStripeTestApp('whsec_fault');
    ({ t, standIn } = stripe);
  });
  after(async () => {
    await stripe.close();
  });

  const basketLines = async (auth: { authorization: string }) => (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.length as number;
  const faults = (orderId: string) =>
    t.deps.db.writer.selectFrom('payment_errors').selectAll().where('order_id', '=', orderId).where('kind', '=', 'configuration').execute();

  for (const [status, type] of [
    [401, 'authentication_error'],
    [403, 'permission_error'],
  ] as const) {
    it(`${status} ${type}: a clear 503, logged, and the basket places again at once`, async () => {
      const auth = await newCustomer(t, 'Fault');
      await fillBasket(t, auth);
      standIn.nextErrors.push({ status, type, message: `stand-in ${type}: Invalid API Key provided: sk_test_***paca` });
      const key = randomUUID();
      const refused = await place(t, auth, '4242424242424242', key);
      assert.equal(refused.statusCode, 503, refused.body);
      assert.equal(refused.json().error.code, 'payment_unavailable');
      assert.match(refused.json().error.message, /Card payments are unavailable right now\. Nothing was charged/);
      assert.doesNotMatch(refused.body, /stand-in|API Key/, 'the cause is for the operator, not the customer');

      // The order written for it is closed, not left claimed: declined, nothing held.
      const written = await t.deps.db.writer.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      const row = await orderRow(t, written.id);
      assert.equal(row.state, 'declined');
      assert.equal(row.payment_reference, null);
      assert.match(row.payment_failure!, /Nothing was charged/);
      const logged = await faults(written.id);
      assert.equal(logged.length, 1, 'one configuration fault on the payments log, with its order');
      assert.match(logged[0]!.message, new RegExp(`${type} \\(HTTP ${status}.*Invalid API Key`));
      assert.equal(await basketLines(auth), 2, 'the basket is kept');

      // The same request again is told the same (never a second call, never a success).
      const calls = standIn.requests.length;
      const replay = await place(t, auth, '4242424242424242', key);
      assert.equal(replay.statusCode, 402, replay.body);
      assert.match(replay.json().error.message, /Card payments are unavailable right now/);
      assert.equal(standIn.requests.length, calls, 'a replay does not call Stripe again');

      // The key fixed, the customer places the same basket at once: no 409 order_in_progress.
      const again = await place(t, auth);
      assert.equal(again.statusCode, 201, again.body);
      assert.equal(again.json().order.state, 'authorised');
      assert.equal(await basketLines(auth), 0);
    });
  }

  it('a fault while making the Customer for "save this card" also frees the basket', async () => {
    const auth = await newCustomer(t, 'Saver');
    await fillBasket(t, auth);
    standIn.nextErrors.push({ status: 401, type: 'authentication_error', message: 'Invalid API Key provided: sk_test_***paca' });
    const key = randomUUID();
    const refused = await place(t, auth, '4242424242424242', key, { save: true });
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(refused.json().error.code, 'payment_unavailable');
    const written = await t.deps.db.writer.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    assert.equal(written.state, 'declined');
    // Making the Customer names no order: the fault is on the log as the Customer call.
    const logged = await t.deps.db.writer.selectFrom('payment_errors').selectAll().where('operation', '=', 'customer').execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.kind, 'configuration');
    assert.match(logged[0]!.message, /authentication_error \(HTTP 401.*Invalid API Key/);
    const again = await place(t, auth, '4242424242424242', randomUUID(), { save: true });
    assert.equal(again.statusCode, 201, again.body);
  });

  it('the checkout form says so on a 503 page (no 500), and the next checkout places the basket', async () => {
    const { email } = await registered(t.app);
    const browser = new Browser(t.app);
    await browser.login(email, NEW_PASSWORD);
    await browser.post('/stores/choose', { store: 'colchester' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'oat', quantity: '1' });
    const submit = async () => {
      const checkout = await browser.get('/checkout');
      assert.equal(checkout.statusCode, 200);
      const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(checkout.body)![1]!;
      return browser.post('/orders', { idempotencyKey, paymentMethod: 'pm_card_visa', when: 'here' });
    };
    standIn.nextErrors.push({ status: 401, type: 'authentication_error', message: 'Invalid API Key provided: sk_test_***paca' });
    const refused = await submit();
    assert.equal(refused.statusCode, 503, refused.body.slice(0, 300));
    assert.match(refused.body, /Card payments are unavailable right now\. Nothing was charged/);
    const placed = await submit();
    assert.equal(placed.statusCode, 303, placed.body.slice(0, 300));
    assert.match(redirectedTo(placed), /^\/orders\/[0-9a-f-]{36}$/);
  });
});
