// The basket through its pages: add from the product form, view, change quantity,
// remove, and the store change that flags lines — all with Post/Redirect/Get.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { unchanged } from '../../support/db-state.js';
import { fieldError, flash, redirectedTo, unescapeHtml } from '../../support/html.js';

const lineIds = (html: string) => [...html.matchAll(/data-line-id="(\d+)"/g)].map((m) => m[1]!);
const basketTotal = (html: string) => /data-basket-total[^>]*>([^<]+)</.exec(html)?.[1];
const basketCount = (html: string) => /data-basket-count[^>]*>(\d+)</.exec(html)?.[1];

describe('basket pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function shopper(store = 'colchester') {
    const browser = new Browser(t.app);
    redirectedTo(await browser.post('/stores/choose', { store }));
    return browser;
  }
  const addForm = (browser: Browser, fields: Record<string, string | string[]>) =>
    browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1', ...fields });

  it('adds from the product form with a visible confirmation and the count in the header', async () => {
    const browser = await shopper();
    const response = await addForm(browser, { 'options.milk': 'oat', 'options.shots': 'double', quantity: '2' });
    assert.equal(redirectedTo(response), '/stores/colchester');
    const menu = await browser.get('/stores/colchester');
    assert.equal(unescapeHtml(flash(menu.body) ?? ''), 'Added 2 × Latte (Oat, Double, Regular) to your basket. Basket total £8.90.');
    assert.equal(basketCount(menu.body), '2');
  });

  it('confirms the line that was just added, not an earlier one of the same product', async () => {
    const browser = await shopper();
    await addForm(browser, { 'options.milk': 'oat' });
    await addForm(browser, { 'options.milk': 'whole', 'options.syrup': ['vanilla', 'caramel'] });
    const menu = await browser.get('/stores/colchester');
    assert.match(unescapeHtml(flash(menu.body) ?? ''), /^Added 1 × Latte \(Whole, Single, Regular, Vanilla, Caramel\)/);
  });

  it('shows the basket with each line’s options, prices in pounds and the total', async () => {
    const browser = await shopper();
    await addForm(browser, { 'options.milk': 'soy', quantity: '3' });
    await browser.post('/basket/lines', { store: 'colchester', product: 'butter-croissant', quantity: '1' });
    const page = await browser.get('/basket');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Latte<\/span><span class="line-summary__options">Soy · Single · Regular</);
    assert.match(page.body, /3 × £3\.80<\/span><strong data-line-total[^>]*>£11\.40</);
    assert.equal(basketTotal(page.body), '£14.00');
    assert.match(page.body, /<a class="button button--primary" href="\/checkout">Checkout<\/a>/);
  });

  const badForms: [string, Record<string, string | string[]>, string][] = [
    ['an unknown milk', { 'options.milk': 'goat' }, 'milk'],
    ['four syrups', { 'options.syrup': ['vanilla', 'caramel', 'hazelnut', 'cinnamon'] }, 'syrup'],
    ['quantity 0', { quantity: '0' }, 'quantity'],
    ['quantity 21', { quantity: '21' }, 'quantity'],
    ['quantity 1.5', { quantity: '1.5' }, 'quantity'],
    ['an empty quantity', { quantity: '' }, 'quantity'],
  ];
  for (const [what, fields, id] of badForms) {
    it(`shows the product form again with 400 and the problem beside ${id} for ${what}, writing nothing`, async () => {
      const browser = await shopper();
      const response = await unchanged(t.deps.db.writer, () => addForm(browser, fields));
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /<h1>Latte<\/h1>/);
      assert.ok(fieldError(response.body, id), `no error beside ${id}`);
    });
  }

  it('shows the product error for an item the store cannot make', async () => {
    const browser = await shopper('ipswich');
    const response = await unchanged(t.deps.db.writer, () => browser.post('/basket/lines', { store: 'ipswich', product: 'iced-white-mocha', quantity: '1' }));
    assert.equal(response.statusCode, 400);
    assert.match(fieldError(response.body, 'product') ?? '', /not available/);
  });

  it('refuses a merge beyond 20 beside the quantity', async () => {
    const browser = await shopper();
    await addForm(browser, { quantity: '20' });
    const response = await unchanged(t.deps.db.writer, () => addForm(browser, { quantity: '1' }));
    assert.equal(response.statusCode, 400);
    assert.match(fieldError(response.body, 'quantity') ?? '', /at most 20/);
  });

  it('sends an unknown store or product back to the chooser with a message, writing nothing', async () => {
    const browser = await shopper();
    for (const fields of [{ store: 'bristol' }, { product: 'babyccino' }] as Record<string, string>[]) {
      const response = await unchanged(t.deps.db.writer, () => addForm(browser, fields));
      assert.equal(redirectedTo(response), '/stores');
      assert.ok(flash((await browser.get('/stores')).body));
    }
  });

  it('changes a quantity and removes a line', async () => {
    const browser = await shopper();
    await addForm(browser, {});
    await browser.post('/basket/lines', { store: 'colchester', product: 'espresso', quantity: '1' });
    const [latte, espresso] = lineIds((await browser.get('/basket')).body);
    assert.equal(redirectedTo(await browser.post(`/basket/lines/${latte}`, { quantity: '4' })), '/basket');
    assert.equal(flash((await browser.get('/basket')).body), 'Quantity updated.');
    assert.equal(redirectedTo(await browser.post(`/basket/lines/${espresso}/remove`)), '/basket');
    const page = await browser.get('/basket');
    assert.equal(flash(page.body), 'Item removed.');
    assert.deepEqual(lineIds(page.body), [latte]);
    assert.equal(basketTotal(page.body), '£13.60');
  });

  it('refuses a bad quantity change with a message and no change', async () => {
    const browser = await shopper();
    await addForm(browser, { quantity: '2' });
    const [id] = lineIds((await browser.get('/basket')).body);
    for (const quantity of ['0', '21', 'two']) {
      const response = await unchanged(t.deps.db.writer, () => browser.post(`/basket/lines/${id}`, { quantity }));
      assert.equal(redirectedTo(response), '/basket');
      assert.match(flash((await browser.get('/basket')).body) ?? '', /whole number|between 1 and 20/);
    }
  });

  it("answers 404 for someone else's line or a malformed id, changing nothing", async () => {
    const owner = await shopper();
    await addForm(owner, {});
    const [id] = lineIds((await owner.get('/basket')).body);
    const other = await shopper();
    for (const url of [`/basket/lines/${id}`, `/basket/lines/${id}/remove`, '/basket/lines/abc', '/basket/lines/0/remove']) {
      const response = await unchanged(t.deps.db.writer, () => other.post(url, { quantity: '5' }));
      assert.equal(response.statusCode, 404, url);
    }
  });

  it('flags lines the new store cannot make when the store changes, and blocks checkout', async () => {
    const browser = await shopper();
    await addForm(browser, { 'options.milk': 'coconut' });
    await addForm(browser, { 'options.milk': 'oat' });
    const response = await browser.post('/stores/choose', { store: 'ipswich', returnTo: '/basket' });
    assert.equal(redirectedTo(response), '/basket');
    const page = await browser.get('/basket');
    assert.match(unescapeHtml(flash(page.body) ?? ''), /ordering from Ipswich\. 1 item in your basket can't be made here/);
    assert.match(page.body, /<li class="basket-line basket-line--problem"[^>]*>.*?Coconut.*?Coconut is not available/s);
    assert.equal((page.body.match(/basket-line--problem/g) ?? []).length, 1);
    assert.match(page.body, /aria-disabled="true">Checkout</);
  });
});
