// PAYMENT_GATEWAY=stripe end to end: the app talks to the real SDK pointed at a
// local stand-in, and Stripe's webhooks are signed with the SDK's own test
// helper — duplicates, reordering and bad signatures included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../support/test-app.js';
import { startStripeTestApp, stripeSignature, type StripeTestApp } from '../../support/stripe-app.js';
import { type StripeStandIn, stripeEvent } from '../../support/stripe-stand-in.js';
import { count, effects, fillBasket, newCustomer, orderRow, place, post, type Auth } from '../orders/helpers.js';

const SECRET = 'whsec_test_alpaca';

describe('Stripe gateway and webhooks', () => {
  let t: TestApp;
  let standIn: StripeStandIn;
  let stripe: StripeTestApp;
  let auth: Auth;

  before(async () => {
    stripe = await startStripeTestApp(SECRET);
    ({ t, standIn } = stripe);
    auth = await newCustomer(t);
  });
  after(async () => {
    await stripe.close();
  });

  function intentObject(id: string, extra: Record<string, unknown> = {}) {
    return { ...standIn.intents.get(id)!, ...extra };
  }

  it('places, checks in and charges through Stripe, with per-order idempotency keys', async () => {
    await fillBasket(t, auth);
    const response = await place(t, auth, '4242424242424242');
    assert.equal(response.statusCode, 201, response.body);
    const order = response.json().order;
    assert.equal(order.state, 'authorised');
    assert.deepEqual(order.payment, { brand: 'visa', last4: '4242', failure: null });
    const row = await orderRow(t, order.id);
    assert.match(row.payment_reference!, /^pi_/);
    assert.equal(row.payment_gateway, 'stripe');

    const paid = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assert.equal(paid.json().state, 'paid');
    assert.equal(standIn.intents.get(row.payment_reference!)!.status, 'succeeded');
    assert.equal(standIn.calls('POST', /\/capture$/).at(-1)!.idempotencyKey, `order-${order.id}-capture`);

    // Stripe then tells us what we already know, twice and out of order: nothing changes.
    const events = [
      stripeEvent('charge.captured', { object: 'charge', id: 'ch_1', payment_intent: row.payment_reference }),
      stripeEvent('payment_intent.succeeded', intentObject(row.payment_reference!)),
      stripeEvent('payment_intent.amount_capturable_updated', intentObject(row.payment_reference!, { status: 'requires_capture' })),
    ];
    for (const event of [...events, ...events.reverse()]) assert.equal((await stripe.deliver(event)).statusCode, 200);
    assert.equal((await orderRow(t, order.id)).state, 'paid');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'ticket', 'email:payment-receipt']);
  });

  it("a declined card is a 402 with Stripe's reason; the basket stays", async () => {
    await fillBasket(t, auth);
    const response = await place(t, auth, '4000000000000002');
    assert.equal(response.statusCode, 402);
    assert.equal(response.json().error.message, 'Your card was declined.');
    assert.ok((await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.length > 0);
  });

  it('3-D Secure: 202 with a client secret; the webhook authorises, empties the basket and emails — once', async () => {
    await fillBasket(t, auth);
    const response = await place(t, auth, '4000000000003220');
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.json().order.state, 'authorising');
    assert.match(response.json().nextAction.clientSecret, /_secret_/);
    const order = response.json().order;
    const reference = (await orderRow(t, order.id)).payment_reference!;
    // The customer completes the challenge; Stripe reports it (twice, as it may).
    standIn.intents.get(reference)!.status = 'requires_capture';
    const event = stripeEvent('payment_intent.amount_capturable_updated', intentObject(reference));
    const first = await stripe.deliver(event);
    assert.deepEqual(first.json(), { received: true, duplicate: false });
    const again = await stripe.deliver(event);
    assert.deepEqual(again.json(), { received: true, duplicate: true });
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'authorised');
    assert.ok(row.expires_at);
    assert.equal((await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.length, 0);
    assert.deepEqual(await effects(t, order.id), ['email:order-placed']);
    const stored = await t.deps.db.writer.selectFrom('stripe_webhook_events').selectAll().where('event_id', '=', event.id).executeTakeFirstOrThrow();
    assert.match(stored.result!, /authorising→authorised/);
    assert.equal((stored.payload as { id: string }).id, event.id, 'stored as a JSON object');
  });

  it('payment_failed, canceled and charge.expired move a held order on, in any order, once', async () => {
    const orders: { id: string; reference: string }[] = [];
    for (let i = 0; i < 3; i++) {
      await fillBasket(t, auth);
      const response = await place(t, auth, '4242424242424242', randomUUID());
      const id = response.json().order.id as string;
      orders.push({ id, reference: (await orderRow(t, id)).payment_reference! });
    }
    const [a, b, c] = orders as [(typeof orders)[0], (typeof orders)[0], (typeof orders)[0]];
    // What Stripe holds by the time the events are read (each is applied as the retrieved PaymentIntent, decision 707):
    // a cancelled by hand, b's hold lapsed, c still held.
    Object.assign(standIn.intents.get(a.reference)!, { status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    Object.assign(standIn.intents.get(b.reference)!, { status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    const canceled = stripeEvent('payment_intent.canceled', intentObject(a.reference, { status: 'canceled', cancellation_reason: 'requested_by_customer' }));
    const expired = stripeEvent('charge.expired', { object: 'charge', id: 'ch_x', payment_intent: b.reference });
    const failed = stripeEvent('payment_intent.payment_failed', intentObject(c.reference, { last_payment_error: { message: 'Card blocked.' } }));
    const refunded = stripeEvent('charge.refunded', { object: 'charge', id: 'ch_r', payment_intent: c.reference, amount_refunded: 100 });
    for (const event of [refunded, failed, expired, canceled, canceled, expired]) assert.equal((await stripe.deliver(event)).statusCode, 200);
    assert.equal((await orderRow(t, a.id)).state, 'cancelled');
    assert.equal((await orderRow(t, b.id)).state, 'expired');
    // payment_failed only ends an order still authorising or capturing; a held order is unaffected.
    assert.equal((await orderRow(t, c.id)).state, 'authorised');
    assert.deepEqual(await effects(t, a.id), ['email:order-placed', 'payment-void', 'email:order-cancelled']);
    assert.deepEqual(await effects(t, b.id), ['email:order-placed', 'payment-void', 'email:order-expired']);
    // A refund of an uncaptured charge is the hold released: noted with the event, never an order event or a refund.
    const noted = await t.deps.db.writer.selectFrom('order_events').select(['detail']).where('order_id', '=', c.id).where('actor', '=', 'stripe').execute();
    assert.deepEqual(noted, []);
    const stored = await t.deps.db.writer.selectFrom('stripe_webhook_events').select('result').where('event_id', '=', refunded.id).executeTakeFirstOrThrow();
    assert.match(stored.result!, /hold of £1\.00 released at Stripe, nothing was captured/);
  });

  it('a capture refused at check-in leaves the order needing payment; a late payment_failed changes nothing more', async () => {
    await fillBasket(t, auth);
    const response = await place(t, auth, '4000000000000341');
    const order = response.json().order;
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 402);
    const reference = (await orderRow(t, order.id)).payment_reference!;
    await stripe.deliver(stripeEvent('payment_intent.payment_failed', intentObject(reference)));
    assert.equal((await orderRow(t, order.id)).state, 'needs_payment');
    assert.deepEqual(await effects(t, order.id), ['email:order-placed', 'payment-void', 'email:payment-failed']);
  });

  it('refuses a bad or missing signature with 400 and records nothing', async () => {
    const before = await count(t, 'stripe_webhook_events');
    const event = stripeEvent('payment_intent.succeeded', { object: 'payment_intent', id: 'pi_unknown' });
    assert.equal((await stripe.deliver(event, 'whsec_wrong')).statusCode, 400);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      payload: JSON.stringify(event),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(unsigned.statusCode, 400);
    assert.equal(unsigned.json().error.code, 'bad_signature');
    // The signature covers the exact bytes: re-serialised JSON does not verify.
    const payload = JSON.stringify(event);
    const signature = stripeSignature(payload, SECRET);
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      payload: JSON.stringify(event, null, 2),
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    });
    assert.equal(tampered.statusCode, 400);
    assert.equal(await count(t, 'stripe_webhook_events'), before);
  });

  it('acknowledges events about unknown intents and types it ignores', async () => {
    const unknown = await stripe.deliver(stripeEvent('payment_intent.succeeded', { object: 'payment_intent', id: 'pi_nobody', metadata: {} }));
    assert.equal(unknown.statusCode, 200);
    const ignored = await stripe.deliver(stripeEvent('customer.created', { object: 'customer', id: 'cus_1' }));
    assert.equal(ignored.statusCode, 200);
  });

  it('the rest of the JSON API still parses JSON normally', async () => {
    const response = await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'ipswich' } });
    assert.equal(response.statusCode, 200);
  });
});
