// The kitchen display's server side (issue 10 items 1–2, issue 9 item 7's note): the note from
// checkout to the ticket and the queue; bump per line and per order (the customer told once);
// recall; undo collected within 60 s; reprint; keyed taps (same key, same answer; another tablet's
// work "already done"); all-day counts; the store's timer thresholds; due times; the staff app's
// front door and frame.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { apiLogin, Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { paidOrder } from '../../support/paid-order.js';
import { fillBasket, newCustomer, place, type Auth } from '../orders/helpers.js';

const at = (seconds: number) => new Date(OPEN_HOURS.getTime() + seconds * 1000);

describe('kitchen display', () => {
  let t: TestApp;
  let barista: Auth;
  before(async () => {
    t = await startTestApp();
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
  });
  after(() => t.close());

  const tap = (orderId: string, path: string, key: string | null = randomUUID(), auth: Auth = barista) =>
    t.app.inject({ method: 'POST', url: `/api/v1/orders/${orderId}/${path}`, headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) } });
  const queue = async () => (await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: barista })).json();
  const ticketOf = async (id: string) => {
    const q = await queue();
    return [...q.making, ...q.ready].find((x: { id: string }) => x.id === id);
  };
  const events = async (id: string) =>
    (await t.deps.db.writer.selectFrom('order_events').select('transition').where('order_id', '=', id).orderBy('id').execute()).map((e) => e.transition);
  const outbox = async (id: string) =>
    (await t.deps.db.writer.selectFrom('outbox').select(['kind', 'dedupe_key', 'payload']).orderBy('id').execute()).filter((r) =>
      JSON.stringify(r.payload).includes(id),
    );

  it('takes a note at checkout (API and page), and shows it on the order, the queue and the printed ticket', async () => {
    t.setNow(at(0));
    const customer = await newCustomer(t, 'Nora');
    await fillBasket(t, customer);
    const plain = await place(t, customer);
    assert.equal(plain.statusCode, 201, 'a note is optional');
    const orderWithout = plain.json().order;
    assert.equal(orderWithout.note, null);

    await fillBasket(t, customer);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...customer, 'idempotency-key': randomUUID() },
      payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' }, note: 'x'.repeat(141) },
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.ok(JSON.stringify(refused.json().error).includes('note'), refused.body);

    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...customer, 'idempotency-key': randomUUID() },
      payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' }, note: '  Nut allergy — <b>no</b> almond milk please  ' },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order;
    assert.equal(order.note, 'Nut allergy — <b>no</b> almond milk please', 'trimmed, kept as typed');
    await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/check-in`, headers: customer });

    const ticket = await ticketOf(order.id);
    assert.equal(ticket.note, 'Nut allergy — <b>no</b> almond milk please');
    const browser = new Browser(t.app);
    await browser.login('barista.colchester@alpaca.test');
    const page = (await browser.get('/staff/colchester/queue')).body;
    assert.match(page, /<p class="ticket__note" data-note="true"><strong>Note:<\/strong> Nut allergy — &lt;b>no&lt;\/b> almond milk please<\/p>/);

    while ((await t.outbox.drainOnce()).claimed > 0);
    const feed = await t.deps.db.writer.selectFrom('store_tickets').selectAll().execute();
    const printed = feed.map((f) => JSON.stringify(f)).find((f) => f.includes(order.id));
    assert.ok(printed, 'the ticket reached the feed');
    assert.match(printed!, /!! NOTE !!/);
    assert.match(printed!, /NUT ALLERGY/);
    assert.match(printed!, /"note":"Nut allergy/);

    // The page form: the note field is there, and a too-long note is refused beside it, kept as typed.
    const shopper = new Browser(t.app);
    const email = `page.${randomUUID().slice(0, 8)}@example.test`;
    await shopper.post('/register', { firstName: 'Page', lastName: 'Form', email, password: 'a-long-enough-password', returnTo: '/' });
    await shopper.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
    const checkout = await shopper.get('/checkout');
    assert.match(checkout.body, /<textarea id="note" name="note" rows="2" maxLength="140"|<textarea[^>]*name="note"/);
    const bad = await shopper.post('/orders', {
      idempotencyKey: randomUUID(),
      cardNumber: '4242424242424242',
      expiry: '12/30',
      cvc: '123',
      note: 'y'.repeat(141),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="note-error"/);
    const good = await shopper.post('/orders', {
      idempotencyKey: randomUUID(),
      cardNumber: '4242424242424242',
      expiry: '12/30',
      cvc: '123',
      note: 'Oat milk, very hot',
    });
    assert.equal(good.statusCode, 303, good.body);
    const orderPage = await shopper.get(String(good.headers.location));
    assert.match(orderPage.body, /Your note for the barista:<\/strong> Oat milk, very hot/);
  });

  it('bumps line by line; the last line makes the order ready and the customer hears once, even after a recall', async () => {
    t.setNow(at(10));
    const order = await paidOrder(t, 'Lina'); // line 1: 2 × Latte, line 2: 1 × Flat White
    const first = await tap(order.id, 'lines/1/bump');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().outcome, 'applied');
    assert.equal(first.json().state, 'paid');
    let ticket = await ticketOf(order.id);
    assert.deepEqual(
      ticket.lines.map((l: { bumped: boolean }) => l.bumped),
      [true, false],
    );

    const last = await tap(order.id, 'lines/2/bump');
    assert.equal(last.json().state, 'ready', 'the last line bumped: ready');
    assert.equal(last.json().message, `Order ${order.number} has a drink done.`);

    const recalled = await tap(order.id, 'recall');
    assert.equal(recalled.json().state, 'paid');
    ticket = await ticketOf(order.id);
    assert.deepEqual(
      ticket.lines.map((l: { bumped: boolean }) => l.bumped),
      [false, false],
      'a recalled order is made again',
    );
    assert.equal((await tap(order.id, 'ready')).json().state, 'ready');
    assert.deepEqual((await events(order.id)).slice(-3), ['mark_ready', 'recall', 'mark_ready']);
    const readyEmails = (await outbox(order.id)).filter((r) => r.dedupe_key === `email:order-ready:${order.id}`);
    assert.equal(readyEmails.length, 1, 'the "ready" email is sent once per order');
    assert.equal((await tap(order.id, 'lines/9/bump')).statusCode, 404, 'no such line');
    assert.equal((await tap(order.id, 'lines/0/bump')).statusCode, 400);
  });

  it('answers a repeated key the same way, and a tap another tablet already did as "already done"', async () => {
    t.setNow(at(20));
    const order = await paidOrder(t, 'Kit');
    const key = randomUUID();
    const once = await tap(order.id, 'ready', key);
    const twice = await tap(order.id, 'ready', key);
    assert.equal(once.json().outcome, 'applied');
    assert.equal(twice.json().outcome, 'applied', 'the same key is the same tap: the same answer');
    const other = await tap(order.id, 'ready', randomUUID(), await apiLogin(t.app, 'manager.colchester@alpaca.test'));
    assert.equal(other.statusCode, 200);
    assert.equal(other.json().outcome, 'already_done');
    assert.equal(other.json().message, `Order ${order.number}: already done on another tablet.`);
    const readies = (await events(order.id)).filter((e) => e === 'mark_ready');
    assert.equal(readies.length, 1, 'applied once');

    // Collected by one tablet; a replayed "Collected" from another is told, not refused.
    assert.equal((await tap(order.id, 'collected')).json().outcome, 'applied');
    assert.equal((await tap(order.id, 'collected')).json().outcome, 'already_done');
    // A key replayed after the order moved on still answers as it did first.
    assert.equal((await tap(order.id, 'ready', key)).json().outcome, 'applied');
    assert.equal((await tap(order.id, 'ready', 'bad key!')).statusCode, 400);
    assert.equal((await tap(order.id, 'recall')).statusCode, 409, 'collected orders are not recalled');
  });

  it('undoes "Collected" within 60 s, not after', async () => {
    t.setNow(at(30));
    const order = await paidOrder(t, 'Uma');
    await tap(order.id, 'ready');
    await tap(order.id, 'collected');
    t.setNow(at(30 + 59));
    const undo = await tap(order.id, 'undo-collected');
    assert.equal(undo.statusCode, 200, undo.body);
    assert.equal(undo.json().state, 'ready');
    await tap(order.id, 'collected');
    t.setNow(at(30 + 59 + 61));
    const late = await tap(order.id, 'undo-collected');
    assert.equal(late.statusCode, 409);
    assert.match(late.json().error.message, /more than a minute ago/);
    const q = await queue();
    assert.ok(!q.recent.find((x: { id: string; undoable: boolean }) => x.id === order.id)?.undoable, 'no undo offered after the minute');
  });

  it('reprints once per key, marked as a reprint, and needs a key', async () => {
    t.setNow(at(40));
    const order = await paidOrder(t, 'Rex');
    assert.equal((await tap(order.id, 'reprint', null)).statusCode, 400);
    const key = randomUUID();
    assert.equal((await tap(order.id, 'reprint', key)).json().outcome, 'applied');
    assert.equal((await tap(order.id, 'reprint', key)).json().outcome, 'applied');
    const reprints = (await outbox(order.id)).filter((r) => r.dedupe_key?.startsWith('ticket-reprint:'));
    assert.equal(reprints.length, 1, 'the same key prints once');
    await tap(order.id, 'reprint');
    while ((await t.outbox.drainOnce()).claimed > 0);
    const printed = (await t.deps.db.writer.selectFrom('store_tickets').selectAll().execute())
      .map((f) => JSON.stringify(f))
      .filter((f) => f.includes(order.id));
    assert.equal(printed.length, 3, 'the first print and two reprints');
    assert.equal(printed.filter((p) => p.includes('** REPRINT **')).length, 2);
  });

  it('keeps taps to staff of the order’s store', async () => {
    const order = await paidOrder(t, 'Ivo');
    const ipswich = await apiLogin(t.app, 'barista.ipswich@alpaca.test');
    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    for (const path of ['ready', 'lines/1/bump', 'reprint', 'recall', 'collected', 'undo-collected']) {
      assert.equal((await tap(order.id, path, randomUUID(), ipswich)).statusCode, 403, path);
      assert.equal((await tap(order.id, path, randomUUID(), customer)).statusCode, 403, path);
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/${path}` })).statusCode, 401, path);
    }
    assert.equal((await ticketOf(order.id)).state, 'paid');
  });

  it("shows a scheduled order's due time and the store's own thresholds; managers set them", async () => {
    const order = await paidOrder(t, 'Sky');
    await t.deps.db.writer
      .updateTable('orders')
      .set({ trigger_kind: 'pickup', pickup_slot: new Date('2026-11-25T12:35:00Z') })
      .where('id', '=', order.id)
      .execute();
    const ticket = await ticketOf(order.id);
    assert.deepEqual(ticket.due, { kind: 'pickup', at: '2026-11-25T12:35:00.000Z', local: '12:35' });

    const manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    assert.equal((await manager.get('/staff/colchester/settings')).statusCode, 200);
    const wrong = await manager.post('/staff/colchester/settings', { amberMinutes: '8', redMinutes: '8' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /Red must come after amber/);
    const saved = await manager.post('/staff/colchester/settings', { amberMinutes: '3', redMinutes: '6' });
    assert.equal(saved.statusCode, 303);
    const q = await queue();
    assert.equal(q.amberAfterMinutes, 3);
    assert.equal(q.redAfterMinutes, 6);
    const page = (await manager.get('/staff/colchester/queue')).body;
    assert.match(page, /data-amber="3" data-red="6"/);
    const barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    assert.equal((await barista.post('/staff/colchester/settings', { amberMinutes: '4', redMinutes: '9' })).statusCode, 403);
  });

  it('lists the last 10 bumped orders for recall, newest first', async () => {
    const orders: { id: string; number: number }[] = [];
    for (let i = 0; i < 11; i++) {
      t.setNow(at(100 + i));
      const o = await paidOrder(t, `R${i}`);
      await tap(o.id, 'ready');
      orders.push(o);
    }
    const q = await queue();
    assert.equal(q.recent.length, 10);
    assert.equal(q.recent[0].id, orders[10]!.id);
    assert.ok(!q.recent.some((x: { id: string }) => x.id === orders[0]!.id), 'the eleventh back is off the list');
    const browser = new Browser(t.app);
    await browser.login('barista.colchester@alpaca.test');
    const recall = await browser.post(`/staff/colchester/queue/${orders[5]!.id}/recall`, { idempotencyKey: randomUUID() });
    assert.equal(recall.statusCode, 303);
    assert.equal((await ticketOf(orders[5]!.id)).state, 'paid');
    const again = await browser.post(`/staff/colchester/queue/${orders[5]!.id}/recall`, { idempotencyKey: randomUUID() });
    assert.equal(again.statusCode, 303);
    assert.match((await browser.get('/staff/colchester/queue')).body, /already done on another tablet/);
  });
});

describe('all-day counts and the staff app', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('counts the drinks waiting by customisation, less the lines bumped', async () => {
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    const a = await paidOrder(t, 'Ann'); // 2 × Latte (oat, double), 1 × Flat White
    await paidOrder(t, 'Bea');
    const before = (await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: barista })).json().allDay;
    assert.deepEqual(before, [
      { name: 'Latte', quantity: 4, variants: [{ options: ['Milk: Oat', 'Shots: Double', 'Blend: Regular'], quantity: 4 }] },
      { name: 'Flat White', quantity: 2, variants: [{ options: ['Milk: Semi-Skimmed', 'Shots: Single', 'Blend: Regular'], quantity: 2 }] },
    ]);
    await t.app.inject({ method: 'POST', url: `/api/v1/orders/${a.id}/lines/1/bump`, headers: { ...barista, 'idempotency-key': randomUUID() } });
    const after = (await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: barista })).json().allDay;
    assert.equal(after[0].quantity, 2, 'two lattes done, two waiting');
  });

  it('sends staff to their store’s queue, offers a choice to those at several, refuses customers', async () => {
    const barista = new Browser(t.app);
    const login = await barista.login('barista.colchester@alpaca.test');
    assert.equal(login.headers.location, '/staff', 'staff land in the staff app');
    const home = await barista.get('/staff');
    assert.equal(home.headers.location, '/staff/colchester/queue');
    const queue = await barista.get('/staff/colchester/queue');
    assert.doesNotMatch(queue.body, /Choose a store|data-basket-count|nav-basket/, 'no customer chrome');
    assert.match(queue.body, /class="staff-header"/);
    assert.match(queue.body, /href="\/staff\/colchester\/queue" aria-current="page">Queue/);
    assert.doesNotMatch(queue.body, /href="\/staff\/colchester\/hours"/, 'a barista has no hours tab');

    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    const choice = await admin.get('/staff');
    assert.equal(choice.statusCode, 200);
    assert.match(choice.body, /href="\/staff\/colchester\/queue"/);
    assert.match(choice.body, /href="\/staff\/ipswich\/queue"/);
    const switched = await admin.get('/staff?store=ipswich&tab=hours');
    assert.equal(switched.headers.location, '/staff/ipswich/hours');
    const adminQueue = await admin.get('/staff/colchester/queue');
    assert.match(adminQueue.body, /<select id="staff-store" name="store">/);
    assert.match(adminQueue.body, /href="\/staff\/colchester\/settings"/);

    const customer = new Browser(t.app);
    const customerLogin = await customer.login('customer@alpaca.test');
    assert.equal(customerLogin.headers.location, '/');
    assert.equal((await customer.get('/staff')).statusCode, 403);
    const guest = await new Browser(t.app).get('/staff');
    assert.match(String(guest.headers.location), /^\/login\?returnTo=%2Fstaff/);
  });
});
