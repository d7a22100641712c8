// Store state up front (issue 9 item 3, decision 318): a closed or paused store shows on the menu,
// the basket and checkout before anything is typed, and checkout's "Place order" is disabled with
// the reason. A busy store (minutes added) still takes orders and says so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';

// Wednesday 25 November 2026, 19:30 in London: Colchester closed, opens Thursday at 07:00.
const EVENING = new Date('2026-11-25T19:30:00Z');
const placeOrderButton = (html: string) => /<button type="submit"[^>]*>Place order<\/button>/.exec(html)?.[0] ?? '';

describe('store state before anything is typed', () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    t = await startTestApp();
    browser = new Browser(t.app);
    await browser.post('/register', {
      firstName: 'Ivy',
      lastName: 'I',
      email: `ivy.${randomBytes(4).toString('hex')}@example.com`,
      password: 'correct horse battery',
      returnTo: '/',
    });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1' });
  });
  after(() => t.close());

  it('open: no store message, "Place order" enabled', async () => {
    t.setNow(OPEN_HOURS);
    const checkout = await browser.get('/checkout');
    assert.doesNotMatch(checkout.body, /data-store-state/);
    assert.doesNotMatch(placeOrderButton(checkout.body), /disabled/);
  });

  it('closed: menu, basket and checkout say so with the opening time; checkout offers a pickup time after it opens', async () => {
    t.setNow(EVENING);
    try {
      for (const url of ['/stores/colchester', '/basket', '/checkout']) {
        const page = await browser.get(url);
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /data-message-kind="warning" data-store-state="closed"/, url);
        assert.match(page.body, /Colchester is closed right now\. It opens Thursday at 07:00\./, url);
      }
      // A closed store takes an order for a pickup time after it opens (issue 9 items 1 and 3):
      // "Place order" stays enabled, and the only choice offered is a pickup time on its next day.
      const checkout = await browser.get('/checkout');
      assert.doesNotMatch(placeOrderButton(checkout.body), / disabled[ >]/);
      assert.match(checkout.body, /name="when" value="pickup" checked/);
      assert.doesNotMatch(checkout.body, /value="here"/);
      assert.match(checkout.body, /the store is closed now.*the next opening day/);
    } finally {
      t.setNow(OPEN_HOURS);
    }
  });

  it('paused: says until when, offers another store, and disables "Place order"', async () => {
    const db = t.deps.db.writer;
    await db
      .updateTable('stores')
      .set({ paused: true, paused_until: new Date('2026-11-25T12:30:00Z') })
      .where('slug', '=', 'colchester')
      .execute();
    try {
      const checkout = await browser.get('/checkout');
      assert.match(checkout.body, /data-store-state="paused"/);
      assert.match(checkout.body, /paused new orders until 12:30/);
      assert.match(checkout.body, /href="\/stores\?returnTo=%2Fcheckout">choose another store</);
      assert.match(placeOrderButton(checkout.body), / disabled[ >]/);
    } finally {
      await db.updateTable('stores').set({ paused: false, paused_until: null }).where('slug', '=', 'colchester').execute();
    }
  });
});
