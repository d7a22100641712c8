// Card checks and the simulated bank's test cards, with no database.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { ValidationError } from '../../src/domain/errors.js';
import { cardBrand, luhnValid, parseCard } from '../../src/payments/cards.js';
import { SimulatedGateway } from '../../src/payments/simulated.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return Object.keys(error.fields ?? {}).sort();
  }
  return [];
};

describe('card checks', () => {
  it('Luhn and brands', () => {
    for (const good of ['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005']) assert.ok(luhnValid(good), good);
    assert.ok(!luhnValid('4242424242424241'));
    assert.deepEqual(['4242424242424242', '5555555555554444', '2223003122003222', '378282246310005', '6011111111111117', '9999'].map(cardBrand), [
      'visa',
      'mastercard',
      'mastercard',
      'amex',
      'discover',
      'card',
    ]);
  });

  it('accepts spaced numbers, MM/YY and MM/YYYY; a card is good to the end of its month', () => {
    const card = parseCard({ number: '4242 4242 4242 4242', expiry: '11/26', cvc: '123' }, NOW);
    assert.deepEqual(card, { number: '4242424242424242', expMonth: 11, expYear: 2026, cvc: '123' });
    assert.equal(parseCard({ number: '4242-4242-4242-4242', expiry: '01/2030', cvc: '1234' }, NOW).expYear, 2030);
  });

  it('names each bad field', () => {
    assert.deepEqual(
      fieldsOf(() => parseCard({ number: '4242424242424241', expiry: '10/26', cvc: '12' }, NOW)),
      ['card', 'cvc', 'expiry'],
    );
    assert.deepEqual(
      fieldsOf(() => parseCard({ number: 'abcd', expiry: '00/30', cvc: '123' }, NOW)),
      ['card', 'expiry'],
    );
    assert.deepEqual(
      fieldsOf(() => parseCard({}, NOW)),
      ['card', 'cvc', 'expiry'],
    );
    assert.deepEqual(
      fieldsOf(() => parseCard({ number: '4242424242424242' }, NOW, { requireAll: false })),
      [],
    );
    assert.deepEqual(
      fieldsOf(() => parseCard({ number: '4242424242424242', expiry: '1/1' }, NOW, { requireAll: false })),
      ['expiry'],
    );
  });
});

describe('simulated bank', () => {
  const request = (number: string, key = `k-${number}`) => ({
    orderId: 'o',
    amountPence: 500,
    description: 'x',
    now: NOW,
    idempotencyKey: key,
    payment: { kind: 'card' as const, card: { number, expiry: '12/30', cvc: '123' } },
  });

  it('follows the Stripe test cards', async () => {
    const bank = new SimulatedGateway();
    const ok = await bank.authorise(request('4242424242424242'));
    assert.equal(ok.status, 'authorised');
    assert.deepEqual([ok.brand, ok.last4], ['visa', '4242']);
    assert.equal((await bank.authorise(request('4000000000000002'))).status, 'declined');
    const poor = await bank.authorise(request('4000000000009995'));
    assert.equal(poor.status === 'declined' && poor.code, 'insufficient_funds');
    const later = await bank.authorise(request('4000000000000341'));
    assert.equal(later.status, 'authorised');
    assert.equal((await bank.capture({ reference: (later as { reference: string }).reference, amountPence: 500 })).ok, false);
    assert.deepEqual(await bank.capture({ reference: (ok as { reference: string }).reference, amountPence: 500 }), { ok: true });
  });

  it('a repeated authorisation is the same hold; a released hold cannot be captured', async () => {
    const bank = new SimulatedGateway();
    const a = await bank.authorise(request('4242424242424242', 'same'));
    const b = await bank.authorise(request('4242424242424242', 'same'));
    assert.equal((a as { reference: string }).reference, (b as { reference: string }).reference);
    assert.equal(bank.ledger.holds.size, 1);
    await bank.cancel({ reference: (a as { reference: string }).reference });
    assert.equal((await bank.capture({ reference: (a as { reference: string }).reference, amountPence: 500 })).ok, false);
  });
});

describe('payment settings', () => {
  it('PAYMENT_GATEWAY=stripe needs all three Stripe keys, each of the right kind', () => {
    const stripe = { PAYMENT_GATEWAY: 'stripe', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_PUBLISHABLE_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    assert.equal(loadConfig(stripe).paymentGateway, 'stripe');
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      assert.throws(() => loadConfig({ ...stripe, [name]: '' }), new RegExp(`${name} is required`));
      assert.throws(() => loadConfig({ ...stripe, [name]: 'nonsense' }), new RegExp(name));
    }
    assert.equal(loadConfig({}).paymentGateway, 'simulated');
    assert.throws(() => loadConfig({ PAYMENT_GATEWAY: 'paypal' }), /PAYMENT_GATEWAY/);
    assert.throws(() => loadConfig({ EXPIRY_SWEEP_INTERVAL: 'often' }), /EXPIRY_SWEEP_INTERVAL/);
  });
});
