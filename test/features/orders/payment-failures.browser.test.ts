// In Chromium at phone size (issue 9 items 4 and 10): a card declined at checkout is an attempt,
// not an order (the basket and what was chosen are kept; another card works), and a capture
// refused when making starts is paid again with another card from the order page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { CARDS, fillBasket, orderRow } from './helpers.js';

const PASSWORD = 'a-long-enough-password';

describe('payment failures, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  /** A new customer with lattes in their basket, logged in on a phone. */
  async function customerWithBasket(firstName: string): Promise<{ page: Page; userId: number }> {
    const t = b.testApp;
    const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { firstName, lastName: 'Pay', email, password: PASSWORD } });
    assert.equal(made.statusCode, 201, made.body);
    await fillBasket(t, await apiLogin(t.app, email, PASSWORD));
    const page = await b.page('phone');
    await b.login(page, email, PASSWORD);
    return { page, userId: made.json().user.id };
  }

  async function typeCard(page: Page, number: string) {
    await page.getByLabel('Card number').fill(number);
    await page.getByLabel(/Expiry/).fill('1230');
    await page.getByLabel(/Security code/).fill('123');
  }

  const ordersOf = (userId: number) =>
    b.testApp.deps.db.writer.selectFrom('orders').select(['id', 'state']).where('user_id', '=', userId).orderBy('created_at').execute();

  it('a declined card: an attempt, not an order; the basket, the note and the timing are kept; another card works', async () => {
    const { page, userId } = await customerWithBasket('Dora');
    await page.goto('/checkout');
    const total = await page.locator('[data-checkout-total]').innerText();
    await page.getByLabel("I'm on my way").check();
    await page.getByLabel("I'll be there in (minutes)").fill('12');
    await page.getByLabel(/note/i).fill('No lid, please');
    await typeCard(page, CARDS.declined);
    await page.getByRole('button', { name: 'Place order' }).click();

    const alert = page.getByRole('alert').filter({ hasText: /declined/i });
    await alert.waitFor();
    assert.match(await alert.innerText(), /not been charged/);
    assert.doesNotMatch(await alert.innerText(), /\.\./, 'no double full stop');
    assert.equal((await page.locator('[data-message-kind="error"]').count()) > 0, true, 'an error, never a success banner');
    assert.equal(await page.locator('[data-message-kind="success"]').count(), 0);
    await b.screenshot(page, 'checkout-declined-phone');
    // What was chosen and typed is still there, except the refused card's number.
    assert.equal(await page.getByLabel("I'm on my way").isChecked(), true, 'the timing choice is kept');
    assert.equal(await page.getByLabel("I'll be there in (minutes)").inputValue(), '12');
    assert.equal(await page.getByLabel(/note/i).inputValue(), 'No lid, please');
    assert.equal(await page.getByLabel('Card number').inputValue(), '', 'the declined card is not offered again');
    assert.equal(await page.locator('[data-checkout-total]').innerText(), total, 'the basket is untouched');

    // An attempt for audit, not an order in the customer's history.
    assert.deepEqual(
      (await ordersOf(userId)).map((o) => o.state),
      ['declined'],
    );
    const account = await b.page('phone');
    await account.context().addCookies(await page.context().cookies());
    await account.goto('/account');
    assert.equal(await account.locator('.account-order').count(), 0, 'history lists no declined attempt');
    await account.close();

    await typeCard(page, CARDS.ok);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('.order-state').innerText(), /On your way — ready about \d\d:\d\d/);
    assert.equal(await page.locator('[data-basket-count]').innerText(), '0', 'the basket became the order');
    assert.deepEqual(
      (await ordersOf(userId)).map((o) => o.state),
      ['declined', 'authorised'],
    );
    await page.goto('/account');
    assert.equal(await page.locator('.account-order').count(), 1, 'one order in the history');
  });

  it('a capture refused at "I\'m here": needs payment, a declined second card, then another card pays and it goes to the baristas', async () => {
    const { page } = await customerWithBasket('Rex');
    await page.goto('/checkout');
    await typeCard(page, CARDS.captureFails);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;

    await page.getByRole('button', { name: "I'm here" }).click();
    await page.locator('[data-order-state="needs_payment"]').waitFor();
    assert.equal(await page.locator('.order-state').innerText(), 'Payment needed');
    assert.match(await page.locator('[data-order-live] [data-message-kind="error"]').innerText(), /not been charged.*another card.*till/s);
    assert.equal((await orderRow(b.testApp, orderId)).state, 'needs_payment');
    const pay = page.locator('[data-order-pay]');
    assert.match(await pay.getByRole('heading').innerText(), /Pay with another card/);
    await b.screenshot(page, 'order-needs-payment-phone');

    // A second refusal keeps the customer on the same page with the same one next step.
    await typeCard(page, CARDS.declined);
    await pay.getByRole('button', { name: /^Pay £/ }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /declined|refused/i })
      .first()
      .waitFor();
    assert.equal((await orderRow(b.testApp, orderId)).state, 'needs_payment');
    assert.equal(await page.locator('[data-order-pay]').count(), 1, 'the form is still there');

    await typeCard(page, CARDS.ok);
    await page
      .locator('[data-order-pay]')
      .getByRole('button', { name: /^Pay £/ })
      .click();
    await page.locator('[data-order-state="paid"]').waitFor();
    assert.match(await page.locator('.flash[data-message-kind="success"]').innerText(), /Paid with the card ending 4242/);
    assert.equal(await page.locator('[data-order-pay]').count(), 0, 'nothing left to pay');
    const row = await orderRow(b.testApp, orderId);
    assert.equal(row.state, 'paid');
    assert.equal(row.card_last4, '4242');
    const events = await b.testApp.deps.db.writer
      .selectFrom('order_events')
      .select(['from_state', 'to_state'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
    assert.deepEqual(events.map((e) => `${e.from_state ?? ''}→${e.to_state}`).slice(-3), [
      'capturing→needs_payment',
      'needs_payment→capturing',
      'capturing→paid',
    ]);
    await b.screenshot(page, 'order-paid-again-phone');
  });
});
