// The README's customer screenshots (docs/screenshots/customer-*.png), taken at phone width in
// Chromium with what each should show asserted first. Written to .test-tmp/screenshots/ like every
// browser test's; to refresh the README's copies:
//   TEST_FILES=test/features/customer-screenshots.browser.test.ts scripts/test browser
//   cp .test-tmp/screenshots/customer-*.png docs/screenshots/
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../support/browser.js';
import { OPEN_HOURS } from '../support/test-app.js';
import { CARDS } from './orders/helpers.js';

// Phone width at 1× (small files for the README); the journey tests cover the 2× touch phone.
const PHONE = { width: 390, height: 844 };

describe('README screenshots of the customer pages', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  /** The demo customer (email confirmed, so no banner), on a phone. Each test places its own order. */
  async function customer(): Promise<Page> {
    const page = await b.page(PHONE);
    await b.login(page, 'customer@alpaca.test');
    return page;
  }

  async function addLatte(page: Page) {
    await page.goto('/stores/colchester/products/latte');
    await page.getByRole('radio', { name: /^Oat/ }).check();
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
  }

  /** Whatever an earlier test left in the demo customer's basket goes, one line at a time. */
  async function emptyBasket(page: Page) {
    await page.goto('/basket');
    while ((await page.getByRole('button', { name: /^Remove / }).count()) > 0) {
      await page
        .getByRole('button', { name: /^Remove / })
        .first()
        .click();
      await page.waitForURL('**/basket');
    }
  }

  async function typeCard(page: Page, number: string) {
    await page.getByLabel('Card number').fill(number);
    await page.getByLabel(/Expiry/).fill('12/30');
    await page.getByLabel(/Security code/).fill('123');
  }

  it('menu with its ETA, checkout with the three timing choices, the order on its way and at a pickup time', async () => {
    const page = await customer();
    await page.goto('/stores/colchester');
    assert.match(await page.locator('.menu-header .eta').innerText(), /ready in about \d+ min/);
    await b.screenshot(page, 'customer-menu', { fullPage: false });

    await addLatte(page);
    await page.goto('/checkout');
    for (const choice of ["When I'm here", "I'm on my way", 'A pickup time']) assert.equal(await page.getByLabel(choice).count(), 1, choice);
    await page.getByLabel("I'm on my way").check();
    await page.getByLabel("I'll be there in (minutes)").fill('12');
    await b.screenshot(page, 'customer-checkout');

    await typeCard(page, CARDS.ok);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('.order-state').innerText(), /^On your way — ready about \d\d:\d\d$/);
    await b.screenshot(page, 'customer-order-on-my-way', { fullPage: false });

    await page.getByText('Change when we start making it').click();
    await page.getByLabel('A pickup time').check();
    await page.locator('#pickupSlot').selectOption({ index: 3 });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('.order-state').innerText(), /^Pickup at \d\d:\d\d$/);
    assert.match(await page.locator('.order-events').innerText(), /Changed to a pickup time: \d\d:\d\d/);
    await b.screenshot(page, 'customer-order-pickup', { fullPage: false });
  });

  it('a refused charge recovered from the order page', async () => {
    const page = await customer();
    await addLatte(page);
    await page.goto('/checkout');
    await typeCard(page, CARDS.captureFails);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: "I'm here" }).click();
    await page.locator('[data-order-pay]').waitFor();
    assert.equal(await page.locator('.order-state').innerText(), 'Payment needed');
    await b.screenshot(page, 'customer-needs-payment');
  });

  it('a closed store, said before anything is typed, taking a pickup order for when it opens', async () => {
    const page = await customer();
    await addLatte(page);
    b.testApp.setNow(new Date('2026-11-25T19:30:00Z'));
    try {
      await page.goto('/checkout');
      assert.match(await page.locator('[data-store-state="closed"]').innerText(), /closed right now\. It opens Thursday at 07:00/);
      assert.equal(await page.getByLabel('A pickup time').isChecked(), true);
      await b.screenshot(page, 'customer-closed-store');
    } finally {
      b.testApp.setNow(OPEN_HOURS);
    }
  });
  it('favourites, "Order again" asking first, and a basket line edited in place', async () => {
    const page = await customer();
    await emptyBasket(page);
    for (const [product, milk] of [
      ['flat-white', /^Soy/],
      ['latte', /^Oat/],
    ] as const) {
      await page.goto(`/stores/colchester/products/${product}`);
      await page.getByRole('radio', { name: milk }).check();
      await page.getByRole('button', { name: 'Save as favourite' }).click();
      await page.locator('.flash[data-message-kind="success"]').waitFor();
    }
    await page.goto('/favourites');
    assert.deepEqual(
      (await page.locator('.favourite .line-summary__name').allInnerTexts()).map((t) => t.trim()),
      ['★ 1 × Latte', '★ 1 × Flat White'],
    );
    await b.screenshot(page, 'customer-favourites', { fullPage: false });

    await page.goto('/stores/colchester/products/americano');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
    await page.goto('/favourites');
    await page.getByRole('button', { name: 'Order Latte again' }).click();
    await page.getByRole('heading', { name: 'Your basket already has 1 item' }).waitFor();
    await b.screenshot(page, 'customer-order-again', { fullPage: false });
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/basket');

    await page.getByRole('link', { name: 'Edit Latte' }).click();
    await page.waitForURL(/\/basket\/lines\/\d+\/edit$/);
    assert.equal(await page.getByRole('radio', { name: /^Oat/ }).isChecked(), true);
    assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 1);
    await b.screenshot(page, 'customer-basket-edit', { fullPage: false });
  });

  it('a saved card offered at checkout', async () => {
    const page = await customer();
    await emptyBasket(page);
    await addLatte(page);
    await page.goto('/checkout');
    await typeCard(page, CARDS.ok);
    await page.getByRole('checkbox', { name: 'Save this card for next time' }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await addLatte(page);
    await page.goto('/checkout');
    assert.equal(await page.getByRole('radio', { name: 'Visa ending 4242, expires 12/30' }).isChecked(), true);
    await page.getByRole('group', { name: 'Pay with' }).scrollIntoViewIfNeeded();
    await b.screenshot(page, 'customer-checkout-saved-card', { fullPage: false });
  });

  it('the menu without milk', async () => {
    const page = await customer();
    await page.goto('/stores/colchester?without=milk');
    assert.match(await page.locator('[data-allergen-summary]').innerText(), /^Showing what can be made without milk\. \d+ items hidden/);
    await b.screenshot(page, 'customer-menu-without-milk', { fullPage: false });
  });
});
