// In Chromium: place an order through the checkout form, tap "I'm here", and
// watch the order page change to "ready" and "collected" without a reload when
// the barista moves it on (SSE + order-live.js).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { fillBasket, post } from './helpers.js';

describe('the order page in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  it('places, checks in, and follows the barista live', async () => {
    const t = b.testApp;
    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    await fillBasket(t, customer);

    const page = await b.page('phone');
    await b.login(page, 'customer@alpaca.test');
    await page.goto(`${b.baseUrl}/checkout`);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/30');
    await page.getByLabel('Security code (CVC)').fill('123');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;
    await page.getByRole('button', { name: "I'm here" }).click();
    await page.waitForSelector('[data-order-state="paid"]');
    await b.screenshot(page, 'order-paid-phone');

    // From here on the page must change by itself.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    assert.equal((await post(t, barista, `/api/v1/orders/${orderId}/ready`)).statusCode, 200);
    await page.waitForSelector('[data-order-state="ready"]', { timeout: 10_000 });
    assert.match(await page.locator('[data-order-live]').innerText(), /ready at the counter/i);
    await b.screenshot(page, 'order-ready-phone');
    assert.equal((await post(t, barista, `/api/v1/orders/${orderId}/collected`)).statusCode, 200);
    await page.waitForSelector('[data-order-state="completed"]', { timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload happened');
  });
});
