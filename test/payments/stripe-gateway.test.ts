// The Stripe gateway through the real `stripe` SDK against a local stand-in:
// manual-capture PaymentIntents, idempotency keys per order and operation,
// declines as answers, outages as "try again".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayUnavailableError, idempotencyKeyFor } from '../../src/payments/gateway.js';
import { StripeGateway } from '../../src/payments/stripe.js';
import { StripeStandIn } from '../support/stripe-stand-in.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const ORDER = '6f1c1d2e-8a0b-4c3d-9e8f-0a1b2c3d4e5f';

describe('Stripe gateway (real SDK, local stand-in)', () => {
  let standIn: StripeStandIn;
  let gateway: StripeGateway;
  before(async () => {
    standIn = await new StripeStandIn().start();
    gateway = new StripeGateway({ secretKey: 'sk_test_standin', apiBase: standIn.url, maxNetworkRetries: 0 });
  });
  after(() => standIn.stop());

  const authorise = (paymentMethodId: string, orderId = ORDER) =>
    gateway.authorise({
      orderId,
      amountPence: 735,
      description: 'Alpaca Cafe order 1001',
      now: NOW,
      payment: { kind: 'payment-method', paymentMethodId },
      idempotencyKey: idempotencyKeyFor(orderId, 'authorise'),
    });

  it('holds the card with a manual-capture PaymentIntent, keyed per order and operation', async () => {
    const result = await authorise('pm_card_visa');
    assert.equal(result.status, 'authorised');
    assert.deepEqual([result.brand, result.last4], ['visa', '4242']);
    const [create] = standIn.calls('POST', /^\/v1\/payment_intents$/);
    assert.equal(create!.idempotencyKey, `order-${ORDER}-authorise`);
    assert.equal(create!.body.get('capture_method'), 'manual');
    assert.equal(create!.body.get('amount'), '735');
    assert.equal(create!.body.get('currency'), 'gbp');
    assert.equal(create!.body.get('confirm'), 'true');
    assert.equal(create!.body.get('metadata[order_id]'), ORDER);

    const again = await authorise('pm_card_visa');
    assert.equal(again.status === 'authorised' && again.reference, result.status === 'authorised' && result.reference, 'a retry is the same hold');
    assert.equal(standIn.intents.size, 1);

    const reference = (result as { reference: string }).reference;
    const captured = await gateway.capture({ reference, amountPence: 735, idempotencyKey: idempotencyKeyFor(ORDER, 'capture') });
    assert.deepEqual(captured, { ok: true });
    assert.deepEqual(await gateway.capture({ reference, amountPence: 735, idempotencyKey: idempotencyKeyFor(ORDER, 'capture') }), { ok: true });
    assert.equal(standIn.intents.get(reference)!.status, 'succeeded');
    assert.equal(standIn.calls('POST', /\/capture$/).at(-1)!.idempotencyKey, `order-${ORDER}-capture`);
  });

  it("refunds through Stripe's Refunds API with the refund's idempotency key; more than is left is an answer", async () => {
    const orderId = '00000000-0000-4000-8000-0000000000f1';
    const held = await authorise('pm_card_visa', orderId);
    const reference = (held as { reference: string }).reference;
    await gateway.capture({ reference, amountPence: 735, idempotencyKey: idempotencyKeyFor(orderId, 'capture') });
    const first = await gateway.refund({ reference, amountPence: 400, idempotencyKey: `refund-${orderId}-a` });
    assert.equal(first.ok, true);
    const again = await gateway.refund({ reference, amountPence: 400, idempotencyKey: `refund-${orderId}-a` });
    assert.deepEqual(again, first, 'a retry is the same refund');
    const call = standIn.calls('POST', /^\/v1\/refunds$/).at(-1)!;
    assert.equal(call.idempotencyKey, `refund-${orderId}-a`);
    assert.equal(call.body.get('payment_intent'), reference);
    assert.equal(call.body.get('amount'), '400');
    const tooMuch = await gateway.refund({ reference, amountPence: 400, idempotencyKey: `refund-${orderId}-b` });
    assert.equal(tooMuch.ok, false);
    assert.equal(!tooMuch.ok && tooMuch.code, 'amount_too_large');
    standIn.failNext = 1;
    await assert.rejects(gateway.refund({ reference, amountPence: 100, idempotencyKey: `refund-${orderId}-c` }), GatewayUnavailableError);
  });

  it('declines are answers with the reason and the card; nothing to retry', async () => {
    const declined = await authorise('pm_card_chargeDeclined', '00000000-0000-4000-8000-000000000001');
    assert.equal(declined.status, 'declined');
    assert.equal(declined.status === 'declined' && declined.message, 'Your card was declined.');
    assert.equal(declined.last4, '0002');
    const poor = await authorise('pm_card_chargeDeclinedInsufficientFunds', '00000000-0000-4000-8000-000000000002');
    assert.equal(poor.status === 'declined' && poor.code, 'insufficient_funds');
    const unknown = await authorise('pm_nope', '00000000-0000-4000-8000-000000000003');
    assert.equal(unknown.status, 'declined');
  });

  it('a capture the bank refuses is reported, not thrown', async () => {
    const orderId = '00000000-0000-4000-8000-000000000004';
    const held = await authorise('pm_card_chargeCustomerFail', orderId);
    assert.equal(held.status, 'authorised');
    const result = await gateway.capture({
      reference: (held as { reference: string }).reference,
      amountPence: 735,
      idempotencyKey: idempotencyKeyFor(orderId, 'capture'),
    });
    assert.equal(result.ok, false);
  });

  it('3-D Secure leaves the hold pending, with a client secret for Stripe.js', async () => {
    const result = await authorise('pm_card_threeDSecure2Required', '00000000-0000-4000-8000-000000000005');
    assert.equal(result.status, 'requires_action');
    assert.match((await gateway.clientSecret((result as { reference: string }).reference))!, /_secret_/);
  });

  it('cancel releases a hold, and cancelling twice is not an error', async () => {
    const orderId = '00000000-0000-4000-8000-000000000006';
    const held = await authorise('pm_card_visa', orderId);
    const reference = (held as { reference: string }).reference;
    await gateway.cancel({ reference, reason: 'expired', idempotencyKey: idempotencyKeyFor(orderId, 'cancel') });
    await gateway.cancel({ reference, reason: 'expired', idempotencyKey: 'another-key' });
    assert.equal(standIn.intents.get(reference)!.status, 'canceled');
    assert.equal(standIn.intents.get(reference)!.cancellation_reason, 'abandoned');
  });

  it('an outage is GatewayUnavailable (503, try again), and the retry with the same key holds once', async () => {
    const orderId = '00000000-0000-4000-8000-000000000007';
    standIn.failNext = 1;
    await assert.rejects(authorise('pm_card_visa', orderId), GatewayUnavailableError);
    const before = standIn.intents.size;
    assert.equal((await authorise('pm_card_visa', orderId)).status, 'authorised');
    assert.equal(standIn.intents.size, before + 1);
  });

  it('test card numbers map to Stripe test PaymentMethods only with a test key', () => {
    assert.doesNotThrow(() => gateway.validate({ kind: 'card', card: { number: '4242424242424242' } }, NOW));
    const live = new StripeGateway({ secretKey: 'sk_live_x', apiBase: standIn.url });
    const field = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        return Object.keys((error as { fields?: object }).fields ?? {});
      }
      return [];
    };
    assert.deepEqual(
      field(() => live.validate({ kind: 'card', card: { number: '4242424242424242' } }, NOW)),
      ['payment.card'],
    );
    assert.deepEqual(
      field(() => gateway.validate({ kind: 'payment-method', paymentMethodId: 'card 4242' }, NOW)),
      ['payment.paymentMethod'],
    );
  });
});
