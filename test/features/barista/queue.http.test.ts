import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { paidOrder } from '../../support/paid-order.js';
import type { Auth } from '../orders/helpers.js';

const minutes = (n: number) => new Date(OPEN_HOURS.getTime() + n * 60_000);

describe('barista queue', () => {
  // The queue is a whole store's state, so each test gets its own database (and an empty queue)
  // and places the orders it looks at: any test passes run alone or in any order.
  let t: TestApp;
  let barista: Auth;
  beforeEach(async () => {
    t = await startTestApp();
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
  });
  afterEach(() => t.close());

  const queue = async (auth: Auth, store = 'colchester') => {
    const response = await t.app.inject({ url: `/api/v1/stores/${store}/queue`, headers: auth });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  it('lists paid orders oldest check-in first as tickets with "First L.", items, options and quantities', async () => {
    t.setNow(minutes(0));
    const first = await paidOrder(t, 'Ada');
    t.setNow(minutes(2));
    const second = await paidOrder(t, 'Brian');
    const ipswich = await paidOrder(t, 'Isaac', 'ipswich');
    t.setNow(minutes(7));

    const q = await queue(barista);
    assert.equal(q.store, 'colchester');
    assert.equal(q.now, minutes(7).toISOString());
    assert.deepEqual(
      q.making.map((x: any) => x.number),
      [first.number, second.number],
    );
    assert.equal(q.ready.length, 0);
    const ticket = q.making[0];
    assert.equal(ticket.customer, 'Ada H.');
    assert.equal(ticket.waitingSince, minutes(0).toISOString());
    const latte = ticket.lines.find((l: any) => l.name === 'Latte');
    assert.equal(latte.quantity, 2);
    assert.deepEqual(latte.options, ['Milk: Oat', 'Shots: Double', 'Blend: Regular']);
    assert.deepEqual(
      ticket.lines.find((l: any) => l.name === 'Flat White'),
      { position: 2, name: 'Flat White', quantity: 1, options: ['Milk: Semi-Skimmed', 'Shots: Single', 'Blend: Regular'], bumped: false },
    );
    assert.ok(!q.making.some((x: any) => x.id === ipswich.id), 'the Ipswich order is not on the Colchester queue');

    const ipswichBarista = await apiLogin(t.app, 'barista.ipswich@alpaca.test');
    const theirs = await queue(ipswichBarista, 'ipswich');
    assert.deepEqual(
      theirs.making.map((x: any) => x.id),
      [ipswich.id],
    );
    assert.equal((await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: ipswichBarista })).statusCode, 403);
  });

  it('keeps the queue to staff of the store', async () => {
    assert.equal((await t.app.inject({ url: '/api/v1/stores/colchester/queue' })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: await apiLogin(t.app, 'customer@alpaca.test') })).statusCode, 403);
    assert.equal(
      (await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: await apiLogin(t.app, 'manager.ipswich@alpaca.test') })).statusCode,
      403,
    );
    await queue(await apiLogin(t.app, 'manager.colchester@alpaca.test'));
    await queue(await apiLogin(t.app, 'admin@alpaca.test'), 'ipswich');
    const guestPage = await t.app.inject({ url: '/staff/colchester/queue' });
    assert.equal(guestPage.statusCode, 303);
    assert.match(String(guestPage.headers.location), /^\/login/);
  });

  it('renders the page with waits turning amber then red, and moves tickets with Ready and Collected', async () => {
    t.setNow(minutes(0));
    const oldest = await paidOrder(t, 'Ada');
    t.setNow(minutes(2));
    const newer = await paidOrder(t, 'Brian');
    t.setNow(minutes(7));
    const browser = new Browser(t.app);
    await browser.login('barista.colchester@alpaca.test');

    const page = await browser.get('/staff/colchester/queue');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<script src="\/static\/queue\.js" defer/);
    assert.match(page.body, /<link rel="stylesheet" href="\/static\/queue\.css"/);
    const ticketClass = (html: string, id: string) => new RegExp(`<li class="ticket ticket--(\\w+)" data-order-id="${id}"`).exec(html)?.[1];
    assert.equal(ticketClass(page.body, oldest.id), 'amber', '7 minutes waiting');
    assert.equal(ticketClass(page.body, newer.id), 'amber', '5 minutes waiting');
    assert.match(page.body, /Ada H\./);
    t.setNow(minutes(11));
    const later = await browser.get('/staff/colchester/queue');
    assert.equal(ticketClass(later.body, oldest.id), 'red');
    assert.equal(ticketClass(later.body, newer.id), 'amber');

    const ready = await browser.post(`/staff/colchester/queue/${oldest.id}/ready`);
    assert.equal(ready.statusCode, 303);
    assert.equal(ready.headers.location, '/staff/colchester/queue');
    let q = await queue(barista);
    assert.deepEqual(
      q.making.map((x: any) => x.id),
      [newer.id],
    );
    assert.deepEqual(
      q.ready.map((x: any) => x.id),
      [oldest.id],
    );
    assert.match((await browser.get('/staff/colchester/queue')).body, new RegExp(`action="/staff/colchester/queue/${oldest.id}/collected"`));

    // A second tablet tapping Ready on the same ticket is told, not broken.
    const again = await browser.post(`/staff/colchester/queue/${oldest.id}/ready`);
    assert.equal(again.statusCode, 303);

    assert.equal((await browser.post(`/staff/colchester/queue/${oldest.id}/collected`)).statusCode, 303);
    q = await queue(barista);
    assert.equal(q.ready.length, 0);
    const row = await t.deps.db.writer.selectFrom('orders').select('state').where('id', '=', oldest.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'completed');
  });

  it('never lets the Ipswich barista move a Colchester order, whatever the URL says', async () => {
    const ticket = await paidOrder(t, 'Ada');
    assert.deepEqual(
      (await queue(barista)).making.map((x: any) => x.id),
      [ticket.id],
    );
    const ipswich = new Browser(t.app);
    await ipswich.login('barista.ipswich@alpaca.test');
    assert.equal((await ipswich.post(`/staff/colchester/queue/${ticket.id}/ready`)).statusCode, 403);
    assert.equal((await ipswich.post(`/staff/ipswich/queue/${ticket.id}/ready`)).statusCode, 403);
    const row = await t.deps.db.writer.selectFrom('orders').select('state').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'paid');
  });
});
