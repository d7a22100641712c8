// No dead end after a refused capture (issue 9 item 4, decision 317): the order waits in
// needs_payment and the customer pays with another card — a new hold, then its capture — through
// POST /api/v1/orders/{id}/pay or the form on the order page. Each void names the hold it releases,
// so the refused hold is released and the new one (charged) never is.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertApiError } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { flash, flashKind, inputTag, redirectedTo } from '../../support/html.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { type Auth, bank, CARDS, newCustomer, orderRow, outbox, placedOrder, post } from './helpers.js';

function pay(t: TestApp, auth: Auth, id: string, card: string, key: string | null = randomUUID(), extra: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${id}/pay`,
    headers: { ...auth, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: { payment: { card, expiry: '12/30', cvc: '123', ...extra } },
  });
}

describe('pay again with another card', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A customer's order whose capture was refused at check-in. */
  async function refusedOrder(name = 'Nell') {
    const auth = await newCustomer(t, name);
    const order = await placedOrder(t, auth, CARDS.captureFails);
    const checkIn = await post(t, auth, `/api/v1/orders/${order.id}/check-in`);
    assertApiError(checkIn, 402, 'payment_declined');
    assert.match(checkIn.json().error.message, /POST \/api\/v1\/orders\/\{id\}\/pay/);
    assert.doesNotMatch(checkIn.json().error.message, /\.\./);
    return { auth, order, refusedHold: (await orderRow(t, order.id)).payment_reference! };
  }

  it('a refused capture, then another card: a new hold, captured; the refused hold released, the new one never', async () => {
    const { auth, order, refusedHold } = await refusedOrder();
    const captures = bank(t).ledger.captures;
    const response = await pay(t, auth, order.id, CARDS.ok);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().state, 'paid');
    const row = await orderRow(t, order.id);
    assert.notEqual(row.payment_reference, refusedHold);
    assert.equal(row.payment_attempt, 2);
    assert.equal(row.card_last4, '4242');
    assert.equal(row.paid_with, 'card');
    assert.equal(bank(t).ledger.captures, captures + 1);
    // The refused hold's void names it; delivered after the order moved to the new hold, it releases
    // the refused one and leaves the charged one alone.
    const voids = (await outbox(t, order.id)).filter((r) => r.kind === 'payment-void');
    assert.deepEqual(
      voids.map((v) => [v.payload['reference'], v.payload['attempt']]),
      [[refusedHold, 1]],
    );
    await t.outbox.drainOnce();
    assert.equal(bank(t).ledger.holds.get(refusedHold)?.status, 'cancelled');
    assert.equal(bank(t).ledger.holds.get(row.payment_reference!)?.status, 'captured');
    const effects = (await outbox(t, order.id)).map((r) => r.dedupeKey);
    assert.ok(effects.includes(`ticket:${order.id}`), 'the ticket goes to the store once paid');
  });

  it('the same Idempotency-Key again answers with the order it paid; a new key on a paid order is 409', async () => {
    const { auth, order } = await refusedOrder('Olive');
    const key = randomUUID();
    assert.equal((await pay(t, auth, order.id, CARDS.ok, key)).statusCode, 200);
    const captures = bank(t).ledger.captureCalls;
    const again = await pay(t, auth, order.id, CARDS.ok, key);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().state, 'paid');
    assert.equal(bank(t).ledger.captureCalls, captures, 'no second charge');
    assertApiError(await pay(t, auth, order.id, CARDS.ok), 409, 'order_not_payable');
  });

  it('a declined new card: 402, still waiting for payment, then a good card pays', async () => {
    const { auth, order } = await refusedOrder('Pip');
    const declined = await pay(t, auth, order.id, CARDS.declined);
    assertApiError(declined, 402, 'payment_declined');
    assert.match(declined.json().error.message, /^Your card was declined\. You have not been charged\./);
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'needs_payment');
    assert.equal(row.pay_again_claim, null, 'the claim is given back');
    assert.equal((await pay(t, auth, order.id, CARDS.ok)).json().state, 'paid');
    assert.equal((await orderRow(t, order.id)).payment_attempt, 3, 'the declined hold was counted: its keys are never reused');
  });

  it('a second refused capture: 402, needs_payment again, its own void and its own email', async () => {
    const { auth, order } = await refusedOrder('Quin');
    assertApiError(await pay(t, auth, order.id, CARDS.captureFails), 402, 'payment_declined');
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'needs_payment');
    const keys = (await outbox(t, order.id)).map((r) => r.dedupeKey);
    assert.ok(keys.includes(`payment-void:${order.id}`) && keys.includes(`payment-void:${order.id}:2`), keys.join(', '));
    assert.ok(keys.includes(`email:payment-failed:${order.id}`) && keys.includes(`email:payment-failed:${order.id}:2`), keys.join(', '));
  });

  it('bad input changes nothing: no key, a bad card, someone else; an order not waiting for payment is 409', async () => {
    const { auth, order } = await refusedOrder('Rex');
    const stranger = await newCustomer(t, 'Eve');
    const before = await orderRow(t, order.id);
    await unchanged(t.deps.db.writer, async () => {
      assertApiError(await pay(t, auth, order.id, CARDS.ok, null), 400, 'invalid', 'Idempotency-Key');
      assertApiError(await pay(t, auth, order.id, '4242424242424241'), 400, 'invalid', 'payment.card');
      assertApiError(await pay(t, auth, order.id, CARDS.ok, randomUUID(), { expiry: '13/30' }), 400, 'invalid', 'payment.expiry');
      assertApiError(await pay(t, stranger, order.id, CARDS.ok), 404, 'not_found');
    });
    assert.deepEqual(await orderRow(t, order.id), before);
    const authorised = await placedOrder(t, stranger);
    assertApiError(await pay(t, stranger, authorised.id, CARDS.ok), 409, 'order_not_payable');
    assert.equal((await orderRow(t, authorised.id)).state, 'authorised');
  });

  it('the order page offers "pay with another card" (no JavaScript, no self-refresh); a decline shows again, a good card pays', async () => {
    const browser = new Browser(t.app);
    const email = `tess.${randomUUID().slice(0, 8)}@example.test`;
    await browser.post('/register', { firstName: 'Tess', lastName: 'T', email, password: 'correct horse battery', returnTo: '/' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
    const checkout = await browser.get('/checkout');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(checkout.body)![1]!;
    const location = redirectedTo(await browser.post('/orders', { idempotencyKey: key, cardNumber: CARDS.captureFails, expiry: '12/30', cvc: '123' }));
    await browser.get(location); // the order page as placed (its "placed" flash shown)
    assert.equal(redirectedTo(await browser.post(`${location}/check-in`)), location);
    const page = await browser.get(location);
    // Said once, by the page itself (an error with the reason and the next step), not by a flash as well.
    assert.equal(flashKind(page.body), undefined, 'no flash repeating the page');
    assert.equal(page.body.match(/take the payment/g)?.length, 1, 'one "we could not take the payment"');
    assert.match(page.body, /data-message-kind="error"[\s\S]*We couldn't take the payment\./);
    assert.match(page.body, new RegExp(`<form method="post" action="${location}/pay"`));
    assert.doesNotMatch(page.body, /http-equiv="refresh"/, 'a card being typed is never reloaded away');
    assert.match(inputTag(page.body, 'cardNumber'), /inputmode="numeric"/);

    const payKey = () => /action="[^"]+\/pay"[\s\S]*?name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const declined = await browser.post(`${location}/pay`, { idempotencyKey: payKey(), cardNumber: CARDS.declined, expiry: '1230', cvc: '123' });
    assert.equal(declined.statusCode, 402);
    assert.match(declined.body, /class="message message--error error-summary" role="alert"/);
    assert.match(declined.body, /Your card was declined\. You have not been charged\. Try another card, or pay at the till\./);

    const paid = await browser.post(`${location}/pay`, { idempotencyKey: randomUUID(), cardNumber: CARDS.ok, expiry: '12 / 30', cvc: '123' });
    assert.equal(redirectedTo(paid), location);
    const after = await browser.get(location);
    assert.equal(flashKind(after.body), 'success');
    assert.match(flash(after.body) ?? '', /Paid with the card ending 4242/);
    assert.match(after.body, /data-order-state="paid"/);
    assert.match(after.body, /Card: Visa ending 4242/, 'the brand as customers write it');
    assert.doesNotMatch(after.body, /\/pay"/);
  });
});
