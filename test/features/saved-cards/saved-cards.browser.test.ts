// In Chromium at phone size (issue 9 item 5): "Save this card" at checkout is unticked; a card is
// kept only after its hold succeeds; it is offered at the next checkout and on a needs_payment
// order's pay-again form; the account page lists it and removes it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { CARDS, fillBasket, orderRow } from '../orders/helpers.js';

const PASSWORD = 'a-long-enough-password';

describe('saved cards, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  async function typeCard(page: Page, number: string, expiry = '1230') {
    await page.getByLabel('Card number').fill(number);
    await page.getByLabel(/Expiry/).fill(expiry);
    await page.getByLabel(/Security code/).fill('123');
  }

  const savedCards = (userId: number) =>
    b.testApp.deps.db.writer.selectFrom('saved_cards').select(['brand', 'last4', 'exp_month', 'exp_year']).where('user_id', '=', userId).execute();

  /** A new customer, logged in on a phone, with their API auth for setting things up. */
  async function customer(firstName: string) {
    const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
    const made = await b.testApp.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { firstName, lastName: 'Card', email, password: PASSWORD } });
    assert.equal(made.statusCode, 201, made.body);
    const page = await b.page('phone');
    await b.login(page, email, PASSWORD);
    return { page, userId: made.json().user.id as number, auth: await apiLogin(b.testApp.app, email, PASSWORD) };
  }

  it('saved only when ticked and the hold succeeds; offered, chosen first, at the next checkout; pays with nothing typed', async () => {
    const { page, userId, auth } = await customer('Cara');

    // First checkout: no saved card to choose, and "Save this card" is not ticked for the customer.
    await fillBasket(b.testApp, auth);
    await page.goto('/checkout');
    assert.equal(await page.getByRole('group', { name: 'Pay with' }).count(), 0, 'nothing saved yet');
    const save = page.getByRole('checkbox', { name: 'Save this card for next time' });
    assert.equal(await save.isChecked(), false, 'opt-in, never ticked for the customer');

    // Ticked, but the card is declined: nothing is kept.
    await typeCard(page, CARDS.declined);
    await save.check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /declined/i })
      .first()
      .waitFor();
    assert.deepEqual(await savedCards(userId), [], 'a refused card is not kept');
    assert.equal(await page.locator('[data-message-kind="success"]').count(), 0, 'no success banner on a refusal');

    // Ticked, with a card the gateway holds, but whose capture will fail later: kept as brand, last 4, expiry.
    await typeCard(page, CARDS.captureFails, '11/29');
    await page.getByRole('checkbox', { name: 'Save this card for next time' }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.deepEqual(await savedCards(userId), [{ brand: 'visa', last4: '0341', exp_month: 11, exp_year: 2029 }]);

    // The next checkout offers it, chosen first; a new card is the other choice.
    await fillBasket(b.testApp, auth);
    await page.goto('/checkout');
    const payWith = page.getByRole('group', { name: 'Pay with' });
    assert.equal(await payWith.getByRole('radio', { name: 'Visa ending 0341, expires 11/29' }).isChecked(), true);
    assert.equal(await payWith.getByRole('radio', { name: /A new card/ }).isChecked(), false);
    // The new card's fields step aside while the saved card is chosen, and come back for a new one.
    assert.equal(await page.getByLabel('Card number').isVisible(), false, 'no card fields to fill while a saved card is chosen');
    assert.equal(await page.getByRole('checkbox', { name: 'Save this card for next time' }).isVisible(), false);
    await b.screenshot(page, 'checkout-saved-card-phone');
    await payWith.getByRole('radio', { name: /A new card/ }).check();
    assert.equal(await page.getByLabel('Card number').isVisible(), true);
    await payWith.getByRole('radio', { name: 'Visa ending 0341, expires 11/29' }).check();

    // Paying with it: no card typed.
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const second = await orderRow(b.testApp, page.url().split('/').pop()!);
    assert.equal(second.state, 'authorised');
    assert.equal(second.card_last4, '0341');
  });

  it('a needs_payment order offers the saved card when paying again; the account page lists and removes it', async () => {
    const { page, userId, auth } = await customer('Cole');
    // An order held on a card saved at checkout (API), whose capture is refused at "I'm here".
    await fillBasket(b.testApp, auth);
    const placed = await b.testApp.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...auth, 'idempotency-key': randomUUID() },
      payload: { payment: { card: CARDS.captureFails, expiry: '11/29', cvc: '123', save: true } },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const firstOrder: string = placed.json().order.id;
    assert.deepEqual(await savedCards(userId), [{ brand: 'visa', last4: '0341', exp_month: 11, exp_year: 2029 }]);

    // A capture refused on the first order: its pay-again form offers the saved card too, and a new one.
    await page.goto(`/orders/${firstOrder}`);
    await page.getByRole('button', { name: "I'm here" }).click();
    await page.locator('[data-order-state="needs_payment"]').waitFor();
    const pay = page.locator('[data-order-pay]');
    assert.equal(await pay.getByRole('radio', { name: 'Visa ending 0341, expires 11/29' }).isChecked(), true, 'offered on pay again');
    await b.screenshot(page, 'order-pay-again-saved-card-phone');
    await pay.getByRole('radio', { name: /A new card/ }).check();
    await typeCard(page, CARDS.ok);
    await pay.getByRole('button', { name: /^Pay £/ }).click();
    await page.locator('[data-order-state="paid"]').waitFor();
    assert.equal((await orderRow(b.testApp, firstOrder)).card_last4, '4242');

    // The account page lists it and removes it.
    await page.goto('/account');
    const cards = page.getByRole('region', { name: 'Saved cards' });
    assert.deepEqual(await cards.locator('.saved-card > span').allInnerTexts(), ['Visa ending 0341, expires 11/29']);
    await b.screenshot(page, 'account-saved-cards-phone');
    await cards.getByRole('button', { name: 'Remove Visa ending 0341, expires 11/29' }).click();
    await page.waitForURL('**/account');
    assert.equal(await page.locator('.flash').first().innerText(), 'Card removed.');
    assert.match(await page.getByRole('region', { name: 'Saved cards' }).innerText(), /No saved cards\./);
    assert.deepEqual(await savedCards(userId), []);
  });
});
