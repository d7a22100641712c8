// The store printer end to end: the app publishes a paid order's ticket, the
// printer (its real CLI, as a separate process) prints it as a 42-column
// receipt, ignores a duplicate, and after being off gets what it missed
// (persistent session, QoS 1).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { OwnMosquitto } from '../support/mosquitto.js';
import { insertOrder, oat, type FixtureLine } from '../outbox/order-fixture.js';

async function until(what: string, probe: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the store printer (npm run printer)', () => {
  let t: TestApp;
  let broker: OwnMosquitto;
  let dir: string;
  let out: string;
  let printer: ChildProcess | null = null;
  let log = '';
  const clientId = `alpaca-printer-test-${randomBytes(3).toString('hex')}`;

  function startPrinterProcess(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/printer/cli.ts', '--store', 'colchester', '--out', out, '--mqtt', broker.url, '--client-id', clientId], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    printer = child;
    child.stderr!.on('data', (chunk: Buffer) => { log += chunk.toString(); });
    const mark = log.length;
    return until('the printer to connect', () => /listening on|session resumed/.test(log.slice(mark)));
  }

  async function stopPrinterProcess(): Promise<void> {
    const child = printer;
    printer = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
  }

  async function printed(): Promise<string> {
    return fs.readFile(out, 'utf8').catch(() => '');
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
    out = path.join(dir, 'tickets.txt');
    broker = new OwnMosquitto();
    await broker.start();
    t = await startTestApp({ MQTT_URL: broker.url });
    assert.ok(await t.outbox.publisher!.waitUntilConnected(5_000));
  });
  after(async () => {
    await stopPrinterProcess();
    await t.close();
    await broker.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints a paid order as a 42-column receipt', async () => {
    await startPrinterProcess();
    const order = await payAndPublish([
      { name: 'Latte', options: [oat], quantity: 2, unitPence: 385 },
      { name: 'Extraordinarily Long Seasonal Gingerbread Caramel Hazelnut Latte', quantity: 1, unitPence: 495 },
    ]);
    await until('the receipt', async () => (await printed()).includes('TOTAL'));
    const receipt = await printed();
    assert.ok(receipt.includes(`${[...String(order.number)].join(' ')}`), 'the order number, letter-spaced');
    assert.match(receipt, /^2 x Latte {28}£7\.70$/m);
    assert.match(receipt, /^ {4}\+ Milk: Oat$/m);
    assert.match(receipt, /^TOTAL {31}£12\.65$/m);
    assert.match(receipt, /^ {18}Ada L\.$/m);
    for (const line of receipt.split('\n')) assert.ok([...line].length <= 42, `"${line}"`);
  });

  it('prints a ticket the broker delivers twice only once', async () => {
    const before = await printed();
    const order = await payAndPublish();
    await until('the second receipt', async () => (await printed()).length > before.length);
    const ticket = await t.deps.db.writer.selectFrom('store_tickets').select('payload').where('message_id', '=', order.messageId).executeTakeFirstOrThrow();
    const again = await mqtt.connectAsync(broker.url, { clientId: `resender-${randomBytes(3).toString('hex')}` });
    const payload = JSON.stringify(ticket.payload);
    await again.publishAsync('alpaca/stores/colchester/tickets', payload, { qos: 1 });
    await again.endAsync();
    await until('the printer to notice the duplicate', () => log.includes(`(${order.messageId}); not printing it again`));
    const receipts = (await printed()).split('TOTAL').length - 1;
    assert.equal(receipts, 2, 'two tickets, two receipts');
  });

  it('gets the tickets published while it was off when it comes back (persistent session)', async () => {
    await stopPrinterProcess();
    const missed = await payAndPublish([{ name: 'Flat White', quantity: 3, unitPence: 360 }]);
    assert.ok(!(await printed()).includes('3 x Flat White'));
    await startPrinterProcess();
    await until('the missed receipt', async () => (await printed()).includes('3 x Flat White'));
    assert.match(log, /session resumed/);
    assert.equal((await printed()).split('TOTAL').length - 1, 3, 'nothing printed twice on reconnect');
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
