// Needs attention in Chromium on a 1024×768 tablet (issue 10 item 4): an order whose charge was
// refused is listed with its three ways out — wait for the customer's new card, mark paid at the
// till (recorded as a till payment, the refused hold released) or cancel and release (a tick
// first); a hold or charge with no answer for over 2 minutes (the test's clock moved on); a line
// sold out after payment, refunded by a manager from the prompt; and the order lookup by number
// and by name, at the staff member's own store only. The HTTP side of each is in
// staff-orders.http.test.ts; this is what a barista and a manager see and tap.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { paidOrder } from '../../support/paid-order.js';
import { apiLogin, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, newCustomer, orderRow, placedOrder, post } from '../orders/helpers.js';

const TABLET = { width: 1024, height: 768 };

describe('needs attention in Chromium (1024×768)', () => {
  let b: BrowserApp;
  let t: TestApp;
  let barista: Page;
  let manager: Page;
  const errors: string[] = [];

  before(async () => {
    b = await startBrowserApp();
    t = b.testApp;
    barista = await b.page(TABLET);
    manager = await b.page(TABLET);
    for (const page of [barista, manager]) page.on('pageerror', (error) => errors.push(error.message));
    await b.login(barista, 'barista.colchester@alpaca.test');
    await b.login(manager, 'manager.colchester@alpaca.test');
  });
  after(() => b?.close());

  /** A customer's order whose charge the bank refused at check-in. */
  async function refused(firstName: string) {
    const customer = await newCustomer(t, firstName);
    const order = await placedOrder(t, customer, CARDS.captureFails);
    await post(t, customer, `/api/v1/orders/${order.id}/check-in`);
    assert.equal((await orderRow(t, order.id)).state, 'needs_payment');
    return { customer, order };
  }
  const item = (page: Page, id: string) => page.locator(`#payment-heading ~ .attention-list .attention-item[data-order-id="${id}"]`);

  it('a refused charge: wait for the new card, mark paid at the till, or cancel and release', async () => {
    const waiting = await refused('Wanda');
    const till = await refused('Tilda');
    const cancel = await refused('Carys');
    await barista.goto('/staff/colchester/attention');
    for (const { order } of [waiting, till, cancel]) {
      const listed = item(barista, order.id);
      assert.equal(await listed.count(), 1, `order ${order.number} listed under Payment refused`);
      const text = await listed.innerText();
      assert.match(text, /The bank refused the charge/);
      assert.match(text, /Wait for the customer's new card/);
      assert.equal(await listed.getByRole('button', { name: /^Mark paid at the till \(£\d+\.\d\d\)$/ }).count(), 1);
      assert.equal(await listed.getByRole('button', { name: 'Cancel and release the card' }).count(), 1);
    }
    await b.screenshot(barista, 'staff-attention-tablet', { fullPage: false });

    // Waiting for the customer's new card: they pay again from their order, and it leaves the list.
    const paidAgain = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${waiting.order.id}/pay`,
      headers: { ...waiting.customer, 'idempotency-key': randomUUID() },
      payload: { payment: { card: CARDS.ok, expiry: '12/30', cvc: '123' } },
    });
    assert.equal(paidAgain.json().state, 'paid', paidAgain.body);
    await barista.reload();
    assert.equal(await item(barista, waiting.order.id).count(), 0, 'paid with a new card: no longer needs attention');

    // Mark paid at the till: a till payment, the refused hold released, on the queue.
    const refusedHold = (await orderRow(t, till.order.id)).payment_reference!;
    await item(barista, till.order.id)
      .getByRole('button', { name: /Mark paid at the till/ })
      .click();
    await barista.waitForLoadState('load');
    assert.match(await barista.locator('.flash').innerText(), new RegExp(`${till.order.number}`));
    const row = await orderRow(t, till.order.id);
    assert.equal(row.state, 'paid');
    assert.equal(row.paid_with, 'till');
    assert.equal(row.captured_pence, row.total_pence);
    assert.equal((await effects(t, till.order.id)).filter((e) => e === 'payment-void').length, 1);
    await t.outbox.drainOnce();
    assert.equal(bank(t).ledger.holds.get(refusedHold)?.status, 'cancelled', 'the refused hold is voided');
    await barista.goto(`/staff/colchester/orders/${till.order.id}`);
    assert.match(await barista.locator('main').innerText(), /paid at the till/);
    await barista.goto('/staff/colchester/queue');
    assert.equal(await barista.locator(`.ticket[data-order-id="${till.order.id}"]`).count(), 1, 'on the queue');

    // Cancel and release: without the tick nothing happens; with it, cancelled and the hold released.
    await barista.goto('/staff/colchester/attention');
    const cancelItem = item(barista, cancel.order.id);
    await cancelItem.getByRole('button', { name: 'Cancel and release the card' }).click();
    assert.equal((await orderRow(t, cancel.order.id)).state, 'needs_payment', 'the tick is asked for first');
    await cancelItem.getByLabel(`Yes, cancel order ${cancel.order.number}`).check();
    await cancelItem.getByRole('button', { name: 'Cancel and release the card' }).click();
    await barista.waitForLoadState('load');
    assert.equal((await orderRow(t, cancel.order.id)).state, 'cancelled');
    assert.equal(await item(barista, cancel.order.id).count(), 0);
    assert.ok((await effects(t, cancel.order.id)).includes('payment-void'), 'the hold is released');
    assert.deepEqual(errors, []);
  });

  it('a charge with no answer shows after 2 minutes (the clock moved on), and a hold with none too', async () => {
    const start = t.deps.clock();
    const capture = await placedOrder(t, await newCustomer(t, 'Cappy'));
    await sql`UPDATE orders SET state = 'capturing', checked_in_at = ${start} WHERE id = ${capture.id}`.execute(t.deps.db.writer);
    const hold = await placedOrder(t, await newCustomer(t, 'Holly'));
    // A hold's wait is measured on the database's own clock (created_at): set three minutes back.
    await sql`UPDATE orders SET state = 'authorising', created_at = now() - interval '3 minutes' WHERE id = ${hold.id}`.execute(t.deps.db.writer);
    const stuck = (id: string) => barista.locator(`#stuck-heading ~ .table-wrap tr[data-order-id="${id}"]`);
    try {
      await barista.goto('/staff/colchester/attention');
      assert.equal(await stuck(capture.id).count(), 0, 'charging for 0 minutes: not yet');
      assert.equal(await stuck(hold.id).count(), 1, 'a hold with no answer for 3 minutes');
      assert.match(await stuck(hold.id).innerText(), /Confirming payment/);
      t.setNow(new Date(start.getTime() + 2 * 60_000 + 1000));
      await barista.reload();
      assert.equal(await stuck(capture.id).count(), 1, 'charging for over 2 minutes: listed');
      assert.match(await stuck(capture.id).innerText(), /Taking payment\s+£\d+\.\d\d\s+2 min/);
      assert.match(await barista.locator('#stuck-heading').innerText(), /No answer from the bank \(2\)/);
    } finally {
      t.setNow(start);
      await sql`UPDATE orders SET state = 'authorised' WHERE id IN (${capture.id}, ${hold.id})`.execute(t.deps.db.writer);
    }
    assert.deepEqual(errors, []);
  });

  it('a line sold out after payment: the manager refunds that line from the prompt', async () => {
    const order = await paidOrder(t, 'Solly'); // 2 × Latte (oat, double), 1 × Flat White
    const staff = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    const setLatte = (available: boolean) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/stores/colchester/products/latte/availability', headers: staff, payload: { available } });
    assert.equal((await setLatte(false)).statusCode, 200);
    try {
      await barista.goto('/staff/colchester/attention');
      const baristaLine = barista.locator(`#soldout-heading ~ .attention-list [data-order-id="${order.id}"]`);
      assert.match(await baristaLine.innerText(), /2 × Latte is sold out\. Ask a manager to refund it/);

      await manager.goto('/staff/colchester/attention');
      const line = manager.locator(`#soldout-heading ~ .attention-list [data-order-id="${order.id}"]`);
      assert.match(await line.innerText(), /2 × Latte is sold out/);
      await line.getByRole('link', { name: 'Refund this line' }).click();
      await manager.waitForURL(/refundLine=\d+#refund$/);
      assert.equal(await manager.getByLabel('Reason (the customer sees it)').inputValue(), 'Latte sold out after payment');
      assert.equal(await manager.getByLabel('Latte').inputValue(), '2', "the sold-out line's quantity is filled in");
      assert.equal(await manager.getByLabel('Flat White').inputValue(), '0');
      await b.screenshot(manager, 'staff-refund-line-tablet', { fullPage: false });
      await manager.getByRole('button', { name: 'Refund the items chosen' }).click();
      await manager.waitForURL(new RegExp(`/staff/colchester/orders/${order.id}$`));
      assert.match(await manager.locator('[data-message-kind="success"]').innerText(), new RegExp(`on order ${order.number}`));
      const row = await orderRow(t, order.id);
      assert.ok(row.refunded_pence > 0 && row.refunded_pence < row.captured_pence, 'that line only');
      assert.equal(row.state, 'paid', 'the flat white is still to make');
      await manager.goto('/staff/colchester/attention');
      assert.equal(await manager.locator(`#soldout-heading ~ .attention-list [data-order-id="${order.id}"]`).count(), 0, 'refunded: no longer listed');
    } finally {
      await setLatte(true);
    }
    assert.deepEqual(errors, []);
  });

  it("finds an order by number and by the customer's name, at the barista's own store only", async () => {
    const here = await paidOrder(t, 'Quentin');
    const there = await paidOrder(t, 'Quentin', 'ipswich');
    await barista.goto('/staff/colchester/queue');
    await barista.locator('.staff-nav').getByRole('link', { name: 'Orders' }).click();
    await barista.waitForURL('**/staff/colchester/orders');
    const search = async (q: string) => {
      await barista.getByLabel('Order number or customer name').fill(q);
      await barista.getByRole('button', { name: 'Find' }).click();
      await barista.waitForURL(/\/orders\?q=/);
      return barista.locator('[role="status"]').innerText();
    };
    const rows = barista.locator('tr[data-order-id]');

    assert.match(await search(String(here.number)), /^1 order matching/);
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-order-id'), here.id);
    assert.match(await search(`#${here.number}`), /^1 order matching/);
    await search('quentin');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-order-id'))), [here.id], 'the Ipswich Quentin is not found');
    assert.match(await search(String(there.number)), /^0 orders matching/);
    await b.screenshot(barista, 'staff-lookup-tablet', { fullPage: false });

    await search('quentin');
    await rows.first().locator('a').first().click();
    await barista.waitForURL(`**/staff/colchester/orders/${here.id}`);
    assert.match(await barista.locator('h1').innerText(), new RegExp(`${here.number}`));

    const ipswich = await b.page(TABLET);
    await b.login(ipswich, 'barista.ipswich@alpaca.test');
    const refused = await ipswich.goto(`/staff/colchester/orders?q=${here.number}`);
    assert.equal(refused?.status(), 403, "another store's lookup is refused");
    assert.deepEqual(errors, []);
  });
});
