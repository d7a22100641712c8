// The admin's journey in headless Chromium (issue 4, "done when"): add a product
// with an uploaded image, grant a barista role (with JavaScript off: plain forms),
// export the catalogue, and see the day's revenue chart. Screenshots go to
// .test-tmp/screenshots/admin-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { lowContrastText } from '../../support/page-checks.js';
import { parseCsv } from './csv.js';
import { ADMIN, insertOrder, PNG_1X1 } from './helpers.js';

describe('admin journey in Chromium', () => {
  let b: BrowserApp;
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync('.test-tmp/admin-browser-');
    b = await startBrowserApp({ DATA_DIR: dataDir });
  });
  after(async () => {
    await b?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function watchErrors(page: Page): string[] {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return errors;
  }

  it('adds a product with an uploaded image, and customers see it on the menu', async () => {
    const page = await b.page('desktop');
    const errors = watchErrors(page);
    await b.login(page, ADMIN);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'Add a product' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lavender Fog Latte');
    await page.getByLabel('Description').fill('Oat milk, espresso and a spoon of lavender syrup.');
    await page.getByLabel('Price (£)').fill('3.80');
    await page.getByLabel('Category').selectOption({ label: 'Slow Roasted Coffee' });
    await page
      .getByRole('group', { name: /^Recipe/ })
      .getByRole('checkbox', { name: /^Milk/ })
      .check();
    await page.getByLabel('Upload an image').setInputFiles({ name: 'lavender.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await b.screenshot(page, 'admin-product-form');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.waitForURL('**/admin/products');
    await page
      .getByRole('status')
      .filter({ hasText: /Created Lavender Fog Latte/ })
      .waitFor(); // announced
    const row = page.getByRole('row', { name: /Lavender Fog Latte/ });
    assert.match(await row.innerText(), /£3\.80/);
    const image = row.locator('img');
    assert.equal(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 1, 'the uploaded image is served');
    assert.deepEqual(await lowContrastText(page), []);

    const menu = await b.page('phone');
    await menu.goto('/stores/colchester');
    assert.ok(await menu.getByText('Lavender Fog Latte').first().isVisible());
    assert.deepEqual(errors, []);
  });

  it('grants a barista role with plain HTML forms (JavaScript off)', async () => {
    const page = await b.page('desktop', { javaScriptEnabled: false });
    await b.login(page, ADMIN);
    await page.goto('/admin/users');
    await page.getByLabel('Search by name or email').fill('customer@alpaca');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Barista' });
    await page.getByLabel('Store', { exact: true }).selectOption({ label: 'Alpaca Cafe Ipswich' });
    await page.getByRole('button', { name: 'Grant role' }).click();
    await page.getByRole('status').filter({ hasText: 'Granted Barista at Alpaca Cafe Ipswich' }).waitFor();
    assert.ok(await page.getByRole('row', { name: /Barista Alpaca Cafe Ipswich/ }).isVisible());
    await b.screenshot(page, 'admin-user-granted');

    // The grant shows at once: the customer now sees the Ipswich queue link.
    const customer = await b.page('phone');
    await b.login(customer, 'customer@alpaca.test');
    await customer.goto('/');
    assert.ok((await customer.getByRole('link', { name: 'Queue · Ipswich' }).count()) > 0);
  });

  it('exports the catalogue as CSV and JSON Lines downloads', async () => {
    const page = await b.page('desktop');
    await b.login(page, ADMIN);
    await page.goto('/admin/exports');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download CSV/ }).click()]);
    assert.match(csv.suggestedFilename(), /^alpaca-catalogue-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(fs.readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, ''));
    // The seeded latte (£3.40): this test reads no product that another test created.
    const latte = rows.find((r) => r[0] === 'latte');
    assert.deepEqual(latte?.slice(4, 7), ['3.40', 'GBP', '340']);

    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download JSON Lines/ }).click()]);
    const records = fs
      .readFileSync((await jsonl.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(records.find((r) => r.id === 'latte')?.price.value, '3.40');
  });

  it("shows the day's revenue chart with the same numbers in a table", async () => {
    await insertOrder(b.testApp, {
      store: 'colchester',
      email: 'customer@alpaca.test',
      state: 'completed',
      at: '2026-11-25T09:15:00Z',
      lines: [{ product: 'matcha-latte', quantity: 2, unitPence: 380 }],
    });
    await insertOrder(b.testApp, {
      store: 'ipswich',
      email: 'customer@alpaca.test',
      state: 'paid',
      at: '2026-11-25T10:40:00Z',
      lines: [{ product: 'latte', quantity: 1, unitPence: 330 }],
    });
    const page = await b.page('desktop');
    await b.login(page, ADMIN);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reports' }).click();
    const chart = page.getByRole('img', { name: /Revenue per day by store/ });
    assert.ok(await chart.isVisible());
    assert.equal(await chart.locator('rect').count(), 2, 'one bar segment per store for today');
    const today = page.getByRole('row', { name: /^2026-11-25/ });
    assert.match(await today.innerText(), /1\s+£7\.60\s+1\s+£3\.30/);
    assert.match(await page.getByRole('table', { name: 'Top products by revenue' }).innerText(), /Matcha Latte\s+2\s+£7\.60/);
    assert.deepEqual(await lowContrastText(page), []);
    await b.screenshot(page, 'admin-reports');
  });
});
