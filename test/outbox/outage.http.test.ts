// The broker and the mail server go down; orders keep being paid. Nothing is
// lost: the rows fail and back off, and once both are back every ticket and
// every email arrives exactly once per outbox row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { enqueue } from '../../src/outbox/enqueue.js';
import type { TicketMessage } from '../../src/outbox/tickets/ticket-message.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { OwnMosquitto } from '../support/mosquitto.js';
import { insertOrder } from './order-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('broker and SMTP outage', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let broker: OwnMosquitto;
  let subscriber: MqttClient | null = null;
  const tickets: TicketMessage[] = [];

  before(async () => {
    smtp = new SmtpSink();
    await smtp.start();
    broker = new OwnMosquitto();
    await broker.start();
    t = await startTestApp({
      SMTP_URL: smtp.url, MQTT_URL: broker.url,
      // Short waits so the test sees several retries in a few seconds.
      OUTBOX_BACKOFF_BASE: '50ms', OUTBOX_BACKOFF_MAX: '400ms', OUTBOX_MAX_ATTEMPTS: '50',
      OUTBOX_DELIVERY_TIMEOUT: '3s', OUTBOX_LEASE: '10s',
    });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(5_000));
  });
  after(async () => {
    await t.close();
    await subscriber?.endAsync(true);
    await broker.stop();
    await smtp.stop();
  });

  it('delays every ticket and email while they are down and delivers each exactly once when they are back', async () => {
    const db = t.deps.db.writer;
    await broker.stop();
    await smtp.stop();

    // Three orders placed and paid while both are down: what the orders
    // feature writes for them (effects.ts): placed + receipt emails and a ticket.
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const order = await insertOrder(db);
      orders.push(order);
      await enqueue(db, { kind: 'email', template: 'order-placed', to: 'customer@alpaca.test', data: { orderId: order.id } }, `email:order-placed:${order.id}`);
      await enqueue(db, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`);
      await enqueue(db, { kind: 'email', template: 'payment-receipt', to: 'customer@alpaca.test', data: { orderId: order.id } }, `email:payment-receipt:${order.id}`);
    }

    // Several drains fail: every row is still pending, with its error and a later due time.
    let failures = 0;
    const outageEnds = Date.now() + 1_500;
    while (Date.now() < outageEnds) {
      const result = await t.outbox.drainOnce();
      assert.equal(result.delivered, 0);
      failures += result.failed;
      await sleep(60);
    }
    const during = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    assert.equal(during.length, 9);
    assert.ok(failures >= 18, `each row failed more than once (${failures} failures)`);
    for (const row of during) {
      assert.equal(row.delivered_at, null);
      assert.equal(row.parked_at, null);
      assert.ok(row.attempts >= 2, `row ${row.id} retried (${row.attempts} attempts)`);
      assert.match(row.last_error!, row.kind === 'ticket' ? /MQTT broker is not connected/ : /ECONNREFUSED/);
    }
    assert.equal(smtp.received.length, 0);
    assert.equal(await db.selectFrom('store_tickets').select('id').execute().then((r) => r.length), 3,
      'the in-app feed has every ticket even while the printer is unreachable');

    // Both come back on the same ports.
    await broker.start();
    await smtp.start();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'outage-test-subscriber' });
    subscriber.on('message', (_topic, payload) => tickets.push(JSON.parse(payload.toString())));
    await subscriber.subscribeAsync('alpaca/stores/+/tickets', { qos: 1 });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(10_000), 'the app reconnected to the broker by itself');

    const deadline = Date.now() + 20_000;
    for (;;) {
      await t.outbox.drainOnce();
      const pending = await db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
      if (pending.length === 0) break;
      assert.ok(Date.now() < deadline, `${pending.length} rows still pending`);
      await sleep(50);
    }
    // More drains deliver nothing more; give stray redeliveries time to show up.
    assert.equal((await t.outbox.drainOnce()).claimed, 0);
    await sleep(300);

    const rows = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    const emailRows = rows.filter((r) => r.kind === 'email');
    const ticketRows = rows.filter((r) => r.kind === 'ticket');
    assert.equal(smtp.received.length, emailRows.length, 'one email per email row');
    assert.deepEqual(
      smtp.received.map((m) => m.messageId).sort(),
      emailRows.map((r) => `<${r.message_id}@alpaca.cafe>`).sort(),
      'each email row delivered exactly once',
    );
    assert.equal(tickets.length, ticketRows.length, 'one ticket per ticket row');
    assert.deepEqual(tickets.map((m) => m.messageId).sort(), ticketRows.map((r) => r.message_id).sort());
    assert.deepEqual(tickets.map((m) => m.orderId).sort(), orders.map((o) => o.id).sort());
    assert.equal(await db.selectFrom('store_tickets').select('id').execute().then((r) => r.length), 3, 'the feed did not double up');
  });
});
