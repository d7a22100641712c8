// The broker and the mail server go down; orders keep being paid. Nothing is
// lost: the rows fail and back off, and once both are back every ticket and
// every email arrives exactly once per outbox row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import type { TicketMessage } from '../../src/outbox/tickets/ticket-message.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HANG_MS } from '../support/hang.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { OwnMosquitto } from '../support/mosquitto.js';
import { bank, newCustomer, placedOrder, post } from '../features/orders/helpers.js';

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
      SMTP_URL: smtp.url,
      MQTT_URL: broker.url,
      // Short waits so the test sees several retries in a few seconds.
      OUTBOX_BACKOFF_BASE: '50ms',
      OUTBOX_BACKOFF_MAX: '400ms',
      OUTBOX_MAX_ATTEMPTS: '50',
      OUTBOX_DELIVERY_TIMEOUT: '3s',
      OUTBOX_LEASE: '10s',
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

    // While both are down, customers order through the real API: three place an
    // order and check in (paid: placed email, ticket, receipt), one places and
    // cancels (placed email, the hold's void, cancelled email). Each of the four
    // registrations also sends its verify-email link.
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const customer = await newCustomer(t, `Paid${i}`);
      const order = await placedOrder(t, customer);
      const checkIn = await post(t, customer, `/api/v1/orders/${order.id}/check-in`);
      assert.equal(checkIn.statusCode, 200, checkIn.body);
      assert.equal(checkIn.json().state, 'paid');
      orders.push(order);
    }
    const canceller = await newCustomer(t, 'Cancel');
    const cancelled = await placedOrder(t, canceller);
    assert.equal((await post(t, canceller, `/api/v1/orders/${cancelled.id}/cancel`)).statusCode, 200);

    // Drains keep failing: every row backs off and is retried, none is lost or parked.
    let failures = 0;
    let delivered = 0;
    const retriedBy = Date.now() + HANG_MS;
    for (;;) {
      const result = await t.outbox.drainOnce();
      delivered += result.delivered;
      failures += result.failed;
      const { least } = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min<number>('attempts').as('least'))
        .where('kind', '!=', 'payment-void')
        .executeTakeFirstOrThrow();
      if (Number(least) >= 3) break;
      assert.ok(Date.now() < retriedBy, 'the rows were never retried three times (a hang)');
      await sleep(30);
    }
    assert.equal(delivered, 1, 'only the payment void got through (the payment gateway is up)');
    const all = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    assert.deepEqual(all.map((r) => r.kind).sort(), [...Array(12).fill('email'), 'payment-void', ...Array(3).fill('ticket')].sort());
    const voids = all.filter((r) => r.kind === 'payment-void');
    assert.ok(
      voids.every((r) => r.delivered_at),
      'the card hold was released meanwhile: the payment gateway was up',
    );
    assert.equal(bank(t).ledger.cancelCalls, 1);
    const during = all.filter((r) => r.kind !== 'payment-void');
    assert.equal(during.length, 15);
    assert.ok(failures >= 45, `each row failed at least three times (${failures} failures)`);
    for (const row of during) {
      assert.equal(row.delivered_at, null);
      assert.equal(row.parked_at, null);
      assert.ok(row.attempts >= 3, `row ${row.id} retried (${row.attempts} attempts)`);
      assert.match(row.last_error!, row.kind === 'ticket' ? /MQTT broker is not connected/ : /ECONNREFUSED/);
    }
    assert.equal(smtp.received.length, 0);
    assert.equal(
      await db
        .selectFrom('store_tickets')
        .select('id')
        .execute()
        .then((r) => r.length),
      3,
      'the in-app feed has every ticket even while the printer is unreachable',
    );

    // Both come back on the same ports.
    await broker.start();
    await smtp.start();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'outage-test-subscriber' });
    subscriber.on('message', (_topic, payload) => tickets.push(JSON.parse(payload.toString())));
    await subscriber.subscribeAsync('alpaca/stores/+/tickets', { qos: 1 });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(10_000), 'the app reconnected to the broker by itself');

    const deadline = Date.now() + HANG_MS;
    for (;;) {
      await t.outbox.drainOnce();
      const pending = await db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
      if (pending.length === 0) break;
      assert.ok(Date.now() < deadline, `${pending.length} rows never delivered (a hang)`);
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
    assert.deepEqual(
      smtp.received.map((m) => /Order (\d+)/i.exec(m.subject)?.[1] ?? m.subject).sort(),
      [...orders.flatMap((o) => [o.number, o.number]), cancelled.number, cancelled.number, ...Array(4).fill('Confirm your Alpaca Cafe email address')]
        .map(String)
        .sort(),
      'placed + receipt for each paid order; placed + cancelled for the cancelled one; a link per registration',
    );
    assert.equal(bank(t).ledger.cancelCalls, 1, 'the hold was released once');
    assert.equal(
      await db
        .selectFrom('store_tickets')
        .select('id')
        .execute()
        .then((r) => r.length),
      3,
      'the feed did not double up',
    );
  });
});
