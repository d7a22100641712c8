// The sales export form in Chromium on a 1024×768 tablet (issue 10 items 7 and 10): the admin picks
// a store and days, and each button downloads a file with the right rows — CSV one row per order
// line, JSON Lines one order per line — and nothing of another store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { paidOrder } from '../../support/paid-order.js';
import { parseCsv } from './csv.js';

describe('sales export, in a browser', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b.close());

  it('downloads CSV and JSON Lines of the chosen store and days', async () => {
    const t = b.testApp;
    const mine = await paidOrder(t, 'Exported');
    const other = await paidOrder(t, 'Elsewhere', 'ipswich');
    // The rows' created_at is the database's own clock (today), not the test clock.
    const today = new Date().toISOString().slice(0, 10);

    const page = await b.page({ width: 1024, height: 768 });
    await b.login(page, 'admin@alpaca.test');
    await page.goto('/admin/exports');
    await page.getByLabel('Store', { exact: true }).selectOption('colchester');
    await page.getByLabel('From', { exact: true }).fill('2026-11-01');
    await page.getByLabel('To', { exact: true }).fill(today);
    await b.screenshot(page, 'sales-export-form-tablet');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).click()]);
    assert.equal(csvDownload.suggestedFilename(), `alpaca-sales-colchester-2026-11-01-to-${today}.csv`);
    const rows = parseCsv((await fs.readFile(await csvDownload.path(), 'utf8')).replace(/^\uFEFF/, ''));
    const header = rows[0]!;
    const id = header.indexOf('order_id');
    const ours = rows.slice(1).filter((r) => r[id] === mine.id);
    assert.equal(ours.length, 2, 'one row per line: lattes and a flat white');
    assert.deepEqual(
      ours.map((r) => r[header.indexOf('product')]),
      ['latte', 'flat-white'],
    );
    assert.equal(ours[0]![header.indexOf('state')], 'Paid — being made');
    assert.ok(!rows.some((r) => r[id] === other.id), "no row of another store's order");

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download JSON Lines/ }).click()]);
    assert.equal(jsonDownload.suggestedFilename(), `alpaca-sales-colchester-2026-11-01-to-${today}.jsonl`);
    const orders = (await fs.readFile(await jsonDownload.path(), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; number: number; store: string; lines: unknown[] });
    const exported = orders.find((o) => o.id === mine.id);
    assert.ok(exported, 'the order is in the file');
    assert.equal(exported.number, mine.number);
    assert.equal(exported.lines.length, 2);
    assert.ok(
      orders.every((o) => o.store === 'colchester'),
      'only the chosen store',
    );
  });
});
