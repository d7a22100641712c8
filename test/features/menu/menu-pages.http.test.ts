// The menu page, the product page (defaults, disabled options, the no-JS "Update total")
// and /products/:product, which asks for a store first and comes back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { fieldError, inputTag, redirectedTo } from '../../support/html.js';
import { unchanged } from '../../support/db-state.js';

const lineTotal = (html: string) => /<output data-line-total[^>]*>([^<]*)<\/output>/.exec(html)?.[1];
const card = (html: string, slug: string) => new RegExp(`<li class="([^"]*)"><a href="/stores/[a-z]+/products/${slug}".*?</li>`, 's').exec(html);

describe('menu and product pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const get = async (url: string) => {
    const response = await t.app.inject({ url });
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };

  it('shows every category of the menu, marking unavailable items at Ipswich but not hiding them', async () => {
    const ipswich = await get('/stores/ipswich');
    for (const name of ['Slow Roasted Coffee', 'Iced Coffee', 'Teas', 'Pastries', 'Hot Chocolate', 'Cold Drinks', 'Seasonal', 'Milkshakes', 'Cakes']) {
      assert.match(ipswich, new RegExp(`<h2 id="[a-z-]+-heading">${name}</h2>`));
    }
    const mocha = card(ipswich, 'iced-white-mocha');
    assert.ok(mocha);
    assert.match(mocha[1]!, /product-card--unavailable/);
    assert.match(mocha[0], /Unavailable here today/);
    assert.doesNotMatch(card(ipswich, 'latte')![1]!, /unavailable/);
    assert.doesNotMatch(await get('/stores/colchester'), /Unavailable here today/);
  });

  it('shows the product with price, description, deltas and each group’s default preselected', async () => {
    const html = await get('/stores/colchester/products/latte');
    assert.match(html, /<h1>Latte<\/h1>/);
    assert.match(html, /<p class="product__price">£3\.40<\/p>/);
    assert.match(html, /steamed milk/);
    for (const id of ['opt-semi-skimmed', 'opt-single', 'opt-regular']) assert.match(inputTag(html, id), /checked/, id);
    for (const id of ['opt-oat', 'opt-double', 'opt-decaf', 'opt-vanilla', 'opt-whipped-cream']) assert.doesNotMatch(inputTag(html, id), /checked/, id);
    assert.match(inputTag(html, 'opt-oat'), /type="radio" name="options\.milk" value="oat"/);
    assert.match(inputTag(html, 'opt-vanilla'), /type="checkbox" name="options\.syrup"/);
    assert.match(html, /<label[^>]*for="opt-oat">.*?\+£0\.45/s);
    assert.match(inputTag(html, 'quantity'), /value="1"/);
    assert.equal(lineTotal(html), '£3.40');
    // A POST to the product page (the form's default method): the CSRF token never goes into a URL.
    assert.match(html, /<form method="post" action="\/basket\/lines"/);
    assert.match(html, /<button[^>]*type="submit" formaction="\/stores\/colchester\/products\/latte"[^>]*>Update total/);
    assert.doesNotMatch(html, /formmethod/);
  });

  it('disables options the store has switched off and says so', async () => {
    const html = await get('/stores/ipswich/products/latte');
    assert.match(inputTag(html, 'opt-coconut'), /disabled/);
    assert.doesNotMatch(inputTag(html, 'opt-oat'), /disabled/);
    assert.match(html, /<label class="option option--unavailable" for="opt-coconut">.*?Unavailable/s);
  });

  it('shows an unavailable product with a notice and a disabled Add button', async () => {
    const html = await get('/stores/ipswich/products/iced-white-mocha');
    assert.match(html, /Iced White Mocha is not available at Ipswich right now/);
    const addButton = (page: string) => /<button[^>]*type="submit"[^>]*>Add to basket/.exec(page)?.[0] ?? '';
    assert.match(addButton(html), /disabled/);
    assert.doesNotMatch(addButton(await get('/stores/colchester/products/iced-white-mocha')), /disabled/);
  });

  /** "Update total" without JavaScript: the product form posted back to the product page. */
  const preview = async (url: string, fields: Record<string, string | string[]>) => {
    const browser = new Browser(t.app);
    await browser.get(url);
    const response = await browser.post(url, fields);
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };

  it('prices the chosen options on the server for "Update total" without JavaScript (a POST that changes nothing)', async () => {
    const html = await unchanged(t.deps.db.writer, () =>
      preview('/stores/colchester/products/latte', {
        store: 'colchester',
        product: 'latte',
        'options.milk': 'oat',
        'options.shots': 'double',
        'options.syrup': ['vanilla', 'caramel'],
        quantity: '2',
      }),
    );
    assert.equal(lineTotal(html), '£10.90'); // 2 × (340 + 45 + 60 + 50 + 50)
    assert.match(inputTag(html, 'opt-oat'), /checked/);
    assert.match(inputTag(html, 'opt-double'), /checked/);
    assert.match(inputTag(html, 'opt-caramel'), /checked/);
    assert.doesNotMatch(inputTag(html, 'opt-semi-skimmed'), /checked/);
    assert.match(inputTag(html, 'quantity'), /value="2"/);
  });

  it('refuses "Update total" without the CSRF token, and ignores a preview in the query string', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/stores/colchester/products/latte',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'options.milk=oat&quantity=2',
    });
    assert.equal(refused.statusCode, 403);
    // The old GET preview is gone: the query string is not read, the defaults show.
    const html = await get('/stores/colchester/products/latte?options.milk=oat&quantity=2');
    assert.equal(lineTotal(html), '£3.40');
    assert.doesNotMatch(inputTag(html, 'opt-oat'), /checked/);
  });

  it('shows problems beside their fields instead of a total for a bad "Update total"', async () => {
    const quantity = await preview('/stores/colchester/products/latte', { 'options.milk': 'oat', quantity: '21' });
    assert.equal(lineTotal(quantity), '—');
    assert.match(fieldError(quantity, 'quantity') ?? '', /between 1 and 20/);
    const coconut = await preview('/stores/ipswich/products/latte', { 'options.milk': 'coconut', quantity: '1' });
    assert.equal(lineTotal(coconut), '—');
    assert.match(fieldError(coconut, 'milk') ?? '', /Coconut is not available/);
    const syrups = await preview('/stores/colchester/products/latte', { 'options.syrup': ['vanilla', 'caramel', 'hazelnut', 'cinnamon'], quantity: '1' });
    assert.match(fieldError(syrups, 'syrup') ?? '', /at most 3/);
  });

  it('answers 404 pages for an unknown product or store', async () => {
    for (const url of ['/stores/colchester/products/babyccino', '/stores/bristol', '/stores/bristol/products/latte', '/stores/Colchester']) {
      const response = await t.app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /text\/html/);
    }
  });

  it('sends /products/latte without a store to the chooser, and back to the latte once a store is chosen', async () => {
    const browser = new Browser(t.app);
    const chooser = redirectedTo(await browser.get('/products/latte'));
    assert.equal(chooser, '/stores?returnTo=%2Fproducts%2Flatte');
    const page = await browser.get(chooser);
    assert.match(page.body, /name="returnTo" value="\/products\/latte"/);
    const back = redirectedTo(await browser.post('/stores/choose', { store: 'ipswich', returnTo: '/products/latte' }));
    assert.equal(back, '/products/latte');
    assert.equal(redirectedTo(await browser.get(back)), '/stores/ipswich/products/latte');
  });

  it('escapes the product slug in those redirects', async () => {
    const location = redirectedTo(await t.app.inject({ url: '/products/%3Cscript%3E' }));
    assert.equal(location, '/stores?returnTo=%2Fproducts%2F%253Cscript%253E');
  });
});
