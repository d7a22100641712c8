// The staff's order pages (issue 10 items 4 and 6): needs attention (payment refused, stuck at
// the bank, sold out after payment), paid at the till, cancel with a tick, the order lookup at
// one's own store only, and refunds from the order page — on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { sweepOrders } from '../../../src/features/orders/expiry-sweeper.js';
import { paidOrder } from '../../support/paid-order.js';
import { flash, redirectedTo, unescapeHtml } from '../../support/html.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { CARDS, effects, newCustomer, orderRow, placedOrder, post } from '../orders/helpers.js';

describe('staff order pages', () => {
  let t: TestApp;
  let barista: Browser;
  let manager: Browser;
  let ipswichBarista: Browser;
  before(async () => {
    t = await startTestApp();
    barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    ipswichBarista = new Browser(t.app);
    await ipswichBarista.login('barista.ipswich@alpaca.test');
  });
  after(() => t.close());

  /** An order whose capture the bank refused at check-in: it needs payment. */
  async function unpaidOrder(name: string) {
    const customer = await newCustomer(t, name);
    const order = await placedOrder(t, customer, CARDS.captureFails);
    await post(t, customer, `/api/v1/orders/${order.id}/check-in`);
    assert.equal((await orderRow(t, order.id)).state, 'needs_payment');
    return order;
  }

  it('lists an order whose payment was refused, and paying at the till puts it on the queue with its ticket', async () => {
    const order = await unpaidOrder('Tillie');
    const page = await barista.get('/staff/colchester/attention');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`data-order-id="${order.id}"`), 'listed under payment refused');
    assert.match(unescapeHtml(page.body), /Mark paid at the till/);
    assert.ok(!(await ipswichBarista.get('/staff/ipswich/attention')).body.includes(order.id), "not at another store's page");
    assert.equal((await ipswichBarista.get('/staff/colchester/attention')).statusCode, 403);

    const paid = await barista.post(`/staff/colchester/orders/${order.id}/pay-at-till`);
    assert.equal(paid.statusCode, 303);
    const row = await orderRow(t, order.id);
    assert.equal(row.state, 'paid');
    assert.equal(row.paid_with, 'till');
    assert.equal(row.captured_pence, row.total_pence);
    const done = await effects(t, order.id);
    assert.ok(done.includes('ticket'), 'the ticket prints');
    assert.equal(done.filter((e) => e === 'payment-void').length, 1, 'the refused hold is released once');
    const queue = await barista.get('/staff/colchester/queue');
    assert.ok(queue.body.includes(order.id), 'on the queue');
    // A second tap (another tablet) changes nothing and is not an error.
    assert.equal((await barista.post(`/staff/colchester/orders/${order.id}/pay-at-till`)).statusCode, 303);
  });

  it('cancels only with the tick, then releases the card and emails the customer', async () => {
    const order = await unpaidOrder('Cass');
    const untick = await barista.post(`/staff/colchester/orders/${order.id}/cancel`);
    assert.equal(untick.statusCode, 303);
    assert.equal((await orderRow(t, order.id)).state, 'needs_payment');
    assert.match(flash((await barista.get(redirectedTo(untick))).body) ?? '', /not cancelled/);
    const cancel = await barista.post(`/staff/colchester/orders/${order.id}/cancel`, { confirm: 'yes' });
    assert.equal(cancel.statusCode, 303);
    assert.equal((await orderRow(t, order.id)).state, 'cancelled');
    assert.ok((await effects(t, order.id)).includes('email:order-cancelled'));
    // Paying at the till after the cancel is refused, said plainly.
    const late = await barista.post(`/staff/colchester/orders/${order.id}/pay-at-till`);
    assert.equal(late.statusCode, 409);
  });

  it('lists a capture with no answer for over two minutes, and a paid line sold out since', async () => {
    const customer = await newCustomer(t, 'Stuart');
    const stuck = await placedOrder(t, customer);
    const now = t.deps.clock();
    await sql`UPDATE orders SET state = 'capturing', checked_in_at = ${new Date(now.getTime() - 3 * 60_000)} WHERE id = ${stuck.id}`.execute(t.deps.db.writer);
    const fresh = await placedOrder(t, await newCustomer(t, 'Fresh'));
    await sql`UPDATE orders SET state = 'capturing', checked_in_at = ${new Date(now.getTime() - 30_000)} WHERE id = ${fresh.id}`.execute(t.deps.db.writer);

    const paid = await paidOrder(t, 'Sol');
    const colchester = (await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow()).id;
    const latte = (await t.deps.db.writer.selectFrom('products').select('id').where('slug', '=', 'latte').executeTakeFirstOrThrow()).id;
    await t.deps.db.writer.updateTable('store_products').set({ available: false }).where('store_id', '=', colchester).where('product_id', '=', latte).execute();
    try {
      const page = unescapeHtml((await manager.get('/staff/colchester/attention')).body);
      const stuckSection = page.slice(page.indexOf('No answer from the bank'), page.indexOf('Sold out after payment'));
      assert.ok(stuckSection.includes(stuck.id), 'stuck for 3 minutes: listed');
      assert.ok(!stuckSection.includes(fresh.id), 'waiting 30 seconds: not yet');
      const soldOut = page.slice(page.indexOf('Sold out after payment'));
      assert.ok(soldOut.includes(paid.id), 'the paid order with a latte is listed');
      assert.match(soldOut, /2 × Latte is sold out/);
      const link = /href="([^"]*refundLine=\d+#refund)"/.exec(soldOut)?.[1];
      assert.ok(link, 'a manager is offered the refund of that line');
      const form = unescapeHtml((await manager.get(link!)).body);
      assert.match(form, /Latte sold out after payment/);
      assert.ok(!unescapeHtml((await barista.get('/staff/colchester/attention')).body).includes('Refund this line'), 'a barista is told to ask a manager');
    } finally {
      await t.deps.db.writer
        .updateTable('store_products')
        .set({ available: true })
        .where('store_id', '=', colchester)
        .where('product_id', '=', latte)
        .execute();
    }
  });

  it('a paid line whose chosen option sold out since is listed too, with the option named, once', async () => {
    const paid = await paidOrder(t, 'Olive'); // 2 × Latte with oat milk, 1 × Flat White with the default milk
    const db = t.deps.db.writer;
    const colchester = (await db.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow()).id;
    const oat = (await db.selectFrom('options').select('id').where('slug', '=', 'oat').executeTakeFirstOrThrow()).id;
    const latte = (await db.selectFrom('products').select('id').where('slug', '=', 'latte').executeTakeFirstOrThrow()).id;
    const switchOat = (available: boolean) =>
      db.updateTable('store_options').set({ available }).where('store_id', '=', colchester).where('option_id', '=', oat).execute();
    const switchLatte = (available: boolean) =>
      db.updateTable('store_products').set({ available }).where('store_id', '=', colchester).where('product_id', '=', latte).execute();
    const soldOutSection = async () => {
      const page = unescapeHtml((await manager.get('/staff/colchester/attention')).body);
      return page.slice(page.indexOf('Sold out after payment'), page.indexOf('Not collected by closing'));
    };
    assert.ok(!(await soldOutSection()).includes(paid.id), 'nothing sold out: not listed');
    await switchOat(false);
    try {
      const section = await soldOutSection();
      assert.ok(section.includes(paid.id), 'the order with an oat latte is listed');
      assert.match(section, /2 × Latte with Oat[^:]*: Oat[^ ]* (Milk )?is sold out/);
      assert.doesNotMatch(section, /Flat White/, 'the flat white has whole milk: it can be made');
      assert.match(section, /refundLine=\d+#refund/, 'a manager is offered the refund of that line');
      // Product and option both off: the line is listed once, for its product.
      await switchLatte(false);
      const both = await soldOutSection();
      assert.equal(both.split(`data-order-id="${paid.id}"`).length - 1, 1);
      assert.match(both, /2 × Latte is sold out/);
    } finally {
      await switchLatte(true);
      await switchOat(true);
    }
  });

  it('a ready order still waiting when the store closes is completed as uncollected, and listed', async () => {
    const order = await paidOrder(t, 'Late');
    await barista.post(`/staff/colchester/queue/${order.id}/ready`);
    assert.equal((await orderRow(t, order.id)).state, 'ready');
    const open = t.deps.clock();
    try {
      assert.equal((await sweepOrders(t.deps)).uncollected, 0, 'open: nothing to close');
      t.setNow(new Date('2026-11-25T19:30:00Z')); // Colchester closes at 18:00 on Wednesdays
      const swept = await sweepOrders(t.deps);
      assert.ok(swept.uncollected >= 1);
      const row = await orderRow(t, order.id);
      assert.equal(row.state, 'completed');
      const event = await t.deps.db.writer
        .selectFrom('order_events')
        .select(['transition', 'actor'])
        .where('order_id', '=', order.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(event, { transition: 'close_uncollected', actor: 'system' });
      const page = unescapeHtml((await barista.get('/staff/colchester/attention')).body);
      assert.ok(page.slice(page.indexOf('Not collected by closing')).includes(order.id));
      assert.equal((await sweepOrders(t.deps)).uncollected, 0, 'a second sweep finds nothing');
    } finally {
      t.setNow(open);
    }
  });

  it("finds orders by number or customer name at the staff member's own store only", async () => {
    const order = await paidOrder(t, 'Zebedee');
    const byNumber = await barista.get(`/staff/colchester/orders?q=${order.number}`);
    assert.ok(byNumber.body.includes(order.id));
    assert.ok((await barista.get('/staff/colchester/orders?q=zebed')).body.includes(order.id), 'by part of the name, any case');
    assert.match(unescapeHtml((await barista.get('/staff/colchester/orders?q=%25')).body), /0 orders matching "%"/, 'a typed % is a letter, not a wildcard');
    assert.match(unescapeHtml((await barista.get('/staff/colchester/orders?q=nobody-like-this')).body), /0 orders matching "nobody-like-this"/);
    const ipswich = await ipswichBarista.get(`/staff/ipswich/orders?q=${order.number}`);
    assert.ok(!ipswich.body.includes(order.id), "another store's lookup never finds it");
    // By name too: a Zebedee at Ipswich is not found at Colchester, and the other way round.
    const theirs = await paidOrder(t, 'Zebedee', 'ipswich');
    const byName = (await barista.get('/staff/colchester/orders?q=zebedee')).body;
    assert.ok(byName.includes(order.id) && !byName.includes(theirs.id), "a name search stays at the barista's store");
    assert.ok(!(await ipswichBarista.get('/staff/ipswich/orders?q=zebedee')).body.includes(order.id));
    assert.equal((await ipswichBarista.get(`/staff/ipswich/orders/${order.id}`)).statusCode, 404, "another store's URL does not show it");
    assert.equal((await ipswichBarista.get(`/staff/colchester/orders?q=${order.number}`)).statusCode, 403);
    const page = unescapeHtml((await barista.get(`/staff/colchester/orders/${order.id}`)).body);
    assert.match(page, /Zebedee Hopper/);
    assert.doesNotMatch(page, /Refund everything left/, 'baristas do not refund');
  });

  it('a manager refunds lines from the order page; the customer sees the refund', async () => {
    const customer = await newCustomer(t, 'Rhoda');
    const placed = await placedOrder(t, customer);
    await post(t, customer, `/api/v1/orders/${placed.id}/check-in`);
    const json = (await t.app.inject({ url: `/api/v1/orders/${placed.id}`, headers: customer })).json();
    const latte = json.lines.find((l: { product: string }) => l.product === 'latte');
    const empty = await manager.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: '', scope: 'lines', [`qty.${latte.id}`]: '1' });
    assert.equal(empty.statusCode, 400);
    assert.match(unescapeHtml(empty.body), /Say why the order is refunded/);
    const none = await manager.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: 'Spilt', scope: 'lines' });
    assert.equal(none.statusCode, 400);
    const refused = await barista.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: 'Spilt', scope: 'all' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await orderRow(t, placed.id)).refunded_pence, 0);

    const done = await manager.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: 'Spilt', scope: 'lines', [`qty.${latte.id}`]: '1' });
    assert.equal(done.statusCode, 303, done.body);
    const page = await manager.get(redirectedTo(done));
    assert.match(flash(page.body) ?? '', /Refunded £\d+\.\d\d on order \d+\. It goes back to the card\./);
    assert.equal((await orderRow(t, placed.id)).refunded_pence, latte.unitPence);
    const all = await manager.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: 'Closing', scope: 'all' });
    assert.equal(all.statusCode, 303);
    assert.equal((await orderRow(t, placed.id)).state, 'refunded');
    const again = await manager.post(`/staff/colchester/orders/${placed.id}/refunds`, { reason: 'Again', scope: 'all' });
    assert.equal(again.statusCode, 409, 'nothing left: said on the page');

    const customerPage = (await t.app.inject({ url: `/api/v1/orders/${placed.id}`, headers: customer })).json();
    assert.equal(customerPage.refunds.length, 2);
  });
});
