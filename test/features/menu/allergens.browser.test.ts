// In Chromium at phone size (issue 9 item 6): the menu's allergen filter is a form that works
// without JavaScript (?without=milk), says how many items it hid, marks what "can be made without
// milk", and keeps the "may contain" notice in view; the product page lists the drink's allergens as
// customised and updates them live as options change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';

describe('allergens, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  /** The names the product page says the drink contains (what is visible, not what is in the markup). */
  const shownAllergens = (page: Page) => page.locator('[data-allergen-list] li:visible').allInnerTexts();
  const productNames = (page: Page) => page.locator('.product-card__name').allInnerTexts();

  it('the menu filter without JavaScript: hides what always has milk, says how many, marks the adaptable, keeps the notice', async () => {
    const page = await b.page('phone', { javaScriptEnabled: false });
    await page.goto('/stores/colchester');
    const everything = await productNames(page);
    assert.ok(everything.includes('Butter Croissant') && everything.includes('Latte'));
    const notice = page.locator('[data-may-contain]').first();
    assert.match(await notice.innerText(), /^May contain: any of the 14 allergens/);
    assert.equal(await notice.isVisible(), true, 'the notice shows before any filter');

    await page.getByText('Allergens: filter the menu').click();
    await page.getByRole('checkbox', { name: 'Milk' }).check();
    await page.getByRole('button', { name: 'Show the menu' }).click();
    await page.waitForURL('**/stores/colchester?without=milk');

    const shown = await productNames(page);
    const hidden = everything.length - shown.length;
    assert.ok(hidden > 0, 'something is hidden');
    assert.equal(
      await page.locator('[data-allergen-summary]').innerText(),
      `Showing what can be made without milk. ${hidden} items hidden: they contain it whatever you choose. Items marked “can be made without” open with safe options chosen.`,
    );
    assert.equal(shown.includes('Butter Croissant'), false, 'a croissant always has milk');
    assert.equal(shown.includes('Caramel Macchiato'), false, 'milk is in the recipe');
    const latte = page.locator('.product-card').filter({ has: page.locator('.product-card__name', { hasText: /^Latte$/ }) });
    assert.equal(await latte.locator('.product-card__adaptable').innerText(), 'Can be made without milk');
    assert.equal(await page.locator('[data-may-contain]').first().isVisible(), true, 'the notice stays with a filter on');
    assert.match(await page.getByText(/^Allergens: without milk$/).innerText(), /without milk/);
    await b.screenshot(page, 'menu-without-milk-phone', { fullPage: false });

    // The latte opens with a milk that has none chosen for the customer, and says so.
    await latte.getByRole('link').click();
    await page.waitForURL('**/products/latte?without=milk');
    assert.match(
      await page.locator('.product [data-message-kind="info"]').innerText(),
      /Can be made without milk: we have chosen options without milk for you\./,
    );
    assert.equal(await page.getByRole('radio', { name: /^Oat/ }).isChecked(), true, 'the first milk without milk in it');
    assert.deepEqual(await shownAllergens(page), ['Cereals containing gluten'], 'the chosen safe milk brings gluten, not milk');
    assert.notEqual(await page.getByRole('radio', { name: /^Semi-Skimmed/ }).isChecked(), true);

    // Clear takes the filter off.
    await page.goto('/stores/colchester?without=milk');
    await page.getByText('Allergens: without milk').click();
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL('**/stores/colchester');
    assert.equal((await productNames(page)).length, everything.length);
    await page.close();
  });

  it("the product page's allergens follow the options as they change (JavaScript)", async () => {
    const page = await b.page('phone');
    await page.goto('/stores/colchester/products/latte');
    assert.deepEqual(await shownAllergens(page), ['Milk'], 'semi-skimmed by default');
    assert.match(await page.locator('.drink-allergens [data-may-contain]').innerText(), /^May contain:/);

    await page.getByRole('radio', { name: /^Soy/ }).check();
    assert.deepEqual(await shownAllergens(page), ['Soya']);
    await page.getByRole('radio', { name: /^Almond/ }).check();
    assert.deepEqual(await shownAllergens(page), ['Tree nuts']);
    await page.getByRole('checkbox', { name: /^Whipped Cream/ }).check();
    assert.deepEqual(await shownAllergens(page), ['Milk', 'Tree nuts'], 'a topping brings milk back');
    await page.getByRole('checkbox', { name: /^Whipped Cream/ }).uncheck();
    await page.getByRole('radio', { name: /^Coconut/ }).check();
    assert.deepEqual(await shownAllergens(page), ['None of the 14 UK allergens']);
    await b.screenshot(page, 'product-allergens-live-phone');

    // Without JavaScript, "Update total" shows the same.
    const noJs = await b.page('phone', { javaScriptEnabled: false });
    await noJs.goto('/stores/colchester/products/latte');
    await noJs.getByRole('radio', { name: /^Almond/ }).check();
    await noJs.getByRole('button', { name: 'Update total' }).click();
    await noJs.getByRole('radio', { name: /^Almond/, checked: true }).waitFor();
    assert.deepEqual(await shownAllergens(noJs), ['Tree nuts']);
    await noJs.close();
    await page.close();
  });
});
