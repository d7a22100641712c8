// In Chromium at phone size (issue 9 item 5): a basket line is edited in place. "Edit" opens the
// product form with the line's options and quantity filled in; saving updates the line, or merges it
// with an identical one; the − / + steppers change the quantity, with and without JavaScript.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';

describe('editing a basket line, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  async function add(page: Page, product: string, milk: RegExp, quantity = 1) {
    await page.goto(`/stores/colchester/products/${product}`);
    await page.getByRole('radio', { name: milk }).check();
    await page.getByRole('spinbutton', { name: 'Quantity' }).fill(String(quantity));
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
  }

  /** "quantity × name (options) total" per basket line, as shown. */
  async function lines(page: Page): Promise<string[]> {
    // No named helper inside: tsx's __name wrapper does not exist in the page.
    return page.locator('.basket-line').evaluateAll((rows) =>
      rows.map((row) => {
        const [name, options, total] = ['.line-summary__name', '.line-summary__options', '[data-line-total]'].map(
          (selector) => row.querySelector(selector)?.textContent?.trim() ?? '',
        );
        const quantity = (row.querySelector('.qty-input') as HTMLInputElement | null)?.value ?? '';
        return `${quantity} × ${name} (${options}) ${total}`;
      }),
    );
  }

  for (const javaScript of [true, false]) {
    it(`Edit opens the form filled in; saving updates the line or merges it; the steppers step${javaScript ? '' : ' (no JavaScript)'}`, async () => {
      const page = await b.page('phone', { javaScriptEnabled: javaScript });
      await page.goto('/stores/colchester');
      await add(page, 'latte', /^Oat/, 2);
      await add(page, 'latte', /^Whole/, 1);
      await page.goto('/basket');
      assert.deepEqual(await lines(page), ['2 × Latte (Oat · Single · Regular) £7.70', '1 × Latte (Whole · Single · Regular) £3.40']);

      // Edit the oat latte: the product form opens with its choices and quantity.
      await page.getByRole('link', { name: 'Edit Latte' }).first().click();
      await page.waitForURL(/\/basket\/lines\/\d+\/edit$/);
      assert.equal(await page.getByRole('radio', { name: /^Oat/ }).isChecked(), true, 'the line’s milk');
      assert.equal(await page.getByRole('spinbutton', { name: 'Quantity' }).inputValue(), '2');
      assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Add to basket' }).count(), 0, 'it edits, it does not add');
      if (javaScript) await b.screenshot(page, 'basket-line-edit-phone');

      // Change it to a double shot, 3 of them: the same line, updated.
      await page.getByRole('radio', { name: /^Double/ }).check();
      await page.getByRole('spinbutton', { name: 'Quantity' }).fill('3');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL('**/basket');
      assert.equal(await page.locator('.flash').first().innerText(), 'Updated: 3 × Latte (Oat, Double, Regular).');
      assert.deepEqual(await lines(page), ['3 × Latte (Oat · Double · Regular) £13.35', '1 × Latte (Whole · Single · Regular) £3.40']);

      // Edit the whole-milk one into the same drink as the first: the two lines become one.
      await page.getByRole('link', { name: 'Edit Latte' }).nth(1).click();
      await page.waitForURL(/\/basket\/lines\/\d+\/edit$/);
      await page.getByRole('radio', { name: /^Oat/ }).check();
      await page.getByRole('radio', { name: /^Double/ }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL('**/basket');
      assert.deepEqual(await lines(page), ['4 × Latte (Oat · Double · Regular) £17.80'], 'merged with the identical line');

      // The steppers: − and + change the quantity by one and reprice the line.
      await page.getByRole('button', { name: 'One fewer Latte' }).click();
      await page.locator('.qty-input[value="3"]').waitFor();
      assert.deepEqual(await lines(page), ['3 × Latte (Oat · Double · Regular) £13.35']);
      await page.getByRole('button', { name: 'One more Latte' }).click();
      await page.locator('.qty-input[value="4"]').waitFor();
      assert.deepEqual(await lines(page), ['4 × Latte (Oat · Double · Regular) £17.80']);
      assert.equal(await page.locator('[data-basket-count]').innerText(), '4', 'the header counts the drinks');
      // − is off at 1.
      for (let n = 4; n > 1; n--) {
        await page.getByRole('button', { name: 'One fewer Latte' }).click();
        await page.locator(`.qty-input[value="${n - 1}"]`).waitFor();
      }
      assert.equal(await page.getByRole('button', { name: 'One fewer Latte' }).isDisabled(), true, '− is off at 1');
      if (javaScript) await b.screenshot(page, 'basket-stepper-phone');
      await page.close();
    });
  }
});
