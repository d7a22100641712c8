import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type Browser, type TestApp } from '../../support/test-app.js';
import { salesByStoreDay, topProducts } from '../../../src/features/admin/reports/queries.js';
import { salesByHour, storeSummaries } from '../../../src/features/admin/reports/store-summary-queries.js';
import { ADMIN, fieldError, insertOrder, NON_ADMINS, signedIn, storeId } from './helpers.js';

const CUSTOMER = 'customer@alpaca.test';

describe('admin: reports', () => {
  let t: TestApp;
  let admin: Browser;
  let ids: Record<string, number>;
  before(async () => {
    t = await startTestApp();
    admin = await signedIn(t, ADMIN);
    await sql`INSERT INTO stores (slug, name, address_line1, town, postcode, timezone)
              VALUES ('new-york', 'Alpaca Cafe New York', '1 Broadway', 'New York', 'NY10004', 'America/New_York')`.execute(t.deps.db.writer);
    ids = { colchester: await storeId(t, 'colchester'), ipswich: await storeId(t, 'ipswich'), 'new-york': await storeId(t, 'new-york') };
    const order = (store: string, state: string, at: string, lines: { product: string; quantity: number; unitPence: number }[]) =>
      insertOrder(t, { store, email: CUSTOMER, state, at, lines });
    await order('colchester', 'completed', '2026-07-01T10:00:00Z', [{ product: 'latte', quantity: 2, unitPence: 330 }]);
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (British Summer Time).
    await order('colchester', 'paid', '2026-07-01T23:30:00Z', [
      { product: 'latte', quantity: 1, unitPence: 330 },
      { product: 'flat-white', quantity: 1, unitPence: 310 },
    ]);
    await order('colchester', 'cancelled', '2026-07-01T12:00:00Z', [{ product: 'latte', quantity: 5, unitPence: 330 }]);
    await order('colchester', 'authorised', '2026-07-01T12:30:00Z', [{ product: 'latte', quantity: 4, unitPence: 330 }]);
    await order('ipswich', 'ready', '2026-07-02T09:00:00Z', [{ product: 'flat-white', quantity: 4, unitPence: 200 }]);
    // 02:00 UTC on 2 July is 22:00 on 1 July in New York.
    await order('new-york', 'completed', '2026-07-02T02:00:00Z', [{ product: 'latte', quantity: 1, unitPence: 400 }]);
    // Outside the range.
    await order('ipswich', 'completed', '2026-06-30T22:59:00Z', [{ product: 'latte', quantity: 9, unitPence: 330 }]);
  });
  after(() => t.close());

  it("counts paid, ready and completed orders per store per day on the store's own clock", async () => {
    const sales = await salesByStoreDay(t.deps.db.writer, { from: '2026-07-01', to: '2026-07-02' });
    const expected = [
      { storeId: ids['colchester']!, day: '2026-07-01', orders: 1, revenuePence: 660 },
      { storeId: ids['new-york']!, day: '2026-07-01', orders: 1, revenuePence: 400 },
      { storeId: ids['colchester']!, day: '2026-07-02', orders: 1, revenuePence: 640 },
      { storeId: ids['ipswich']!, day: '2026-07-02', orders: 1, revenuePence: 800 },
    ];
    const key = (s: { day: string; storeId: number }) => `${s.day}/${s.storeId}`;
    assert.deepEqual(
      [...sales].sort((a, b) => key(a).localeCompare(key(b))),
      [...expected].sort((a, b) => key(a).localeCompare(key(b))),
    );

    const byQuantity = await topProducts(t.deps.db.writer, { from: '2026-07-01', to: '2026-07-02' }, 'quantity');
    assert.deepEqual(
      byQuantity.map((p) => [p.slug, p.quantity, p.revenuePence]),
      [
        ['flat-white', 5, 1110],
        ['latte', 4, 1390],
      ],
    );
    const byRevenue = await topProducts(t.deps.db.writer, { from: '2026-07-01', to: '2026-07-02' }, 'revenue');
    assert.deepEqual(
      byRevenue.map((p) => p.slug),
      ['latte', 'flat-white'],
    );
  });

  it('shows the chart (SVG with title and description) and a table of the same numbers', async () => {
    const page = await admin.get('/admin/reports?from=2026-07-01&to=2026-07-02');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
    assert.match(page.body, /<title id="chart-title">Revenue per day by store, 2026-07-01 to 2026-07-02<\/title>/);
    assert.match(page.body, /<desc id="chart-desc">[^<]*Total £25\.00 from 4 orders/);
    assert.match(page.body, /<title>Alpaca Cafe Colchester, 2026-07-02: £6\.40<\/title>/);
    // Stores in name order: Colchester, Ipswich, New York.
    assert.match(page.body, /<th scope="row">2026-07-01<\/th><td>1<\/td><td>£6\.60<\/td><td>0<\/td><td>£0\.00<\/td><td>1<\/td><td>£4\.00<\/td>/);
    assert.match(page.body, /<th scope="row">2026-07-02<\/th><td>1<\/td><td>£6\.40<\/td><td>1<\/td><td>£8\.00<\/td><td>0<\/td><td>£0\.00<\/td>/);
    assert.match(page.body, /Top products by quantity/);
  });

  it('defaults to the last 14 days and rejects bad ranges with 400 beside the field', async () => {
    const page = await admin.get('/admin/reports');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="from" name="from" type="date" value="2026-11-12"/);
    assert.match(page.body, /id="to" name="to" type="date" value="2026-11-25"/);
    assert.equal((page.body.match(/<th scope="row">2026-11-\d\d<\/th>/g) ?? []).length, 14);

    const badDate = await admin.get('/admin/reports?from=2026-13-01&to=2026-07-01');
    assert.equal(badDate.statusCode, 400);
    assert.ok(fieldError(badDate.body, 'from'));
    const backwards = await admin.get('/admin/reports?from=2026-07-05&to=2026-07-01');
    assert.equal(backwards.statusCode, 400);
    assert.ok(fieldError(backwards.body, 'to'));
    const tooLong = await admin.get('/admin/reports?from=2020-01-01&to=2026-07-01');
    assert.equal(tooLong.statusCode, 400);
    assert.ok(fieldError(tooLong.body, 'from'));
  });

  it('answers 403 to customers, baristas and managers', async () => {
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      assert.equal((await browser.get('/admin/reports')).statusCode, 403, email);
    }
  });

  it('adds, per store, the average ticket, payment failures, refunds and sales by local hour; one store at a time', async () => {
    const db = t.deps.db.writer;
    const range = { from: '2026-07-01', to: '2026-07-02' };
    // A declined hold (an attempt), a capture refused at check-in, and a £2.50 cash refund of the 11:00 latte order.
    await insertOrder(t, {
      store: 'colchester',
      email: CUSTOMER,
      state: 'declined',
      at: '2026-07-01T12:05:00Z',
      lines: [{ product: 'latte', quantity: 1, unitPence: 330 }],
    });
    const refused = await insertOrder(t, {
      store: 'colchester',
      email: CUSTOMER,
      state: 'needs_payment',
      at: '2026-07-01T12:10:00Z',
      lines: [{ product: 'latte', quantity: 1, unitPence: 330 }],
    });
    await sql`INSERT INTO order_events (order_id, from_state, to_state, at, actor, transition)
              VALUES (${refused}, 'capturing', 'needs_payment', timestamptz '2026-07-01 12:15+00', 'customer', 'capture_fail')`.execute(db);
    const refunded = (
      await sql<{ id: string }>`SELECT id FROM orders WHERE store_id = ${ids['colchester']!} AND paid_at = timestamptz '2026-07-01 10:00+00'`.execute(db)
    ).rows[0]!.id;
    await sql`UPDATE orders SET captured_pence = total_pence WHERE id = ${refunded}`.execute(db);
    await sql`INSERT INTO refunds (order_id, amount_pence, lines, reason, actor, method, status, idempotency_key, created_at, settled_at)
              VALUES (${refunded}, 250, cast('[]' as text)::jsonb, 'Cold', 'staff:1', 'cash', 'succeeded', 'report-test', timestamptz '2026-07-01 16:00+00', timestamptz '2026-07-01 16:00+00')`.execute(
      db,
    );

    const summaries = await storeSummaries(db, range);
    const colchester = summaries.find((s) => s.storeId === ids['colchester']);
    assert.deepEqual(colchester, {
      storeId: ids['colchester'],
      orders: 2,
      revenuePence: 1300,
      averageTicketPence: 650,
      declinedAttempts: 1,
      refusedCaptures: 1,
      refunds: 1,
      refundedPence: 250,
    });
    // 10:00 UTC is 11:00 in London (summer time); 23:30 UTC is 00:30 the next day; 02:00 UTC is 22:00 in New York.
    const hours = await salesByHour(db, range);
    const at = (store: string) => hours.filter((h) => h.storeId === ids[store]).map((h) => [h.hour, h.orders, h.revenuePence]);
    assert.deepEqual(at('colchester'), [
      [0, 1, 640],
      [11, 1, 660],
    ]);
    assert.deepEqual(at('new-york'), [[22, 1, 400]]);
    assert.deepEqual(
      (await salesByHour(db, range, ids['ipswich']!)).map((h) => h.storeId),
      [ids['ipswich']],
      'one store only',
    );

    const page = await admin.get('/admin/reports?from=2026-07-01&to=2026-07-02&store=colchester');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<th scope="row">Alpaca Cafe Colchester<\/th><td>2<\/td><td>£13\.00<\/td><td>£6\.50<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>£2\.50<\/td>/,
    );
    assert.match(page.body, /<th scope="row">11:00–11:59<\/th><td>1<\/td><td>£6\.60<\/td><\/tr>/);
    assert.doesNotMatch(page.body, /Alpaca Cafe Ipswich<\/th>/, 'only the store asked for');
    const unknown = await admin.get('/admin/reports?from=2026-07-01&to=2026-07-02&store=nowhere');
    assert.equal(unknown.statusCode, 400);
    assert.ok(fieldError(unknown.body, 'store'));
  });
});
