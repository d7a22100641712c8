// GET /checkout: needs a login and a basket it can make; shows the summary; changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { NEW_PASSWORD, newCustomer } from '../../support/api.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { snapshot, unchanged } from '../../support/db-state.js';
import { flash, redirectedTo } from '../../support/html.js';

describe('checkout page', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A new customer (not the seeded one, whose basket another test would share) with two lines. */
  async function customerWithBasket() {
    const { email } = await newCustomer(t.app);
    const browser = new Browser(t.app);
    await browser.login(email, NEW_PASSWORD);
    await browser.post('/stores/choose', { store: 'colchester' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'oat', 'options.shots': 'double', quantity: '2' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'carrot-cake', quantity: '1' });
    return browser;
  }

  it('asks a guest to log in and come back', async () => {
    const guest = new Browser(t.app);
    assert.equal(redirectedTo(await guest.get('/checkout')), '/login?returnTo=%2Fcheckout');
  });

  it('shows the order summary: store, lines with options, quantities, prices and the total', async () => {
    const browser = await customerWithBasket();
    const page = await browser.get('/checkout');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Collect from <strong>Alpaca Cafe Colchester<\/strong>, 112 High Street, Colchester, CO1 1TH/);
    assert.match(page.body, /Latte<\/span><span class="line-summary__options">Oat · Double · Regular<\/span>/);
    assert.match(page.body, /2 × £4\.45<\/span><strong>£8\.90<\/strong>/);
    assert.match(page.body, /Carrot Cake<\/span>.*?1 × £4\.00/s);
    assert.match(page.body, /data-checkout-total[^>]*>£12\.90</);
  });

  it('changes nothing by being viewed, however often', async () => {
    const browser = await customerWithBasket();
    const lines = () => sql<{ row: string }>`SELECT to_jsonb(l)::text AS row FROM basket_lines l ORDER BY id`.execute(t.deps.db.writer);
    const before = await lines();
    const everything = await snapshot(t.deps.db.writer);
    for (let i = 0; i < 3; i++) {
      const page = await unchanged(t.deps.db.writer, () => browser.get('/checkout'));
      assert.equal(page.statusCode, 200);
    }
    assert.deepEqual((await lines()).rows, before.rows);
    assert.deepEqual(await snapshot(t.deps.db.writer), everything);
  });

  it('sends an empty basket back to the basket page', async () => {
    const browser = new Browser(t.app);
    await browser.login('manager.ipswich@alpaca.test');
    assert.equal(redirectedTo(await browser.get('/checkout')), '/basket');
    assert.equal(flash((await browser.get('/basket')).body), 'Your basket is empty.');
  });

  it('sends a basket with lines the store cannot make back to the basket page', async () => {
    const browser = new Browser(t.app);
    await browser.login('barista.colchester@alpaca.test');
    await browser.post('/stores/choose', { store: 'colchester' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'coconut', quantity: '1' });
    await browser.post('/stores/choose', { store: 'ipswich' });
    const response = await unchanged(t.deps.db.writer, () => browser.get('/checkout'));
    assert.equal(redirectedTo(response), '/basket');
    assert.equal(flash((await browser.get('/basket')).body), 'Some items need your attention before checkout.');
  });
});
