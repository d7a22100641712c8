// The kitchen display in headless Chromium on a 1024×768 tablet: staff land on their queue; a new
// order flashes in with its note and the all-day counts; bump a line, bump the order, recall it,
// collect and undo; then the server goes away mid-service — the tablet says so within 5 s, keeps
// the queue, queues the taps made meanwhile and replays them in order when the server is back,
// one of them already done by another tablet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { HANG_MS } from '../../support/hang.js';
import { smallTapTargets } from '../../support/page-checks.js';
import { apiLogin } from '../../support/test-app.js';
import { fillBasket, newCustomer } from '../orders/helpers.js';

const TABLET = { width: 1024, height: 768 };

describe('kitchen display in Chromium (1024×768)', () => {
  let b: BrowserApp;
  let tablet: Page;
  const errors: string[] = [];

  before(async () => {
    b = await startBrowserApp();
    tablet = await b.page(TABLET);
    tablet.on('pageerror', (error) => errors.push(error.message));
    await b.login(tablet, 'barista.colchester@alpaca.test');
    await tablet.waitForURL('**/staff/colchester/queue');
    await tablet.locator('[data-queue][data-live="open"]').waitFor({ timeout: 5000 });
    // The first open replaces the no-JavaScript wording, not only a reconnect.
    await tablet.waitForFunction(() => document.querySelector('[data-live-status]')?.textContent?.startsWith('Live —'), undefined, {
      timeout: 5000,
    });
  });
  after(() => b?.close());

  /** A customer's order, placed with a note and checked in (API), so it is paid and on the queue. */
  async function paidWithNote(firstName: string, note?: string) {
    const customer = await newCustomer(b.testApp, firstName);
    await fillBasket(b.testApp, customer);
    const placed = await b.testApp.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...customer, 'idempotency-key': randomUUID() },
      payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' }, ...(note ? { note } : {}) },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order as { id: string; number: number };
    const checkIn = await b.testApp.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/check-in`, headers: customer });
    assert.equal(checkIn.json().state, 'paid', checkIn.body);
    return order;
  }
  const state = async (id: string) =>
    (await b.testApp.deps.db.writer.selectFrom('orders').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  const making = (id: string) => tablet.locator(`[data-column="making"] .ticket[data-order-id="${id}"]`);
  const ready = (id: string) => tablet.locator(`[data-column="ready"] .ticket[data-order-id="${id}"]`);

  it('has no customer chrome, and shows a new order with a flash, its note and the all-day counts', async () => {
    assert.equal(await tablet.locator('text=Choose a store').count(), 0);
    assert.equal(await tablet.locator('[data-basket-count]').count(), 0);
    const order = await paidWithNote('Nell', 'Nut allergy: no almond');
    const ticket = making(order.id);
    await ticket.waitFor({ timeout: HANG_MS });
    assert.match((await ticket.getAttribute('class')) ?? '', /ticket--new/);
    assert.ok(Number(await tablet.locator('[data-queue]').getAttribute('data-new-orders')) >= 1, 'the screen flashed');
    assert.equal(await ticket.locator('[data-note]').innerText(), 'NOTE: Nut allergy: no almond');
    const allDay = await tablet.locator('[data-all-day]').innerText();
    assert.match(allDay, /2\s+Latte/);
    assert.match(allDay, /1\s+Flat White/);
    assert.deepEqual(await smallTapTargets(tablet, '.tap__button, .staff-nav a'), []);
    await b.screenshot(tablet, 'kds-tablet-new-order', { fullPage: false });
    assert.deepEqual(errors, []);
  });

  it('bumps a line, then the order; recalls it from the last bumped; collects and undoes', async () => {
    const order = await paidWithNote('Otto');
    const ticket = making(order.id);
    await ticket.waitFor({ timeout: HANG_MS });
    await ticket.locator('[data-line="1"] button', { hasText: 'Done' }).click();
    await ticket.locator('[data-line="1"].ticket__line--done').waitFor();
    await tablet.waitForFunction((id) => {
      const line = document.querySelector(`[data-column="making"] .ticket[data-order-id="${id}"] [data-line="1"]`);
      return line && !line.querySelector('form') && line.textContent?.includes('done');
    }, order.id);
    assert.equal(await state(order.id), 'paid');

    await ticket.getByRole('button', { name: /^Ready/ }).click();
    await ready(order.id).waitFor({ timeout: 5000 });
    const recent = tablet.locator(`[data-recent] [data-order-id="${order.id}"]`);
    await recent.getByRole('button', { name: /^Recall/ }).click();
    await making(order.id).waitFor({ timeout: 5000 });
    assert.equal(await state(order.id), 'paid');
    assert.equal(await making(order.id).locator('.ticket__line--done').count(), 0, 'recalled: every line to make again');

    await making(order.id)
      .getByRole('button', { name: /^Ready/ })
      .click();
    await ready(order.id)
      .getByRole('button', { name: /^Collected/ })
      .click();
    await ready(order.id).waitFor({ state: 'detached', timeout: 5000 });
    await tablet.locator('[data-tap-notice] button', { hasText: 'Undo' }).click();
    await ready(order.id).waitFor({ timeout: 5000 });
    assert.equal(await state(order.id), 'ready');
    const emails = await b.testApp.deps.db.writer.selectFrom('outbox').select('id').where('dedupe_key', '=', `email:order-ready:${order.id}`).execute();
    assert.equal(emails.length, 1, 'the customer heard once');
    assert.deepEqual(errors, []);
  });

  it('through a server outage: says so within 5 s, keeps the queue, replays taps in order, "already done on another tablet"', async () => {
    const first = await paidWithNote('Pia');
    const second = await paidWithNote('Quin');
    await making(second.id).waitFor({ timeout: HANG_MS });
    const shownBefore = await tablet.locator('[data-column="making"] .ticket').count();

    // The server goes away: it stops listening and drops every socket, the open event stream included.
    const server = b.testApp.app.server;
    const { port } = server.address() as AddressInfo;
    const cutAt = Date.now();
    server.close();
    server.closeAllConnections();
    await tablet.locator('[data-offline-banner]:not([hidden])').waitFor({ timeout: 5000 });
    const noticedMs = Date.now() - cutAt;
    assert.ok(noticedMs < 5000, `offline shown after ${noticedMs} ms`);
    assert.equal(await tablet.locator('[data-column="making"] .ticket').count(), shownBefore, 'the last known queue stays');

    // Taps made while offline wait in the browser, in order.
    await making(first.id)
      .getByRole('button', { name: /^Ready/ })
      .click();
    await making(second.id)
      .getByRole('button', { name: /^Ready/ })
      .click();
    await tablet.waitForFunction(() => document.querySelector('[data-queue]')?.getAttribute('data-pending') === '2');
    assert.match(await tablet.locator('[data-offline-banner]').innerText(), /2 taps waiting/);
    await b.screenshot(tablet, 'kds-tablet-offline', { fullPage: false });
    // Another tablet, on another instance, gets to the second order first.
    const manager = await apiLogin(b.testApp.app, 'manager.colchester@alpaca.test');
    const elsewhere = await b.testApp.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${second.id}/ready`,
      headers: { ...manager, 'idempotency-key': randomUUID() },
    });
    assert.equal(elsewhere.json().outcome, 'applied');

    // The server is back on the same address: the tablet reconnects and sends its taps.
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const backAt = Date.now();
    await tablet.waitForFunction(() => document.querySelector('[data-queue]')?.getAttribute('data-pending') === '0', undefined, { timeout: 15_000 });
    await tablet.locator('[data-offline-banner]').waitFor({ state: 'hidden' });
    const replayMs = Date.now() - backAt;
    const results = JSON.parse((await tablet.locator('[data-queue]').getAttribute('data-tap-results')) ?? '[]') as { text: string; kind: string }[];
    const last = results.slice(-2);
    assert.deepEqual(last, [
      { text: `Order ${first.number} is ready.`, kind: 'ok' },
      { text: `Order ${second.number}: already done on another tablet.`, kind: 'info' },
    ]);
    assert.equal(await tablet.locator('.queue__notice--error').count(), 0, 'not shown as an error');
    assert.equal(await state(first.id), 'ready');
    assert.equal(await state(second.id), 'ready');
    const readies = await b.testApp.deps.db.writer
      .selectFrom('order_events')
      .select('order_id')
      .where('order_id', 'in', [first.id, second.id])
      .where('transition', '=', 'mark_ready')
      .execute();
    assert.equal(readies.length, 2, 'each order made ready once');
    await ready(first.id).waitFor({ timeout: 5000 });
    console.log(`# offline shown after ${noticedMs} ms; 2 queued taps replayed ${replayMs} ms after the server came back: applied 1, already done 1`);
    assert.deepEqual(errors, []);
  });

  it('works on a phone: one column, the tabs and buttons reachable', async () => {
    const phone = await b.page('phone');
    await b.login(phone, 'manager.colchester@alpaca.test');
    await phone.waitForURL('**/staff/colchester/queue');
    const columns = await phone.locator('.queue__columns').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    assert.equal(columns, 1);
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'no sideways scroll');
    assert.ok(await phone.locator('.staff-nav a', { hasText: 'Opening hours' }).count(), 'a manager sees the hours tab');
    await b.screenshot(phone, 'kds-phone', { fullPage: false });
  });
});
