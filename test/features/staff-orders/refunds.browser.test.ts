// Refunds in Chromium on a 1024×768 tablet (issue 10 items 6 and 10): a manager refunds one line of
// a paid order, then the rest, from the staff order page; both refunds show there and on the
// customer's own order page, and the full refund takes the order off the queue.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { apiLogin } from '../../support/test-app.js';
import { fillBasket, orderRow, place, post } from '../orders/helpers.js';

const TABLET = { width: 1024, height: 768 };
const PASSWORD = 'a-long-enough-password';

describe('refunds, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  it('a manager refunds one line, then the rest; the staff and customer order pages both show it', async () => {
    const t = b.testApp;
    const email = `refund.${randomUUID().slice(0, 8)}@example.test`;
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { firstName: 'Rufus', lastName: 'Fund', email, password: PASSWORD } });
    assert.equal(made.statusCode, 201, made.body);
    const customer = await apiLogin(t.app, email, PASSWORD);
    await fillBasket(t, customer);
    const placed = await place(t, customer);
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order as { id: string; number: number; totalPence: number; lines: { name: string; unitPence: number }[] };
    assert.equal((await post(t, customer, `/api/v1/orders/${order.id}/check-in`)).json().state, 'paid');

    const staff = await b.page(TABLET);
    await b.login(staff, 'manager.colchester@alpaca.test');
    await staff.goto(`/staff/colchester/orders/${order.id}`);
    const quantities = staff.locator('input[name^="qty."]');
    assert.equal(await quantities.count(), order.lines.length, 'one quantity per line');
    await quantities.first().fill('1');
    await staff.getByLabel('Reason (the customer sees it)').fill('Too cold');
    await staff.getByRole('button', { name: 'Refund the items chosen' }).click();
    await staff.waitForURL(new RegExp(`/staff/colchester/orders/${order.id}$`));
    const first = order.lines[0]!;
    const message = staff.locator('[data-message-kind="success"]');
    assert.match(await message.innerText(), new RegExp(`Refunded £${(first.unitPence / 100).toFixed(2)} on order ${order.number}`));
    const refunds = staff.locator('.refund-list__item');
    assert.equal(await refunds.count(), 1);
    assert.match(await refunds.first().innerText(), new RegExp(`Refunded\\s+£${(first.unitPence / 100).toFixed(2)} to the card · 1 × ${first.name}`));
    assert.match(await refunds.first().innerText(), /Reason: Too cold/);
    assert.equal((await orderRow(t, order.id)).state, 'paid', 'a partial refund keeps the order on the queue');
    await b.screenshot(staff, 'refund-line-staff-tablet');

    const left = order.totalPence - first.unitPence;
    await staff.getByLabel('Reason (the customer sees it)').fill('Closed early');
    await staff.getByRole('button', { name: `Refund everything left (£${(left / 100).toFixed(2)})` }).click();
    await staff.waitForURL(new RegExp(`/staff/colchester/orders/${order.id}$`));
    assert.equal(await refunds.count(), 2);
    assert.match(await refunds.nth(1).innerText(), new RegExp(`£${(left / 100).toFixed(2)} to the card · `));
    assert.equal(await staff.locator('#refund').count(), 0, 'nothing left to refund: no refund form');
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'refunded', 'a full refund before collection takes it off the queue');
    assert.equal(row.refunded_pence, order.totalPence);
    await b.screenshot(staff, 'refund-full-staff-tablet');

    const mine = await b.page(TABLET);
    await b.login(mine, email, PASSWORD);
    await mine.goto(`/orders/${order.id}`);
    assert.match(await mine.locator('main').innerText(), /This order was refunded in full, back to the card you paid with/);
    const seen = mine.locator('.refund-list__item');
    assert.equal(await seen.count(), 2);
    assert.match(await seen.first().innerText(), /Reason: Too cold/);
    assert.match(await seen.nth(1).innerText(), /Reason: Closed early/);
    assert.equal(await mine.locator('[data-message-kind="error"]').count(), 0);
    await b.screenshot(mine, 'refund-customer-tablet');
  });
});
