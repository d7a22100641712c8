// In Chromium at phone size (issue 9 item 5): favourites are saved customised drinks (a star on the
// product page, a star on an order line), listed at /favourites with one-tap "Order again" and
// "Remove"; and "Order again" asks first (replace / add / keep) when the basket holds something.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { placedOrder } from '../orders/helpers.js';

const PASSWORD = 'a-long-enough-password';

describe('favourites and "Order again", in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  /** A new customer logged in on a phone, with their API auth for setting things up. */
  async function customer(firstName: string) {
    const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
    const made = await b.testApp.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { firstName, lastName: 'Fave', email, password: PASSWORD } });
    assert.equal(made.statusCode, 201, made.body);
    const page = await b.page('phone');
    await b.login(page, email, PASSWORD);
    return { page, auth: await apiLogin(b.testApp.app, email, PASSWORD) };
  }

  /** What the basket page lists, one "name — options — quantity" per line. */
  async function basketLines(page: Page): Promise<string[]> {
    await page.goto('/basket');
    return page.locator('.basket-line').evaluateAll((lines) =>
      lines.map((line) => {
        const name = line.querySelector('.line-summary__name')?.textContent?.trim() ?? '';
        const options = line.querySelector('.line-summary__options')?.textContent?.trim() ?? '';
        const quantity = (line.querySelector('.qty-input') as HTMLInputElement | null)?.value ?? '';
        return `${quantity} × ${name}${options ? ` (${options})` : ''}`;
      }),
    );
  }

  const flash = (page: Page) => page.locator('.flash').first();

  it('stars a drink as customised and an order line; /favourites lists both, orders one in one tap, removes one', async () => {
    const { page, auth } = await customer('Fay');
    // Nothing yet: the empty list says how to make one.
    await page.goto('/favourites');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your favourites');
    assert.match(await page.locator('.empty').innerText(), /No favourites yet\./);

    // The product page's star saves the drink as it is customised, not the default.
    await page.goto('/stores/colchester');
    await page.goto('/stores/colchester/products/latte');
    await page.getByRole('radio', { name: /^Oat/ }).check();
    await page.getByRole('radio', { name: /^Double/ }).check();
    await page.getByRole('spinbutton', { name: 'Quantity' }).fill('2');
    await page.getByRole('button', { name: 'Save as favourite' }).click();
    await page.waitForURL('**/stores/colchester/products/latte');
    assert.match(await flash(page).innerText(), /Saved to your favourites/);
    assert.equal(await flash(page).getAttribute('data-message-kind'), 'success');
    // Back on the page the drink is still as starred, so "Add to basket" next adds that drink.
    assert.equal(await page.getByRole('radio', { name: /^Oat/ }).isChecked(), true, 'the chosen milk is kept');
    assert.equal(await page.getByRole('radio', { name: /^Double/ }).isChecked(), true);
    assert.equal(await page.getByRole('spinbutton', { name: 'Quantity' }).inputValue(), '2');
    // It says it is a favourite now (a link to the list, not a second "Save"), and follows the choice:
    // another milk is not one, back to oat it is again.
    const saved = page.getByRole('link', { name: 'Saved as a favourite' });
    const star = page.getByRole('button', { name: 'Save as favourite' });
    assert.deepEqual([await saved.isVisible(), await star.isVisible()], [true, false]);
    await page.getByRole('radio', { name: /^Soy/ }).check();
    assert.deepEqual([await saved.isVisible(), await star.isVisible()], [false, true]);
    await page.getByRole('radio', { name: /^Oat/ }).check();
    assert.deepEqual([await saved.isVisible(), await star.isVisible()], [true, false]);
    assert.equal(await saved.getAttribute('href'), '/favourites');
    await b.screenshot(page, 'favourites-product-star-phone');

    // An order page's line star saves that line.
    const order = await placedOrder(b.testApp, auth);
    await page.goto(`/orders/${order.id}`);
    await b.screenshot(page, 'favourites-order-line-star-phone');
    await page.getByRole('button', { name: 'Save Flat White as a favourite' }).click();
    await page.waitForURL(`**/orders/${order.id}`);
    assert.match(await flash(page).innerText(), /Saved to your favourites/);
    // Both lines are favourites now (the latte as starred above): each says so, none offers to save again.
    assert.equal(await page.locator('.order-lines').getByRole('link', { name: 'Saved as a favourite' }).count(), 2);
    assert.equal(await page.locator('.order-lines .favourite-star').count(), 0);

    await page.goto('/favourites');
    const items = page.locator('.favourite');
    assert.deepEqual(
      (await items.allInnerTexts()).map((t) => t.split('\n')[0]!.trim()),
      ['★ 1 × Flat White', '★ 2 × Latte'],
      'newest first, each with its quantity',
    );
    assert.match(await items.nth(1).locator('.line-summary__options').innerText(), /^Oat · Double/);
    await b.screenshot(page, 'favourites-phone');

    // One tap: the basket was emptied by placing the order, so "Order again" goes straight through.
    await page.getByRole('button', { name: 'Order Latte again' }).click();
    await page.waitForURL('**/basket');
    assert.equal(await flash(page).getAttribute('data-message-kind'), 'success');
    assert.deepEqual(await basketLines(page), ['2 × Latte (Oat · Double · Regular)']);

    // Remove: gone from the list, the other one stays.
    await page.goto('/favourites');
    await page.getByRole('button', { name: 'Remove Flat White from favourites' }).click();
    await page.waitForURL('**/favourites');
    assert.match(await flash(page).innerText(), /Removed from your favourites/);
    assert.deepEqual(
      (await page.locator('.favourite .line-summary__name').allInnerTexts()).map((t) => t.trim()),
      ['★ 2 × Latte'],
    );
  });

  it('"Order again" into a basket that holds something asks: keep, add, or replace', async () => {
    const { page, auth } = await customer('Otto');
    const order = await placedOrder(b.testApp, auth); // 2 × latte (oat, double) and a flat white
    // Something else in the basket now.
    await page.goto('/stores/colchester/products/americano');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
    const before = await basketLines(page);
    assert.equal(before.length, 1);

    // An order still on its way offers "Order again" from the account's history.
    const askAgain = async () => {
      await page.goto('/account');
      await page.locator(`[data-order-id="${order.id}"]`).getByRole('button', { name: 'Order again' }).click();
      await page.getByRole('heading', { name: 'Your basket already has 1 item' }).waitFor();
    };

    await askAgain();
    assert.match(await page.locator('.order-again-choice').innerText(), /It holds 1 × Americano \(£[\d.]+\)\. Order again: 2 × Latte, 1 × Flat White\./);
    for (const name of ['Replace basket', 'Add to basket']) assert.equal(await page.getByRole('button', { name }).count(), 1, name);
    await b.screenshot(page, 'order-again-question-phone');

    // Keep: nothing changes.
    await page.getByRole('link', { name: /Keep my basket/ }).click();
    await page.waitForURL(`**/orders/${order.id}`);
    assert.deepEqual(await basketLines(page), before, 'kept as it was');

    // Add: the order's lines join what is there.
    await askAgain();
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/basket');
    assert.deepEqual(
      (await basketLines(page)).sort(),
      [...before, '2 × Latte (Oat · Double · Regular)', '1 × Flat White (Semi-Skimmed · Single · Regular)'].sort(),
    );

    // Replace: only the order's lines.
    await page.goto('/account');
    await page.locator(`[data-order-id="${order.id}"]`).getByRole('button', { name: 'Order again' }).click();
    await page.getByRole('heading', { name: 'Your basket already has 4 items' }).waitFor();
    await page.getByRole('button', { name: 'Replace basket' }).click();
    await page.waitForURL('**/basket');
    assert.deepEqual((await basketLines(page)).sort(), ['2 × Latte (Oat · Double · Regular)', '1 × Flat White (Semi-Skimmed · Single · Regular)'].sort());
  });

  it('the same question from /favourites, and without JavaScript', async () => {
    const { page } = await customer('Nora');
    const noJs = await b.page('phone', { javaScriptEnabled: false });
    await noJs.context().addCookies(await page.context().cookies());
    await page.close();

    await noJs.goto('/stores/colchester');
    await noJs.goto('/stores/colchester/products/flat-white');
    await noJs.getByRole('radio', { name: /^Soy/ }).check();
    await noJs.getByRole('button', { name: 'Save as favourite' }).click();
    await noJs.waitForURL('**/products/flat-white');
    await noJs.getByRole('button', { name: 'Add to basket' }).click();
    await noJs.waitForURL('**/stores/colchester');

    await noJs.goto('/favourites');
    await noJs.getByRole('button', { name: 'Order Flat White again' }).click();
    await noJs.getByRole('heading', { name: 'Your basket already has 1 item' }).waitFor();
    await noJs.getByRole('button', { name: 'Add to basket' }).click();
    await noJs.waitForURL('**/basket');
    assert.deepEqual(await basketLines(noJs), ['2 × Flat White (Soy · Single · Regular)'], 'the same drink again merges into its line');
  });
});
