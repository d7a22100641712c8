// Tickets and emails delivered for real: a ticket to the shared Mosquitto
// broker (TEST_MQTT_URL, from scripts/test) and the store's feed; emails to an
// SMTP server in this process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { enqueue } from '../../src/outbox/enqueue.js';
import type { TicketMessage } from '../../src/outbox/tickets/ticket-message.js';
import { Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { double, insertOrder, oat, vanilla } from './order-fixture.js';

const MQTT_URL = process.env['TEST_MQTT_URL'];

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('delivering tickets and emails', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let subscriber: MqttClient;
  const tickets: TicketMessage[] = [];

  before(async () => {
    assert.ok(MQTT_URL, 'TEST_MQTT_URL must be set (scripts/test starts Mosquitto)');
    smtp = new SmtpSink();
    await smtp.start();
    subscriber = await mqtt.connectAsync(MQTT_URL, { clientId: `test-sub-${Math.random().toString(16).slice(2)}` });
    subscriber.on('message', (_topic, payload) => tickets.push(JSON.parse(payload.toString())));
    await subscriber.subscribeAsync('alpaca/stores/colchester/tickets', { qos: 1 });
    t = await startTestApp({ SMTP_URL: smtp.url, MQTT_URL, MAIL_FROM: 'Alpaca Cafe <orders@alpaca.test>' });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(5_000), 'the app reached the broker');
  });
  after(async () => {
    await t.close();
    await subscriber.endAsync(true);
    await smtp.stop();
  });

  /** A paid Colchester order with its ticket queued (twice, as a replayed transition would) and delivered. */
  async function deliveredTicket() {
    const db = t.deps.db.writer;
    const order = await insertOrder(db, {
      lines: [
        { name: 'Latte', options: [oat, double, vanilla], quantity: 2, unitPence: 575 },
        { name: 'Almond Croissant', quantity: 1, unitPence: 325 },
      ],
    });
    await enqueue(db, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`);
    await enqueue(db, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`); // a replayed transition adds nothing
    const row = await db.selectFrom('outbox').selectAll().where('dedupe_key', '=', `ticket:${order.id}`).executeTakeFirstOrThrow();
    assert.equal((await t.outbox.drainOnce()).delivered, 1);
    return { order, row };
  }

  it('publishes a paid order’s ticket with QoS 1 to the store’s topic and keeps it in the feed', async () => {
    const db = t.deps.db.writer;
    const { order, row } = await deliveredTicket();
    const ticket = await until('the ticket', () => tickets.find((m) => m.messageId === row.message_id));
    assert.equal(ticket.orderNumber, String(order.number));
    assert.equal(ticket.customer, 'Ada L.');
    assert.deepEqual(ticket.store, { slug: 'colchester', name: 'Alpaca Cafe Colchester', timezone: 'Europe/London' });
    assert.deepEqual(
      ticket.lines.map((l) => [l.quantity, l.name, l.options, l.totalPence, l.price]),
      [
        [2, 'Latte', ['Milk: Oat', 'Shots: Double', 'Syrup: Vanilla'], 1150, '£11.50'],
        [1, 'Almond Croissant', [], 325, '£3.25'],
      ],
    );
    assert.equal(ticket.totalPence, 1475);
    assert.equal(ticket.placedAtLocal, 'Wed, 25 Nov 2026, 12:00 GMT');
    assert.equal(ticket.paidAtLocal, 'Wed, 25 Nov 2026, 12:05 GMT');
    assert.match(ticket.text, /TOTAL {31}£14\.75/);
    for (const line of ticket.text.split('\n')) assert.ok([...line].length <= 42);

    const feed = await db.selectFrom('store_tickets').selectAll().where('order_id', '=', order.id).execute();
    assert.equal(feed.length, 1, 'one ticket in the feed for the order, however often it was queued');
    assert.equal(feed[0]!.message_id, row.message_id);
    assert.equal(feed[0]!.text, ticket.text);
  });

  it('shows the feed to the store’s staff and admins only', async () => {
    await deliveredTicket();
    const colchester = new Browser(t.app);
    await colchester.login('barista.colchester@alpaca.test');
    const page = await colchester.get('/staff/colchester/tickets');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<pre class="ticket"[^>]*>=+\n {10}ALPACA CAFE COLCHESTER/);
    assert.match(page.body, /2 x Latte/);

    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    assert.equal((await admin.get('/staff/colchester/tickets')).statusCode, 200);

    const ipswich = new Browser(t.app);
    await ipswich.login('barista.ipswich@alpaca.test');
    assert.equal((await ipswich.get('/staff/colchester/tickets')).statusCode, 403);
    const ipswichFeed = await ipswich.get('/staff/ipswich/tickets');
    assert.equal(ipswichFeed.statusCode, 200);
    assert.ok(!ipswichFeed.body.includes('2 x Latte'), 'Ipswich sees none of Colchester’s tickets');

    const customer = new Browser(t.app);
    await customer.login('customer@alpaca.test');
    assert.equal((await customer.get('/staff/colchester/tickets')).statusCode, 403);
    const guest = await new Browser(t.app).get('/staff/colchester/tickets');
    assert.equal(guest.statusCode, 303);
    assert.match(String(guest.headers.location), /^\/login/);
    assert.equal((await admin.get('/staff/nowhere/tickets')).statusCode, 404);
  });

  it('sends each order email over SMTP with HTML and text parts and the row’s message id', async () => {
    const db = t.deps.db.writer;
    const order = await insertOrder(db, { state: 'authorised', paidAt: null });
    await enqueue(db, { kind: 'email', template: 'order-placed', to: 'customer@alpaca.test', data: { orderId: order.id } });
    const row = await db.selectFrom('outbox').selectAll().where('kind', '=', 'email').executeTakeFirstOrThrow();
    const before = smtp.received.length;

    assert.equal((await t.outbox.drainOnce()).delivered, 1);
    assert.equal(smtp.received.length, before + 1);
    const mail = smtp.received.at(-1)!;
    assert.deepEqual(mail.to, ['customer@alpaca.test']);
    assert.equal(mail.from, 'orders@alpaca.test');
    assert.equal(mail.messageId, `<${row.message_id}@alpaca.test>`);
    assert.match(mail.subject, new RegExp(`Order ${order.number} placed`));
    assert.match(mail.raw, /Content-Type: multipart\/alternative/i);
    assert.match(mail.raw, /Content-Type: text\/plain/i);
    assert.match(mail.raw, /Content-Type: text\/html/i);
    assert.match(mail.raw, /not a receipt/);
    assert.match(mail.raw, /112 High Street/);
  });

  it('parks an email for an order that does not exist, at once', async () => {
    const db = t.deps.db.writer;
    await enqueue(db, { kind: 'email', template: 'order-ready', to: 'customer@alpaca.test', data: { orderId: '00000000-0000-4000-8000-000000000000' } });
    assert.equal((await t.outbox.drainOnce()).parked, 1);
    const row = await db.selectFrom('outbox').selectAll().where('parked_at', 'is not', null).executeTakeFirstOrThrow();
    assert.match(row.last_error!, /not found/);
  });
});
