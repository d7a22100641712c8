// The barista queue in headless Chromium, as on the counter tablet: an order
// appears live when the customer taps "I'm here", is marked ready and collected;
// the Ipswich barista never sees it; a dropped stream catches up by itself.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { HANG_MS } from '../../support/hang.js';
import { lowContrastText, smallTapTargets } from '../../support/page-checks.js';
import { newCustomer, placedOrder } from '../orders/helpers.js';

describe('barista queue in Chromium', () => {
  let b: BrowserApp;
  let counter: Page;
  let ipswich: Page;
  const errors: string[] = [];

  before(async () => {
    b = await startBrowserApp();
    counter = await b.page({ width: 1180, height: 820 }); // a tablet in landscape
    counter.on('pageerror', (error) => errors.push(error.message));
    await b.login(counter, 'barista.colchester@alpaca.test');
    await counter.goto('/staff/colchester/queue');
    await counter.locator('[data-queue][data-live="open"]').waitFor({ timeout: 5000 });

    ipswich = await b.page('desktop');
    await b.login(ipswich, 'barista.ipswich@alpaca.test');
    await ipswich.goto('/staff/ipswich/queue');
    await ipswich.locator('[data-queue][data-live="open"]').waitFor({ timeout: 5000 });
  });
  after(() => b?.close());

  /** A customer places an order (API) and taps "I'm here" on the order page in their own browser. */
  async function customerChecksIn(firstName: string) {
    const auth = await newCustomer(b.testApp, firstName);
    const order = await placedOrder(b.testApp, auth);
    const email =
      (await b.testApp.app.inject({ url: `/api/v1/orders/${order.id}`, headers: auth })).statusCode === 200
        ? (
            await b.testApp.deps.db.writer
              .selectFrom('users')
              .innerJoin('orders', 'orders.user_id', 'users.id')
              .select('users.email')
              .where('orders.id', '=', order.id)
              .executeTakeFirstOrThrow()
          ).email
        : '';
    const page = await b.page('phone');
    await b.login(page, email, 'a-long-enough-password');
    await page.goto(`/orders/${order.id}`);
    return { order, tapImHere: () => page.getByRole('button', { name: "I'm here" }).click(), page };
  }

  it('shows the order when the customer checks in, highlighted, then Ready and Collected move it along', async () => {
    const { order, tapImHere } = await customerChecksIn('Gina');
    const ticket = counter.locator(`[data-column="making"] .ticket[data-order-id="${order.id}"]`);
    assert.equal(await ticket.count(), 0);

    await tapImHere();
    await ticket.waitFor({ timeout: HANG_MS }); // pushed over the live stream: no reload happens
    assert.match((await ticket.getAttribute('class')) ?? '', /ticket--new/);
    assert.match(await ticket.innerText(), /Gina H\./);
    assert.match(await ticket.innerText(), /2 ×\s*Latte/);
    assert.match(await ticket.innerText(), /Milk: Oat/);
    const making = await counter.locator('[data-column="making"] .ticket').count(); // whatever earlier tests left
    assert.equal(await counter.locator('[data-count="making"]').innerText(), String(making));
    await b.screenshot(counter, 'queue-tablet-new-order', { fullPage: false });

    await ticket.getByRole('button', { name: /^Ready/ }).click();
    const ready = counter.locator(`[data-column="ready"] .ticket[data-order-id="${order.id}"]`);
    await ready.waitFor({ timeout: 3000 });
    assert.equal(await ticket.count(), 0);
    await b.screenshot(counter, 'queue-tablet-ready', { fullPage: false });

    await ready.getByRole('button', { name: /^Collected/ }).click();
    await ready.waitFor({ state: 'detached', timeout: 3000 });
    const row = await b.testApp.deps.db.writer.selectFrom('orders').select('state').where('id', '=', order.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'completed');

    assert.equal(await ipswich.locator(`.ticket[data-order-id="${order.id}"]`).count(), 0, 'the Ipswich barista never saw it');
    assert.equal(await ipswich.locator('[data-count="making"]').innerText(), '0');
    assert.deepEqual(errors, []);
  });

  it('catches up after the stream drops: a ticket checked in meanwhile appears without a reload', async () => {
    const { order, tapImHere } = await customerChecksIn('Hal');
    await counter.context().setOffline(true);
    b.testApp.app.server.closeAllConnections(); // a network blip: every socket to the app drops
    await counter.locator('[data-queue][data-live="reconnecting"]').waitFor({ timeout: 3000 });
    await tapImHere();
    await counter.context().setOffline(false);
    await counter.locator(`[data-column="making"] .ticket[data-order-id="${order.id}"]`).waitFor({ timeout: 8000 });
    await counter.locator('[data-queue][data-live="open"]').waitFor({ timeout: 5000 });
    assert.deepEqual(errors, []);
  });

  it('is readable and easy to tap: contrast, 44px targets, the sound toggle', async () => {
    assert.deepEqual(await lowContrastText(counter), []);
    assert.deepEqual(await smallTapTargets(counter, '.ticket__button, .staff-nav a'), []);
    const toggle = counter.getByLabel('Sound for new orders');
    assert.equal(await toggle.isVisible(), true);
    await toggle.check();
    assert.equal(await counter.evaluate(() => localStorage.getItem('alpaca.queue.sound')), 'on');
    assert.deepEqual(errors, []);
  });

  it('works without JavaScript: the forms move the ticket', async () => {
    const { order, tapImHere } = await customerChecksIn('Ivy');
    await tapImHere();
    const page = await b.page('desktop', { javaScriptEnabled: false });
    await b.login(page, 'manager.colchester@alpaca.test');
    await page.goto('/staff/colchester/queue');
    const ticket = page.locator(`.ticket[data-order-id="${order.id}"]`);
    await ticket.getByRole('button', { name: /^Ready/ }).click();
    await page.waitForURL('**/staff/colchester/queue');
    assert.match(await page.locator('.flash').innerText(), new RegExp(`Order ${order.number} is ready`));
    assert.equal(await page.locator(`[data-column="ready"] .ticket[data-order-id="${order.id}"]`).count(), 1);
  });
});
