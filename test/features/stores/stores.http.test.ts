// GET /api/v1/stores, the home page, the store chooser and choosing a store.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { unchanged } from '../../support/db-state.js';
import { flash, redirectedTo, unescapeHtml } from '../../support/html.js';

describe('stores API and pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  afterEach(async () => {
    t.setNow(OPEN_HOURS);
    await t.deps.db.writer.updateTable('stores').set({ paused: false, paused_until: null }).execute();
  });

  const stores = async () => {
    const response = await t.app.inject({ url: '/api/v1/stores' });
    assert.equal(response.statusCode, 200);
    return response.json() as { slug: string; name: string; address: string; open: boolean; paused: boolean }[];
  };
  const flags = async () => Object.fromEntries((await stores()).map((s) => [s.slug, { open: s.open, paused: s.paused }]));
  const pause = (slug: string, until: Date | null) =>
    t.deps.db.writer.updateTable('stores').set({ paused: true, paused_until: until }).where('slug', '=', slug).execute();

  it('lists both demo stores with exactly the documented fields', async () => {
    assert.deepEqual(await stores(), [
      { slug: 'colchester', name: 'Alpaca Cafe Colchester', address: '112 High Street, Colchester, CO1 1TH', open: true, paused: false },
      { slug: 'ipswich', name: 'Alpaca Cafe Ipswich', address: '27 Tavern Street, Unit 2, Ipswich, IP1 3AY', open: true, paused: false },
    ]);
  });

  it('judges open by each store’s local hours: 07:15 BST on a July Wednesday', async () => {
    t.setNow(new Date('2026-07-15T06:15:00Z'));
    assert.deepEqual(await flags(), { colchester: { open: true, paused: false }, ipswich: { open: false, paused: false } });
  });

  it('judges open by each store’s local hours: 09:30 GMT on a January Sunday, and closed at night', async () => {
    t.setNow(new Date('2026-01-04T09:30:00Z'));
    assert.deepEqual(await flags(), { colchester: { open: true, paused: false }, ipswich: { open: false, paused: false } });
    t.setNow(new Date('2026-01-04T22:00:00Z'));
    assert.deepEqual(await flags(), { colchester: { open: false, paused: false }, ipswich: { open: false, paused: false } });
  });

  it('shows paused (busy mode) until its resume time', async () => {
    await pause('ipswich', null);
    assert.deepEqual((await flags()).ipswich, { open: true, paused: true });
    await pause('ipswich', new Date(OPEN_HOURS.getTime() + 60_000));
    assert.deepEqual((await flags()).ipswich, { open: true, paused: true });
    t.setNow(new Date(OPEN_HOURS.getTime() + 61_000));
    assert.deepEqual((await flags()).ipswich, { open: true, paused: false });
  });

  it('shows each store’s state on the home page and the chooser', async () => {
    await pause('ipswich', null);
    const home = await t.app.inject({ url: '/' });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Colchester<\/h3>.*?Open now · 07:00–18:00/s);
    assert.match(home.body, /Ipswich<\/h3>.*?Busy — not taking orders for now/s);
    t.setNow(new Date('2026-01-04T22:00:00Z'));
    const chooser = await t.app.inject({ url: '/stores' });
    assert.match(chooser.body, /Colchester<\/h2>.*?Closed now · opens Monday at \d\d:\d\d · today 09:00–16:00/s);
  });

  it('tells menu visitors when the store is busy or closed', async () => {
    await pause('colchester', null);
    assert.match((await t.app.inject({ url: '/stores/colchester' })).body, /Colchester is very busy and has paused new orders for now\./);
    await t.deps.db.writer.updateTable('stores').set({ paused: false }).execute();
    t.setNow(new Date('2026-01-04T22:00:00Z'));
    assert.match((await t.app.inject({ url: '/stores/colchester' })).body, /Colchester is closed right now\. It opens /);
  });

  it('carries a safe returnTo through the chooser, and drops an unsafe one', async () => {
    const safe = await t.app.inject({ url: '/stores?returnTo=%2Fproducts%2Flatte' });
    assert.match(safe.body, /<input type="hidden" name="returnTo" value="\/products\/latte"/);
    const unsafe = await t.app.inject({ url: '/stores?returnTo=%2F%2Fevil.com' });
    assert.doesNotMatch(unsafe.body, /name="returnTo"/);
  });

  it('remembers the chosen store on the basket and goes to its menu', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/stores/choose', { store: 'ipswich' });
    assert.equal(redirectedTo(response), '/stores/ipswich');
    const page = await browser.get('/stores/ipswich');
    assert.equal(unescapeHtml(flash(page.body) ?? ''), "You're ordering from Ipswich.");
    const basket = await t.deps.db.writer
      .selectFrom('baskets')
      .innerJoin('stores', 'stores.id', 'baskets.store_id')
      .select('stores.slug')
      .where('visitor_id', 'is not', null)
      .execute();
    assert.deepEqual(
      basket.map((b) => b.slug),
      ['ipswich'],
    );
    assert.match(page.body, /class="nav-store"[^>]*>.*?Ipswich<\/a>/s);
  });

  it('refuses an unknown store back to the chooser, writing nothing', async () => {
    const browser = new Browser(t.app);
    await browser.get('/stores');
    for (const store of ['bristol', '', 'Colchester', '../admin']) {
      const response = await unchanged(t.deps.db.writer, () => browser.post('/stores/choose', { store }));
      assert.equal(redirectedTo(response), '/stores');
      assert.equal(flash((await browser.get('/stores')).body), 'Please choose one of our stores.');
    }
  });
});
