// Saved cards and wallets with the Stripe gateway (real SDK, local stand-in; decision 323/324):
// one Customer per account (keyed), "save this card" attaches the card only when the hold succeeds,
// a saved card is used with its Customer, removing and forgetting let them go; a wallet's
// PaymentMethod (Express Checkout Element) takes the same path as one from the card element.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idempotencyKeyFor } from '../../src/payments/gateway.js';
import { StripeGateway } from '../../src/payments/stripe.js';
import { StripeStandIn } from '../support/stripe-stand-in.js';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('Stripe saved cards and wallets (real SDK, local stand-in)', () => {
  let standIn: StripeStandIn;
  let gateway: StripeGateway;
  before(async () => {
    standIn = await new StripeStandIn().start();
    gateway = new StripeGateway({ secretKey: 'sk_test_standin', apiBase: standIn.url, maxNetworkRetries: 0 });
  });
  after(() => standIn.stop());

  let n = 0;
  const orderId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const authorise = (payment: Parameters<StripeGateway['authorise']>[0]['payment'], saveFor?: { customer: string }) => {
    const id = orderId();
    return gateway.authorise({
      orderId: id,
      amountPence: 500,
      description: 'test',
      now: NOW,
      payment,
      idempotencyKey: idempotencyKeyFor(id, 'authorise'),
      saveFor,
    });
  };

  it('makes one Customer per account, keyed, and saves a card only when its hold succeeds', async () => {
    const customer = await gateway.ensureCustomer(41);
    assert.equal(await gateway.ensureCustomer(41), customer, 'a retry is the same Customer');
    assert.equal(standIn.calls('POST', /^\/v1\/customers$/).at(-1)!.idempotencyKey, 'customer-41');

    const held = await authorise({ kind: 'payment-method', paymentMethodId: 'pm_card_visa' }, { customer });
    assert.equal(held.status, 'authorised');
    const saved = held.status === 'authorised' ? held.saved : undefined;
    assert.ok(saved && /^pm_saved_/.test(saved.reference));
    assert.deepEqual({ ...saved, reference: 'x' }, { reference: 'x', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 });
    const create = standIn.calls('POST', /^\/v1\/payment_intents$/).at(-1)!;
    assert.equal(create.body.get('customer'), customer);
    assert.equal(create.body.get('setup_future_usage'), 'on_session');

    const declined = await authorise({ kind: 'payment-method', paymentMethodId: 'pm_card_chargeDeclined' }, { customer });
    assert.equal(declined.status, 'declined');
    assert.equal([...standIn.savedMethods.values()].filter((m) => m.customer === customer).length, 1, 'the declined card was not attached');

    const again = await authorise({ kind: 'saved-card', reference: saved.reference, customer });
    assert.equal(again.status, 'authorised');
    assert.equal(
      standIn
        .calls('POST', /^\/v1\/payment_intents$/)
        .at(-1)!
        .body.get('customer'),
      customer,
    );
    const stranger = await gateway.ensureCustomer(42);
    const notTheirs = await authorise({ kind: 'saved-card', reference: saved.reference, customer: stranger });
    assert.equal(notTheirs.status, 'declined', "another account's Customer cannot use it");
  });

  it('removing a card detaches it (twice is fine); forgetting a customer deletes it and its cards', async () => {
    const customer = await gateway.ensureCustomer(51);
    const one = await authorise({ kind: 'payment-method', paymentMethodId: 'pm_card_visa' }, { customer });
    const two = await authorise({ kind: 'payment-method', paymentMethodId: 'pm_card_mastercard' }, { customer });
    const [a, b] = [one, two].map((r) => (r.status === 'authorised' ? r.saved!.reference : ''));
    await gateway.removeCard(a!);
    await gateway.removeCard(a!);
    assert.equal(standIn.savedMethods.get(a!)!.customer, null);
    await gateway.forgetCustomer({ userId: 51, reference: customer, cardReferences: [b!] });
    assert.equal(standIn.customers.has(customer), false);
    assert.equal(standIn.savedMethods.get(b!)!.customer, null);
    await gateway.forgetCustomer({ userId: 51, reference: customer, cardReferences: [b!] }); // already gone: no error
    assert.equal((await authorise({ kind: 'saved-card', reference: b!, customer })).status, 'declined');
  });

  it('a wallet payment (Express Checkout Element → PaymentMethod) is held and captured like any card', async () => {
    const id = orderId();
    const held = await gateway.authorise({
      orderId: id,
      amountPence: 735,
      description: 'wallet',
      now: NOW,
      payment: { kind: 'payment-method', paymentMethodId: 'pm_card_visa' },
      idempotencyKey: idempotencyKeyFor(id, 'authorise'),
    });
    assert.equal(held.status, 'authorised');
    const create = standIn.calls('POST', /^\/v1\/payment_intents$/).at(-1)!;
    assert.equal(create.body.get('capture_method'), 'manual', 'a wallet is held, never charged at checkout');
    const reference = held.status === 'authorised' ? held.reference : '';
    assert.deepEqual(await gateway.capture({ reference, amountPence: 735, idempotencyKey: idempotencyKeyFor(id, 'capture') }), { ok: true });
  });
});
