// The dev mailbox: lists what would have been emailed; gone in production and
// when real SMTP is configured.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { enqueue } from '../../../src/outbox/enqueue.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { insertOrder } from '../../outbox/order-fixture.js';

describe('dev mailbox', () => {
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    dataDir = path.resolve(`.test-tmp/mailbox-${randomBytes(4).toString('hex')}`);
    t = await startTestApp({ DATA_DIR: dataDir });
  });
  after(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('is only for this machine or an admin: through the proxy, a customer gets 404', async () => {
    const viaProxy = { 'x-forwarded-for': '203.0.113.9' };
    assert.equal((await t.app.inject({ url: '/dev/mailbox', headers: viaProxy })).statusCode, 404);
    const customer = new Browser(t.app);
    await customer.login('customer@alpaca.test');
    assert.equal((await customer.request({ method: 'GET', url: '/dev/mailbox', headers: viaProxy })).statusCode, 404);
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    assert.equal((await admin.request({ method: 'GET', url: '/dev/mailbox', headers: viaProxy })).statusCode, 200);
  });

  it('writes each email to DATA_DIR/mail once and shows it, HTML sandboxed', async () => {
    const db = t.deps.db.writer;
    const order = await insertOrder(db, { lines: [{ name: 'Latte <script>alert(1)</script>', quantity: 1, unitPence: 350 }] });
    await enqueue(db, { kind: 'email', template: 'order-ready', to: 'customer@alpaca.test', data: { orderId: order.id } });
    assert.equal((await t.outbox.drainOnce()).delivered, 1);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();

    const files = (await fs.readdir(path.join(dataDir, 'mail'))).sort();
    assert.deepEqual(files, [`${row.message_id}.eml`, `${row.message_id}.json`]);
    const eml = await fs.readFile(path.join(dataDir, 'mail', `${row.message_id}.eml`), 'utf8');
    assert.match(eml, new RegExp(`Message-ID: <${row.message_id}@alpaca.cafe>`, 'i'));

    const browser = new Browser(t.app); // no login needed outside production
    const list = await browser.get('/dev/mailbox');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`href="/dev/mailbox/${row.message_id}"`));
    assert.match(list.body, new RegExp(`Order ${order.number} is ready to collect`));

    const view = await browser.get(`/dev/mailbox/${row.message_id}`);
    assert.equal(view.statusCode, 200);
    const iframe = /<iframe[^>]*>/.exec(view.body)?.[0] ?? '';
    assert.match(iframe, /\ssandbox(=""|\s|>)/, 'sandboxed with no allowances');
    assert.ok(!iframe.includes('allow-'), iframe);
    assert.ok(!view.body.includes('<script>alert(1)</script>'), 'the product name is escaped everywhere');
    assert.match(view.body, /Latte &lt;script>alert\(1\)&lt;\/script>|Latte &lt;script&gt;alert\(1\)&lt;\/script&gt;/);

    const raw = await browser.get(`/dev/mailbox/${row.message_id}/raw`);
    assert.equal(raw.statusCode, 200);
    assert.equal(raw.headers['content-type'], 'message/rfc822');

    assert.equal((await browser.get('/dev/mailbox/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await browser.get('/dev/mailbox/..%2F..%2Fetc%2Fpasswd')).statusCode, 404);
  });

  it('does not exist in production', async () => {
    // Production refuses to start without SMTP_URL (test/config.test.ts); with it, no mailbox either.
    const prod = await startTestApp({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SMTP_URL: 'smtp://127.0.0.1:9', DATA_DIR: dataDir });
    try {
      const admin = new Browser(prod.app);
      await admin.login('admin@alpaca.test');
      for (const url of ['/dev/mailbox', '/dev/mailbox/00000000-0000-4000-8000-000000000000']) {
        assert.equal((await admin.get(url)).statusCode, 404, url);
      }
    } finally {
      await prod.close();
    }
  });

  it('does not exist when real SMTP is configured', async () => {
    const withSmtp = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:9', DATA_DIR: dataDir });
    try {
      assert.equal((await new Browser(withSmtp.app).get('/dev/mailbox')).statusCode, 404);
    } finally {
      await withSmtp.close();
    }
  });
});
