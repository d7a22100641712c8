// In Chromium at phone size (issue 9 items 3, 4 and 10): a closed store is seen on the chooser, the
// menu, the basket and checkout before anything is typed, and still takes a pickup order after it
// opens without losing what was typed; a paused store sends the basket to another store with every
// line checked there; a sold-out line is flagged and removed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { OPEN_HOURS } from '../../support/test-app.js';

const PASSWORD = 'a-long-enough-password';
// Wednesday 25 November 2026, 19:30 in London: Colchester closed, opens Thursday morning.
const EVENING = new Date('2026-11-25T19:30:00Z');

describe('store state before anything is typed, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  const db = () => b.testApp.deps.db.writer;

  /** A new customer, registered and logged in through the pages, on a phone. */
  async function newCustomer(firstName: string): Promise<Page> {
    const page = await b.page('phone');
    await page.goto('/register');
    await page.getByLabel('First name').fill(firstName);
    await page.getByLabel('Last name').fill('Store');
    await page.getByLabel('Email').fill(`${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/register'), page.getByRole('button', { name: 'Create account' }).click()]);
    return page;
  }

  async function addFromMenu(page: Page, store: string, product: string) {
    await page.goto(`/stores/${store}/products/${product}`);
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL(`**/stores/${store}`);
  }

  const storeState = (page: Page) => page.locator('[data-store-state]').first();

  it('closed: said on the chooser, menu, basket and checkout; a pickup after it opens is the one choice, and a refusal keeps what was typed', async () => {
    const page = await newCustomer('Clem');
    await addFromMenu(page, 'colchester', 'latte');
    b.testApp.setNow(EVENING);
    try {
      await page.goto('/stores');
      assert.match(await page.locator('.store-card', { hasText: 'Colchester' }).locator('.status').innerText(), /^Closed now · opens Thursday at 07:00/);
      await b.screenshot(page, 'stores-closed-phone');
      for (const url of ['/stores/colchester', '/basket', '/checkout']) {
        await page.goto(url);
        assert.match(await storeState(page).innerText(), /Colchester is closed right now\. It opens Thursday at 07:00\./, url);
        assert.equal(await storeState(page).getAttribute('data-message-kind'), 'warning', `${url}: a warning, not a success`);
      }
      // Checkout: only a pickup time, on the next opening day; "Place order" stays usable.
      assert.equal(await page.getByLabel("When I'm here").count(), 0);
      assert.equal(await page.getByLabel('A pickup time').isChecked(), true);
      const slots = page.locator('#pickupSlot option');
      assert.match(await slots.first().innerText(), /^Thu 26 Nov, 0[78]:\d\d$/);
      assert.equal(await page.getByRole('button', { name: 'Place order' }).isDisabled(), false);
      assert.equal(await page.locator('.eta').count(), 0, 'no "if we start now" time while closed');
      await b.screenshot(page, 'checkout-closed-phone');

      // A refusal (a bad expiry) shows everything typed again: slot, note and card.
      const slot = await slots.nth(2).getAttribute('value');
      await page.locator('#pickupSlot').selectOption(slot!);
      await page.getByLabel(/note/i).fill('Oat milk if you have it');
      await page.getByLabel('Card number').fill('4242 4242 4242 4242');
      await page.getByLabel(/Expiry/).fill('13/99');
      await page.getByLabel(/Security code/).fill('123');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page
        .locator('.field-error', { hasText: /expiry/i })
        .first()
        .waitFor();
      assert.equal(await page.locator('#pickupSlot').inputValue(), slot);
      assert.equal(await page.getByLabel(/note/i).inputValue(), 'Oat milk if you have it');
      assert.equal((await page.getByLabel('Card number').inputValue()).replace(/\s/g, ''), '4242424242424242');

      await page.getByLabel(/Expiry/).fill('12/30');
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      const slotTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(slot!),
      );
      assert.equal(await page.locator('.order-state').innerText(), `Pickup at Thu 26 Nov, ${slotTime}`);
      await b.screenshot(page, 'order-pickup-tomorrow-phone');
    } finally {
      b.testApp.setNow(OPEN_HOURS);
    }
  });

  it('paused: "Place order" disabled with the reason; the basket moves to another store, each line checked there', async () => {
    const page = await newCustomer('Paz');
    await addFromMenu(page, 'colchester', 'latte');
    await addFromMenu(page, 'colchester', 'eggnog-latte'); // not made at Ipswich (seed)
    await db()
      .updateTable('stores')
      .set({ paused: true, paused_until: new Date('2026-11-25T12:30:00Z') })
      .where('slug', '=', 'colchester')
      .execute();
    try {
      await page.goto('/stores');
      assert.match(await page.locator('.store-card', { hasText: 'Colchester' }).locator('.status').innerText(), /Busy — not taking orders until 12:30/);
      await page.goto('/checkout');
      assert.match(await storeState(page).innerText(), /paused new orders until 12:30/);
      const place = page.getByRole('button', { name: 'Place order' });
      assert.equal(await place.isDisabled(), true);
      assert.match(await page.locator('#place-order-blocked').innerText(), /paused new orders until 12:30/, 'the disabled button says why');
      await b.screenshot(page, 'checkout-paused-phone');

      await storeState(page).getByRole('link', { name: 'choose another store' }).click();
      await page.waitForURL('**/stores?returnTo=%2Fcheckout');
      await page.getByRole('button', { name: 'Order from Alpaca Cafe Ipswich' }).click();
      // The eggnog latte can't be made at Ipswich: checkout sends the customer to the basket, flagged.
      await page.waitForURL('**/basket');
      assert.match(await page.locator('.basket-line--problem').innerText(), /Eggnog Latte/);
      assert.equal(await page.locator('.basket-line--problem').count(), 1, 'the latte is fine at Ipswich');
      assert.match(await page.locator('.basket-line--problem [role="alert"]').innerText(), /Ipswich|isn't available|not available|can't/i);
      await b.screenshot(page, 'basket-moved-flagged-phone');
      await page.getByRole('button', { name: 'Remove Eggnog Latte' }).click();
      await page.getByRole('link', { name: 'Checkout' }).click();
      await page.waitForURL('**/checkout');
      assert.match(await page.locator('main').innerText(), /Ipswich/);
      assert.equal(await page.getByRole('button', { name: 'Place order' }).isDisabled(), false);
    } finally {
      await db().updateTable('stores').set({ paused: false, paused_until: null }).where('slug', '=', 'colchester').execute();
    }
  });

  it('sold out: the line is flagged in the basket, checkout waits, and removing it lets the order through', async () => {
    const page = await newCustomer('Sol');
    await addFromMenu(page, 'colchester', 'latte');
    await addFromMenu(page, 'colchester', 'flat-white');
    const colchester = await db().selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    const flatWhite = await db().selectFrom('products').select('id').where('slug', '=', 'flat-white').executeTakeFirstOrThrow();
    const setAvailable = (available: boolean) =>
      db().updateTable('store_products').set({ available }).where('store_id', '=', colchester.id).where('product_id', '=', flatWhite.id).execute();
    await setAvailable(false);
    try {
      await page.goto('/checkout');
      await page.waitForURL('**/basket');
      assert.match(await page.locator('.flash').innerText(), /need your attention/);
      const flagged = page.locator('.basket-line--problem');
      assert.equal(await flagged.count(), 1);
      assert.match(await flagged.innerText(), /Flat White/);
      assert.equal(await page.getByRole('link', { name: 'Checkout' }).count(), 0, 'no way to checkout past a flagged line');
      await b.screenshot(page, 'basket-sold-out-phone');
      await page.getByRole('button', { name: 'Remove Flat White' }).click();
      assert.equal(await page.locator('.basket-line--problem').count(), 0);
      await page.getByRole('link', { name: 'Checkout' }).click();
      await page.waitForURL('**/checkout');
      assert.equal(await page.getByRole('button', { name: 'Place order' }).isDisabled(), false);
    } finally {
      await setAvailable(true);
    }
  });
});
