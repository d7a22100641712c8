// The receipt with VAT on the order page (decision 332): not while the card is only held; once it
// is charged, net, VAT and total per rate in whole pence, with the company's VAT number.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { redirectedTo } from '../../support/html.js';
import { CARDS } from './helpers.js';

const hiddenKey = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
const receiptRow = (html: string) =>
  /<tr data-vat-rate="20"><th scope="row">20 %<\/th><td>([^<]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/.exec(html)?.slice(1);

describe('receipt with VAT on the order page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('appears once the card is charged: VAT from the total, net the rest, the VAT number', async () => {
    const browser = new Browser(t.app);
    const registered = await browser.post('/register', {
      firstName: 'Vera',
      lastName: 'Tax',
      email: `vera.${randomBytes(4).toString('hex')}@example.com`,
      password: 'correct horse battery',
      returnTo: '/',
    });
    assert.equal(registered.statusCode, 303);
    // Three oat lattes at £3.85: £11.55, VAT 11.55 × 20/120 = £1.925 → £1.93 (line by line 64 × 3 = £1.92).
    const add = await browser.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'oat', quantity: '3' });
    assert.equal(add.statusCode, 303, add.body.slice(0, 300));
    const checkout = await browser.get('/checkout');
    const placed = await browser.post('/orders', { idempotencyKey: hiddenKey(checkout.body)!, cardNumber: CARDS.ok, expiry: '12/30', cvc: '123' });
    const location = redirectedTo(placed);
    const orderId = location.split('/').pop()!;

    const held = await browser.get(location);
    assert.equal(held.statusCode, 200);
    assert.doesNotMatch(held.body, /data-receipt/, 'a hold is not a receipt');

    const checkedIn = await browser.post(`${location}/check-in`);
    assert.equal(checkedIn.statusCode, 303);
    const paid = await browser.get(location);
    assert.match(paid.body, /<h2 id="receipt-heading">Receipt<\/h2>/);
    assert.match(paid.body, /VAT registration number GB 123 4567 89\. Prices include VAT\./);
    assert.deepEqual(receiptRow(paid.body), ['£9.62', '£1.93', '£11.55']);

    // The rate is the line's own, snapshotted at checkout.
    const { rows } = await sql<{ vat_rate_percent: number }>`SELECT vat_rate_percent FROM order_lines WHERE order_id = ${orderId}`.execute(t.deps.db.writer);
    assert.deepEqual(
      rows.map((r) => r.vat_rate_percent),
      [20],
    );
  });
});
