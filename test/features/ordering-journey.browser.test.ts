// The customer's ordering journey in headless Chromium (issue 2, item 10), with and
// without JavaScript, plus phone and desktop screenshots of every step under
// .test-tmp/screenshots/. Prices come from the menu API, never from this file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { formatPence } from '../../src/domain/money.js';
import { startBrowserApp, type BrowserApp } from '../support/browser.js';
import { lowContrastText, smallTapTargets } from '../support/page-checks.js';

interface MenuOption {
  slug: string;
  priceDeltaPence: number;
}
interface MenuProduct {
  slug: string;
  pricePence: number;
  groups: { slug: string; options: MenuOption[] }[];
}

const LATTE = '/stores/colchester/products/latte';

describe('ordering journey in Chromium', () => {
  let b: BrowserApp;
  let latte: MenuProduct;
  const delta = (group: string, option: string) => {
    const found = latte.groups.find((g) => g.slug === group)?.options.find((o) => o.slug === option);
    assert.ok(found, `menu API has ${group}/${option} for latte`);
    return found.priceDeltaPence;
  };
  /** base + oat + double, the unit price of the drink the journey builds */
  const unitPence = () => latte.pricePence + delta('milk', 'oat') + delta('shots', 'double');

  before(async () => {
    b = await startBrowserApp();
    const response = await fetch(`${b.baseUrl}/api/v1/stores/colchester/menu`);
    assert.equal(response.status, 200);
    const menu = (await response.json()) as { categories: { products: MenuProduct[] }[] };
    const found = menu.categories.flatMap((c) => c.products).find((p) => p.slug === 'latte');
    assert.ok(found, 'latte is on the Colchester menu');
    latte = found;
  });
  after(() => b?.close());

  /** Fails the test on any uncaught error in the page's scripts. */
  function watchErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return errors;
  }

  it('chooses Colchester, customises a latte, and sees 2 × (latte + oat + double) in the basket and at checkout', async () => {
    const page = await b.page('phone');
    const errors = watchErrors(page);

    await page.goto('/');
    await b.screenshot(page, 'home-phone');
    await page.getByRole('button', { name: 'Order from Alpaca Cafe Colchester' }).click();
    await page.waitForURL('**/stores/colchester');
    assert.match(await page.locator('.flash').innerText(), /ordering from Colchester/);
    await b.screenshot(page, 'menu-phone', { fullPage: false });
    await b.screenshot(page, 'menu-phone-full');

    await page.locator(`a[href="${LATTE}"]`).click();
    await page.waitForURL(`**${LATTE}`);
    const total = page.locator('output[data-line-total]');
    assert.equal(await total.innerText(), formatPence(latte.pricePence), 'defaults cost nothing extra');
    assert.equal(await page.getByRole('button', { name: 'Update total' }).isVisible(), false, 'the no-JS button is hidden');

    await page.getByRole('radio', { name: /^Oat/ }).check();
    assert.equal(await total.innerText(), formatPence(latte.pricePence + delta('milk', 'oat')), 'the total follows Oat at once');
    await page.getByRole('radio', { name: /^Double/ }).check();
    await page.getByRole('button', { name: 'Increase quantity' }).click();
    assert.equal(await page.getByLabel('Quantity', { exact: true }).inputValue(), '2');
    assert.equal(await total.innerText(), formatPence(2 * unitPence()));
    await b.screenshot(page, 'product-phone');

    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
    await page
      .getByRole('status')
      .filter({ hasText: /Added 2 × Latte/ })
      .waitFor(); // announced, not only shown
    assert.equal(await page.locator('[data-basket-count]').innerText(), '2');
    await b.screenshot(page, 'menu-added-phone', { fullPage: false });

    await page.getByRole('link', { name: /^Basket/ }).click();
    await page.waitForURL('**/basket');
    assert.equal(await page.locator('[data-basket-total]').innerText(), formatPence(2 * unitPence()));
    assert.match(await page.locator('.line-summary__options').innerText(), /Oat/);
    await b.screenshot(page, 'basket-phone');

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.waitForURL('**/login?returnTo=%2Fcheckout');
    await b.screenshot(page, 'login-phone');
    await page.getByLabel('Email').fill('customer@alpaca.test');
    await page.getByLabel('Password').fill('alpaca-demo-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/checkout');
    assert.equal(await page.locator('[data-checkout-total]').innerText(), formatPence(2 * unitPence()));
    await b.screenshot(page, 'checkout-phone');
    assert.deepEqual(errors, []);
  });

  it('prices the latte on the server when JavaScript is off ("Update total"), and adds it', async () => {
    const page = await b.page('desktop', { javaScriptEnabled: false });
    await page.goto(LATTE);
    const total = page.locator('output[data-line-total]');
    const update = page.getByRole('button', { name: 'Update total' });
    assert.equal(await update.isVisible(), true, 'the no-JS path shows "Update total"');

    await page.getByRole('radio', { name: /^Oat/ }).check();
    assert.equal(await total.innerText(), formatPence(latte.pricePence), 'nothing recomputes without JS until asked');
    await Promise.all([page.waitForEvent('load'), update.click()]);
    assert.doesNotMatch(page.url(), /[?&]_csrf=/, 'the CSRF token stays out of the URL');
    assert.equal(await total.innerText(), formatPence(latte.pricePence + delta('milk', 'oat')));
    assert.equal(await page.getByRole('radio', { name: /^Oat/ }).isChecked(), true, 'the choice survives the round trip');

    await page.getByRole('radio', { name: /^Double/ }).check();
    await page.getByLabel('Quantity', { exact: true }).fill('2');
    await Promise.all([page.waitForEvent('load'), update.click()]);
    assert.equal(await total.innerText(), formatPence(2 * unitPence()));
    await b.screenshot(page, 'product-nojs-desktop');

    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
    await page.goto('/basket');
    assert.equal(await page.locator('[data-basket-total]').innerText(), formatPence(2 * unitPence()));
  });

  it('stops a multi-choice group at its maximum and keeps tap targets ≥44px with a visible focus ring', async () => {
    const page = await b.page('phone');
    const errors = watchErrors(page);
    await page.goto(LATTE);
    const syrups = page.locator('fieldset[data-group="syrup"] input[type="checkbox"]');
    const max = Number(await page.locator('fieldset[data-group="syrup"]').getAttribute('data-max'));
    assert.ok(max >= 1 && (await syrups.count()) > max, 'latte offers more syrups than may be chosen');
    for (let i = 0; i < max; i++) await syrups.nth(i).check();
    assert.equal(await syrups.nth(max).isDisabled(), true, 'one more than max cannot be ticked');
    await syrups.nth(0).uncheck();
    assert.equal(await syrups.nth(max).isDisabled(), false, 'unticking one frees a place');

    const small = await smallTapTargets(page, '.site-header a, .option, .button, .stepper__button, input[name="quantity"], .breadcrumb a');
    assert.deepEqual(small, [], 'every control is at least 44px tall');

    await page.goto(LATTE); // fresh focus: keyboard from the top
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab'); // the brand
    const outline = (selector: string) =>
      page.evaluate((sel) => {
        const el = sel ? document.activeElement!.closest(sel)! : document.activeElement!;
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      }, selector);
    const brandRing = await outline('');
    assert.equal(brandRing.style, 'solid', 'a focused link shows a ring');
    assert.ok(brandRing.width >= 2, `focus outline is ${brandRing.width}px`);
    await page.getByRole('radio', { name: /^Oat/ }).focus();
    const cardRing = await outline('.option');
    assert.equal(cardRing.style, 'solid', 'a focused option card shows a ring');
    assert.ok(cardRing.width >= 2);
    assert.deepEqual(errors, []);
  });

  it('keeps every text on the journey at WCAG AA contrast', async () => {
    const page = await b.page('phone');
    const check = async (where: string) => assert.deepEqual(await lowContrastText(page), [], `contrast on ${where}`);
    await page.goto('/');
    await check('home');
    await page.getByRole('button', { name: 'Order from Alpaca Cafe Ipswich' }).click();
    await page.waitForURL('**/stores/ipswich');
    await check('the Ipswich menu (with unavailable items)');
    await page.goto('/stores/ipswich/products/latte');
    const syrups = page.locator('fieldset[data-group="syrup"] input[type="checkbox"]:not([disabled])');
    for (let i = 0; i < 3; i++)
      await syrups
        .first()
        .check()
        .catch(() => {}); // fill the group up to its limit
    await check('a product page');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/ipswich');
    await page.goto('/basket');
    await check('the basket');
    await page.goto('/login');
    await page.getByLabel('Email').fill('customer@alpaca.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('.error-summary').waitFor();
    await check('a form with an error');
  });

  it('walks the same pages at desktop width for the screenshots', async () => {
    const page = await b.page('desktop');
    const errors = watchErrors(page);
    await page.goto('/');
    await b.screenshot(page, 'home-desktop');
    await page.getByRole('button', { name: 'Order from Alpaca Cafe Colchester' }).click();
    await page.waitForURL('**/stores/colchester');
    await b.screenshot(page, 'menu-desktop', { fullPage: false });
    await page.goto('/stores/ipswich');
    await b.screenshot(page, 'menu-ipswich-desktop-full');
    await page.goto(LATTE);
    await page.getByRole('radio', { name: /^Oat/ }).check();
    await page.getByRole('radio', { name: /^Double/ }).check();
    await b.screenshot(page, 'product-desktop');
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await page.waitForURL('**/stores/colchester');
    await page.goto('/basket');
    await b.screenshot(page, 'basket-desktop');
    await b.login(page, 'customer@alpaca.test');
    await page.goto('/checkout');
    assert.ok((await page.locator('[data-checkout-total]').innerText()).startsWith('£'));
    await b.screenshot(page, 'checkout-desktop');
    await page.goto('/account');
    await b.screenshot(page, 'account-desktop');
    await page.goto('/register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await b.screenshot(page, 'register-errors-desktop');
    assert.deepEqual(errors, []);
  });
});
