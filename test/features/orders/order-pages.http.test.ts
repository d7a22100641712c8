// The no-JavaScript journey through forms: checkout "Place order" → order page →
// "I'm here" → the staff page → account history → order again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { fieldError, flash, flashKind, inputTag, redirectedTo } from '../../support/html.js';
import { CARDS, count, orderRow } from './helpers.js';

const hiddenKey = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

describe('order pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function customer(name = 'Ada') {
    const browser = new Browser(t.app);
    const registered = await browser.post('/register', {
      firstName: name,
      lastName: 'Byron',
      email: `${name.toLowerCase()}.${randomBytes(4).toString('hex')}@example.com`,
      password: 'correct horse battery',
      returnTo: '/',
    });
    assert.equal(registered.statusCode, 303);
    return browser;
  }

  async function withBasket(browser: Browser) {
    const add = await browser.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'oat', quantity: '2' });
    assert.equal(add.statusCode, 303, add.body.slice(0, 300));
    return browser;
  }

  async function checkout(browser: Browser, card: string = CARDS.ok, fields: Record<string, string> = {}) {
    const page = await browser.get('/checkout');
    assert.equal(page.statusCode, 200);
    const key = hiddenKey(page.body);
    assert.ok(key, 'the checkout form carries an idempotency key');
    return { key: key!, response: await browser.post('/orders', { idempotencyKey: key!, cardNumber: card, expiry: '12/30', cvc: '123', ...fields }) };
  }

  it('places an order from the checkout form and shows the order page with "I\'m here"', async () => {
    const browser = await withBasket(await customer());
    const { key, response } = await checkout(browser);
    const location = redirectedTo(response);
    assert.match(location, /^\/orders\/[0-9a-f-]{36}$/);
    const page = await browser.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(flash(page.body) ?? '', /placed/);
    assert.match(page.body, />I'm here</);
    assert.match(page.body, /<noscript><meta http-equiv="refresh" content="15"\/?><\/noscript>/);
    assert.match(page.body, /src="\/static\/order-live.js"/);
    assert.match(page.body, /data-order-events="\/api\/v1\/orders\/[0-9a-f-]{36}\/events\?queue=true"/);
    assert.match(page.body, /ending 4242/);
    // A second click on the same form is the same order.
    const again = await browser.post('/orders', { idempotencyKey: key, cardNumber: CARDS.ok, expiry: '12/30', cvc: '123' });
    assert.equal(redirectedTo(again), location);

    const checkedIn = await browser.post(`${location}/check-in`);
    assert.equal(redirectedTo(checkedIn), location);
    const paid = await browser.get(location);
    assert.match(flash(paid.body) ?? '', /Payment taken/);
    assert.match(paid.body, /data-order-state="paid"/);
    assert.doesNotMatch(paid.body, />I'm here</);
  });

  it('a declined card re-shows checkout (402) with the reason; the basket is kept; no card number echoed', async () => {
    const browser = await withBasket(await customer());
    const { response } = await checkout(browser, CARDS.declined);
    assert.equal(response.statusCode, 402);
    assert.match(response.body, /Your card was declined\./);
    assert.doesNotMatch(response.body, new RegExp(CARDS.declined));
    assert.ok(hiddenKey(response.body), 'a fresh key for the next attempt');
    const basket = await browser.get('/basket');
    assert.match(basket.body, /Latte/);
  });

  it('bad card details re-show checkout (400) with errors beside the fields, and create nothing', async () => {
    const browser = await withBasket(await customer());
    const before = await count(t, 'orders');
    const { response } = await checkout(browser, '1234567812345678', { expiry: '01/21', cvc: '1' });
    assert.equal(response.statusCode, 400);
    assert.ok(fieldError(response.body, 'cardNumber'));
    assert.ok(fieldError(response.body, 'expiry'));
    assert.ok(fieldError(response.body, 'cvc'));
    // What was typed is shown again to be corrected, not typed twice.
    assert.match(inputTag(response.body, 'cardNumber'), /value="1234567812345678"/);
    assert.match(inputTag(response.body, 'expiry'), /value="01\/21"/);
    assert.equal(await count(t, 'orders'), before);
  });

  it('a store paused after checkout opened: checkout again (409) with the reason and the card still typed in', async () => {
    const browser = await withBasket(await customer());
    const page = await browser.get('/checkout');
    await t.deps.db.writer.updateTable('stores').set({ paused: true }).where('slug', '=', 'colchester').execute();
    try {
      const response = await browser.post('/orders', { idempotencyKey: hiddenKey(page.body)!, cardNumber: CARDS.ok, expiry: '1230', cvc: '123' });
      assert.equal(response.statusCode, 409);
      assert.match(response.body, /<div class="message message--error error-summary" role="alert"[^>]*><div class="message__body"><p>[^<]*paused new orders/);
      assert.match(inputTag(response.body, 'cardNumber'), new RegExp(`value="${CARDS.ok}"`));
      assert.match(inputTag(response.body, 'expiry'), /value="1230"/);
      assert.match(inputTag(response.body, 'cvc'), /value="123"/);
    } finally {
      await t.deps.db.writer.updateTable('stores').set({ paused: false }).where('slug', '=', 'colchester').execute();
    }
  });

  const orderState = async (location: string) => (await orderRow(t, location.split('/').pop()!)).state;

  it("another customer's order page is not found; cancel works from the page", async () => {
    const owner = await withBasket(await customer());
    const location = redirectedTo((await checkout(owner)).response);
    const stranger = await customer('Eve');
    assert.equal((await stranger.get(location)).statusCode, 404);
    assert.equal((await stranger.post(`${location}/cancel`)).statusCode, 404);
    assert.equal((await stranger.get(`${location}/cancel`)).statusCode, 404);
    // Cancel asks first, on a page of its own (no JavaScript needed); "keep" goes back.
    const question = await owner.get(`${location}/cancel`);
    assert.equal(question.statusCode, 200);
    assert.match(question.body, /Cancel order \d+\?/);
    assert.match(question.body, new RegExp(`<form method="post" action="${location}/cancel"`));
    assert.match(question.body, new RegExp(`href="${location}">No, keep my order`));
    assert.equal(await orderState(location), 'authorised', 'asking changes nothing');
    assert.equal(redirectedTo(await owner.post(`${location}/cancel`)), location);
    const page = await owner.get(location);
    assert.match(page.body, /data-order-state="cancelled"/);
    assert.equal(flashKind(page.body), 'success');
    // Asking again about a cancelled order goes back to it.
    assert.equal(redirectedTo(await owner.get(`${location}/cancel`)), location);
    assert.doesNotMatch(page.body, /http-equiv="refresh"/, 'a closed order stops refreshing');
  });

  it("the store queue shows the paid order; the barista marks it ready (the customer's page follows) and collected; others are refused", async () => {
    const owner = await withBasket(await customer('Cleo'));
    const location = redirectedTo((await checkout(owner)).response);
    const orderId = location.split('/').pop()!;
    await owner.post(`${location}/check-in`);
    const number = (await orderRow(t, orderId)).number;

    const barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    const list = await barista.get('/staff/colchester/queue');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`#${number}</span> <span class="ticket__customer">Cleo B\\.`));
    assert.equal(redirectedTo(await barista.post(`/staff/colchester/queue/${orderId}/ready`)), '/staff/colchester/queue');
    assert.match((await owner.get(location)).body, /data-order-state="ready"/);
    await barista.post(`/staff/colchester/queue/${orderId}/collected`);
    assert.equal((await orderRow(t, orderId)).state, 'completed');

    const ipswich = new Browser(t.app);
    await ipswich.login('barista.ipswich@alpaca.test');
    assert.equal((await ipswich.get('/staff/colchester/queue')).statusCode, 403);
    assert.equal((await owner.get('/staff/colchester/queue')).statusCode, 403);
  });

  it('the account page lists past orders with state and total; "Order again" refills the basket and reports what it cannot', async () => {
    const browser = await withBasket(await customer('Nora'));
    const add = await browser.post('/basket/lines', { store: 'colchester', product: 'flat-white', quantity: '1' });
    assert.equal(add.statusCode, 303);
    const location = redirectedTo((await checkout(browser)).response);
    const orderId = location.split('/').pop()!;
    const number = (await orderRow(t, orderId)).number;

    const account = await browser.get('/account');
    assert.match(account.body, new RegExp(`Order ${number}`));
    assert.match(account.body, /order-state--authorised/);
    assert.match(account.body, /£/);

    // Flat whites are off at Colchester now.
    await t.deps.db.writer
      .updateTable('store_products')
      .set({ available: false })
      .where('product_id', '=', (eb) => eb.selectFrom('products').select('id').where('slug', '=', 'flat-white'))
      .execute();
    try {
      const again = await browser.post(`/orders/${orderId}/reorder`);
      assert.equal(redirectedTo(again), '/basket');
      const basket = await browser.get('/basket');
      assert.match(flash(basket.body) ?? '', /Added to your basket: 2 × Latte/);
      assert.match(flash(basket.body) ?? '', /Not added: Flat White \(Flat White is not available/);
      assert.match(basket.body, /Oat/);
    } finally {
      await t.deps.db.writer.updateTable('store_products').set({ available: true }).execute();
    }
  });
});
