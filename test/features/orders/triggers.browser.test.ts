// In Chromium at phone size (issue 9 items 1, 2, 10): choose "I'm on my way" at checkout, change
// to a pickup time on the order page, see the start scheduler start the order at its moment (its
// timer on the injected clock; not a second early) without a reload, and watch a waiting order's
// ETA grow as the queue grows.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startStartScheduler } from '../../../src/features/orders/index.js';
import { ManualTimers } from '../../support/manual-timers.js';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { CARDS, fillBasket, newCustomer, orderRow } from './helpers.js';

async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('when making starts, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  async function checkoutWithCard(page: Awaited<ReturnType<BrowserApp['page']>>) {
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel(/Expiry/).fill('12/30');
    await page.getByLabel(/Security code/).fill('123');
  }

  it('"on my way" at checkout, a pickup time instead, and the start at its moment, live', async () => {
    const t = b.testApp;
    await fillBasket(t, await apiLogin(t.app, 'customer@alpaca.test'));
    const page = await b.page('phone');
    await b.login(page, 'customer@alpaca.test');
    await page.goto(`${b.baseUrl}/checkout`);
    await page.getByLabel("I'm on my way").check();
    await page.getByLabel("I'll be there in (minutes)").fill('15');
    await checkoutWithCard(page);
    await b.screenshot(page, 'checkout-on-my-way-phone');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;
    assert.match(await page.locator('[data-order-live]').innerText(), /You're on your way: arriving about 12:15/);

    await page.getByText('Change when we start making it').click();
    await page.getByLabel('A pickup time').check();
    const slot = await page.locator('#pickupSlot option').nth(1).getAttribute('value');
    await page.locator('#pickupSlot').selectOption(slot!);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('[data-order-live]').innerText(), /Pickup time/);
    await b.screenshot(page, 'order-pickup-time-phone');

    // The moment comes on the injected clock and the app's own start scheduler (its timer on that
    // clock, no direct call) charges the order then, not a second earlier; the page follows by itself.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const moment = (await orderRow(t, orderId)).making_starts_at!.getTime();
    let now = t.deps.clock().getTime();
    const timers = new ManualTimers(() => now);
    const scheduler = startStartScheduler(t.deps, { info: () => {}, warn: () => {} }, { timers, maxSleepMs: 60 * 60_000 });
    try {
      await until(async () => {
        await scheduler.idle();
        return timers.earliest() === moment;
      });
      now = moment - 1000;
      t.setNow(new Date(now));
      timers.fireDue();
      await scheduler.idle();
      assert.equal((await orderRow(t, orderId)).state, 'authorised', 'one second early: not started');
      now = moment;
      t.setNow(new Date(now));
      timers.fireDue();
      await page.waitForSelector('[data-order-state="paid"]', { timeout: 10_000 });
    } finally {
      await scheduler.stop();
    }
    assert.equal((await orderRow(t, orderId)).checked_in_at?.getTime(), moment, 'started at its moment');
    assert.match(await page.locator('[data-order-live]').innerText(), /Ready about/);
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload happened');
  });

  it("a waiting order's ETA grows, live, as the queue grows", async () => {
    const t = b.testApp;
    const me = await apiLogin(t.app, 'customer@alpaca.test');
    await fillBasket(t, me);
    const page = await b.page('phone');
    await b.login(page, 'customer@alpaca.test');
    await page.goto(`${b.baseUrl}/checkout`);
    await checkoutWithCard(page);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const before = Number(await page.locator('[data-eta-minutes]').getAttribute('data-eta-minutes'));

    // Two other customers order 20 lattes each and check in: 40 drinks ahead at 12 per 5 minutes.
    for (const name of ['Ada', 'Alan']) {
      const other = await newCustomer(t, name);
      await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: other, payload: { store: 'colchester' } });
      await t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: other, payload: { product: 'latte', quantity: 20 } });
      const placed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { ...other, 'idempotency-key': randomUUID() },
        payload: { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' } },
      });
      assert.equal(placed.statusCode, 201, placed.body);
      const paid = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${placed.json().order.id}/check-in`, headers: other });
      assert.equal(paid.json().state, 'paid');
    }
    await page.waitForFunction((was) => Number(document.querySelector('[data-eta-minutes]')?.getAttribute('data-eta-minutes')) > was + 10, before, {
      timeout: 15_000,
    });
    const afterMinutes = Number(await page.locator('[data-eta-minutes]').getAttribute('data-eta-minutes'));
    assert.ok(afterMinutes >= before + 15, `${before} → ${afterMinutes} minutes`);
    await b.screenshot(page, 'order-eta-grown-phone');
  });
});
