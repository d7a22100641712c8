// Saved cards with the simulated gateway (decision 323): opt-in at checkout, chosen at checkout and
// on pay again, listed and removed on the account page and the API; only brand, last 4, expiry and a
// token are stored; erasure deletes them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, NEW_PASSWORD, newCustomer } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { redirectedTo } from '../../support/html.js';
import { fillBasket, type Auth } from '../orders/helpers.js';

describe('saved cards', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const place = (auth: Auth, payment: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'idempotency-key': randomUUID() }, payload: { payment } });
  const cards = async (auth: Auth) => (await call(t.app, 'GET', '/api/v1/account/cards', { headers: auth })).json();

  it('saves a card only when asked and only if held; stores no number; pays with it later; someone else cannot', async () => {
    const { auth } = await newCustomer(t.app, 'Sal');
    await fillBasket(t, auth);
    assert.equal((await place(auth, { card: '4242424242424242', expiry: '12/30', cvc: '123' })).statusCode, 201);
    assert.deepEqual(await cards(auth), [], 'not asked: not saved');
    await fillBasket(t, auth);
    assert.equal((await place(auth, { card: '4000000000000002', expiry: '12/30', cvc: '123', save: true })).statusCode, 402);
    assert.deepEqual(await cards(auth), [], 'declined: not saved');
    const saving = await place(auth, { card: '4242424242424242', expiry: '11/31', cvc: '123', save: true });
    assert.equal(saving.statusCode, 201, saving.body);
    const [card] = await cards(auth);
    assert.deepEqual({ ...card, id: 0 }, { id: 0, brand: 'visa', last4: '4242', expMonth: 11, expYear: 2031 });
    const { rows } = await sql<{ row: string }>`SELECT row_to_json(c)::text AS row FROM saved_cards c`.execute(t.deps.db.writer);
    assert.ok(rows.length > 0);
    for (const { row } of rows) assert.doesNotMatch(row, /424242424242|4242 4242/, 'no card number stored');

    await fillBasket(t, auth);
    const paid = await place(auth, { savedCard: card.id });
    assert.equal(paid.statusCode, 201, paid.body);
    assert.deepEqual([paid.json().order.state, paid.json().order.payment.brand, paid.json().order.payment.last4], ['authorised', 'visa', '4242']);

    const other = await newCustomer(t.app, 'Tom');
    await fillBasket(t, other.auth);
    const theirs = await unchanged(t.deps.db.writer, () => place(other.auth, { savedCard: card.id }));
    assertApiError(theirs, 400, 'invalid', 'payment.savedCard');
    assertApiError(await call(t.app, 'DELETE', `/api/v1/account/cards/${card.id}`, { headers: other.auth }), 404, 'not_found');
    assert.equal((await call(t.app, 'DELETE', `/api/v1/account/cards/${card.id}`, { headers: auth })).statusCode, 204);
    assert.deepEqual(await cards(auth), []);
  });

  it('checkout offers the saved cards (first preselected), "a new card" and an unticked "Save this card"; the account page removes one', async () => {
    const customer = await newCustomer(t.app, 'Una');
    await fillBasket(t, customer.auth);
    await place(customer.auth, { card: '5555555555554444', expiry: '10/32', cvc: '123', save: true });
    const browser = new Browser(t.app);
    await browser.login(customer.email, NEW_PASSWORD);
    await fillBasket(t, customer.auth);
    const checkout = await browser.get('/checkout');
    assert.match(checkout.body, /name="savedCard" value="\d+" checked\/><span class="option__name">Mastercard ending 4444, expires 10\/32</);
    assert.match(checkout.body, /name="savedCard" value="new"\/>/);
    assert.match(checkout.body, /<input id="saveCard" type="checkbox" name="saveCard" value="on"\/> Save this card for next time/);
    const [card] = await cards(customer.auth);
    const placed = await browser.post('/orders', { idempotencyKey: randomUUID(), savedCard: String(card.id), when: 'here' });
    assert.match(redirectedTo(placed), /^\/orders\//);
    const account = await browser.get('/account');
    assert.match(account.body, /Mastercard ending 4444, expires 10\/32/);
    assert.equal(redirectedTo(await browser.post(`/account/cards/${card.id}/remove`)), '/account');
    assert.match((await browser.get('/account')).body, /No saved cards/);
  });

  it('pays a needs_payment order again with a saved card from its page', async () => {
    const customer = await newCustomer(t.app, 'Vic');
    await fillBasket(t, customer.auth);
    await place(customer.auth, { card: '4242424242424242', expiry: '12/30', cvc: '123', save: true });
    await fillBasket(t, customer.auth);
    const refused = await place(customer.auth, { card: '4000000000000341', expiry: '12/30', cvc: '123' });
    const orderId = refused.json().order.id;
    await call(t.app, 'POST', `/api/v1/orders/${orderId}/check-in`, { headers: customer.auth });
    const browser = new Browser(t.app);
    await browser.login(customer.email, NEW_PASSWORD);
    const page = await browser.get(`/orders/${orderId}`);
    assert.match(page.body, /Visa ending 4242, expires 12\/30/);
    const [card] = await cards(customer.auth);
    redirectedTo(await browser.post(`/orders/${orderId}/pay`, { idempotencyKey: randomUUID(), savedCard: String(card.id) }));
    const order = (await call(t.app, 'GET', `/api/v1/orders/${orderId}`, { headers: customer.auth })).json();
    assert.equal(order.state, 'paid');
  });

  it('paying again with a new card saves it when asked, as checkout does: from the page (an unticked box) and the API (payment.save); a refused one is not', async () => {
    const customer = await newCustomer(t.app, 'Xan');
    const refusedOrder = async () => {
      await fillBasket(t, customer.auth);
      const refused = await place(customer.auth, { card: '4000000000000341', expiry: '12/30', cvc: '123' });
      const orderId: string = refused.json().order.id;
      await call(t.app, 'POST', `/api/v1/orders/${orderId}/check-in`, { headers: customer.auth });
      return orderId;
    };
    const browser = new Browser(t.app);
    await browser.login(customer.email, NEW_PASSWORD);
    const first = await refusedOrder();
    const page = await browser.get(`/orders/${first}`);
    assert.match(page.body, /<input id="saveCard" type="checkbox" name="saveCard" value="on"\/> Save this card for next time/);
    // Not ticked: not saved.
    redirectedTo(await browser.post(`/orders/${first}/pay`, { idempotencyKey: randomUUID(), cardNumber: '4242424242424242', expiry: '12/30', cvc: '123' }));
    assert.equal((await call(t.app, 'GET', `/api/v1/orders/${first}`, { headers: customer.auth })).json().state, 'paid');
    assert.deepEqual(await cards(customer.auth), []);
    // Ticked, but the new card is declined: not saved, and the box stays ticked for the next card.
    const second = await refusedOrder();
    const declined = await browser.post(`/orders/${second}/pay`, {
      idempotencyKey: randomUUID(),
      cardNumber: '4000000000000002',
      expiry: '12/30',
      cvc: '123',
      saveCard: 'on',
    });
    assert.equal(declined.statusCode, 402);
    assert.match(declined.body, /<input id="saveCard" type="checkbox" name="saveCard" value="on" checked\/>/);
    assert.deepEqual(await cards(customer.auth), []);
    // Ticked and held: saved (brand, last 4, expiry), and the order paid.
    redirectedTo(
      await browser.post(`/orders/${second}/pay`, {
        idempotencyKey: randomUUID(),
        cardNumber: '5555555555554444',
        expiry: '10/32',
        cvc: '123',
        saveCard: 'on',
      }),
    );
    assert.equal((await call(t.app, 'GET', `/api/v1/orders/${second}`, { headers: customer.auth })).json().state, 'paid');
    assert.deepEqual(
      (await cards(customer.auth)).map((c: { brand: string; last4: string }) => `${c.brand} ${c.last4}`),
      ['mastercard 4444'],
    );
    // The API: payment.save on /pay.
    const third = await refusedOrder();
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${third}/pay`,
      headers: { ...customer.auth, 'idempotency-key': randomUUID() },
      payload: { payment: { card: '4242424242424242', expiry: '11/31', cvc: '123', save: true } },
    });
    assert.equal(paid.statusCode, 200, paid.body);
    assert.deepEqual((await cards(customer.auth)).map((c: { last4: string }) => c.last4).sort(), ['4242', '4444']);
  });

  it('erasing the account deletes its saved cards, gateway customer and favourites', async () => {
    const customer = await newCustomer(t.app, 'Wyn');
    await fillBasket(t, customer.auth);
    const held = await place(customer.auth, { card: '4242424242424242', expiry: '12/30', cvc: '123', save: true });
    await call(t.app, 'POST', `/api/v1/orders/${held.json().order.id}/cancel`, { headers: customer.auth });
    await call(t.app, 'POST', '/api/v1/favourites', { headers: customer.auth, payload: { product: 'latte' } });
    const count = async (table: 'saved_cards' | 'payment_customers' | 'favourites') =>
      Number(
        (
          await t.deps.db.writer
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', customer.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.deepEqual([await count('saved_cards'), await count('payment_customers'), await count('favourites')], [1, 1, 1]);
    const erased = await call(t.app, 'POST', '/api/v1/account/deletion', { headers: customer.auth, payload: { password: NEW_PASSWORD } });
    assert.ok(erased.statusCode < 300, erased.body);
    assert.deepEqual([await count('saved_cards'), await count('payment_customers'), await count('favourites')], [0, 0, 0]);
  });
});
