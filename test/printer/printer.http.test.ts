// The store printer end to end: the app publishes a paid order's ticket, the
// printer (its real CLI, as a separate process) prints it as a 42-column
// receipt, ignores a duplicate, and after being off gets what it missed
// (persistent session, QoS 1).
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { HANG_MS } from '../support/hang.js';
import { OwnMosquitto } from '../support/mosquitto.js';
import { insertOrder, oat, type FixtureLine } from '../outbox/order-fixture.js';

async function until(what: string, probe: () => Promise<boolean> | boolean, ms = HANG_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One printer (its real CLI as a child process) with its own output file and MQTT session. */
class Printer {
  readonly clientId = `alpaca-printer-test-${randomBytes(3).toString('hex')}`;
  readonly out: string;
  log = '';
  private child: ChildProcess | null = null;

  constructor(
    dir: string,
    private readonly brokerUrl: string,
  ) {
    this.out = path.join(dir, `${this.clientId}.txt`);
  }

  start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/printer/cli.ts', '--store', 'colchester', '--out', this.out, '--mqtt', this.brokerUrl, '--client-id', this.clientId],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.child = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      this.log += chunk.toString();
    });
    const mark = this.log.length;
    return until('the printer to connect', () => /listening on|session resumed/.test(this.log.slice(mark)));
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  printed(): Promise<string> {
    return fs.readFile(this.out, 'utf8').catch(() => '');
  }

  async receipts(): Promise<number> {
    return (await this.printed()).split('TOTAL').length - 1;
  }
}

describe('the store printer (npm run printer)', () => {
  // One app and broker for the file; each test starts its own printer (own file, own session),
  // so every test passes alone.
  let t: TestApp;
  let broker: OwnMosquitto;
  let dir: string;
  const printers: Printer[] = [];

  async function newPrinter(): Promise<Printer> {
    const printer = new Printer(dir, broker.url);
    printers.push(printer);
    await printer.start();
    return printer;
  }

  async function payAndPublish(lines: FixtureLine[] = [{ name: 'Latte', options: [oat], quantity: 1, unitPence: 385 }]) {
    const db = t.deps.db.writer;
    const order = await insertOrder(db, { lines });
    await enqueue(db, { kind: 'ticket', orderId: order.id }, `ticket:${order.id}`);
    assert.equal((await t.outbox.drainOnce()).delivered, 1);
    const row = await db.selectFrom('outbox').select('message_id').where('dedupe_key', '=', `ticket:${order.id}`).executeTakeFirstOrThrow();
    return { ...order, messageId: row.message_id };
  }

  before(async () => {
    dir = path.resolve(`.test-tmp/printer-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(dir, { recursive: true });
    broker = new OwnMosquitto();
    await broker.start();
    t = await startTestApp({ MQTT_URL: broker.url });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(HANG_MS));
  });
  afterEach(async () => {
    for (const printer of printers.splice(0)) await printer.stop();
  });
  after(async () => {
    await t.close();
    await broker.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints a paid order as a 42-column receipt', async () => {
    const printer = await newPrinter();
    const order = await payAndPublish([
      { name: 'Latte', options: [oat], quantity: 2, unitPence: 385 },
      { name: 'Extraordinarily Long Seasonal Gingerbread Caramel Hazelnut Latte', quantity: 1, unitPence: 495 },
    ]);
    await until('the receipt', async () => (await printer.printed()).includes('TOTAL'));
    const receipt = await printer.printed();
    assert.ok(receipt.includes(`${[...String(order.number)].join(' ')}`), 'the order number, letter-spaced');
    assert.match(receipt, /^2 x Latte {28}£7\.70$/m);
    assert.match(receipt, /^ {4}\+ Milk: Oat$/m);
    assert.match(receipt, /^TOTAL {31}£12\.65$/m);
    assert.match(receipt, /^ {18}Ada L\.$/m);
    for (const line of receipt.split('\n')) assert.ok([...line].length <= 42, `"${line}"`);
  });

  it('prints a ticket the broker delivers twice only once', async () => {
    const printer = await newPrinter();
    const order = await payAndPublish();
    await until('the receipt', async () => (await printer.receipts()) === 1);
    const ticket = await t.deps.db.writer.selectFrom('store_tickets').select('payload').where('message_id', '=', order.messageId).executeTakeFirstOrThrow();
    const again = await mqtt.connectAsync(broker.url, { clientId: `resender-${randomBytes(3).toString('hex')}` });
    const payload = JSON.stringify(ticket.payload);
    await again.publishAsync('alpaca/stores/colchester/tickets', payload, { qos: 1 });
    await again.endAsync();
    await until('the printer to notice the duplicate', () => printer.log.includes(`(${order.messageId}); not printing it again`));
    assert.equal(await printer.receipts(), 1, 'one ticket, one receipt');
  });

  it('gets the tickets published while it was off when it comes back (persistent session)', async () => {
    const printer = await newPrinter(); // its first connection opens the session the broker keeps
    await printer.stop();
    const missed = await payAndPublish([{ name: 'Flat White', quantity: 3, unitPence: 360 }]);
    assert.ok(!(await printer.printed()).includes('3 x Flat White'));
    await printer.start();
    await until('the missed receipt', async () => (await printer.printed()).includes('3 x Flat White'));
    assert.match(printer.log, /session resumed/);
    assert.equal(await printer.receipts(), 1, 'nothing printed twice on reconnect');
    assert.ok(missed.number > 0);
  });

  it('npm run printer explains itself and refuses a bad store', () => {
    const help = spawnSync('npm', ['run', '--silent', 'printer', '--', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--store <slug>/);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/printer/cli.ts', '--store', '../etc'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--store must be a store slug/);
  });
});
