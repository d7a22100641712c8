// Allergens on the pages (decisions 330–331): the menu's filter (a GET form, `?without=`), hidden
// and "can be made without" products, the product page's allergens for the drink as chosen (also
// through the no-JS "Update total"), safe options preselected, and the "may contain" notice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { inputTag } from '../../support/html.js';

const card = (html: string, slug: string) => new RegExp(`<li class="[^"]*"><a href="/stores/[a-z]+/products/${slug}[?"].*?</li>`, 's').exec(html)?.[0];
/** The allergens the product page shows as present (the others are rendered hidden for app.js). */
const shownAllergens = (html: string) => [...html.matchAll(/<li class="allergen[^"]*" data-allergen="([a-z-]+)"(?! hidden)/g)].map((m) => m[1]);

describe('allergens on the menu and product pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const get = async (url: string, status = 200) => {
    const response = await t.app.inject({ url });
    assert.equal(response.statusCode, status, `${url}: ${response.statusCode}`);
    return response.body;
  };

  /** "Update total" without JavaScript: the product form posted back to the product page. */
  const preview = async (url: string, fields: Record<string, string | string[]>) => {
    const browser = new Browser(t.app);
    await browser.get(url);
    const response = await browser.post(url, fields);
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };

  it('offers the 14 as a no-JS filter form, with the may-contain notice, and filters nothing by default', async () => {
    const html = await get('/stores/colchester');
    assert.match(html, /<form method="get" action="\/stores\/colchester" class="allergen-filter__form">/);
    assert.equal([...html.matchAll(/<input type="checkbox" name="without" value="[a-z-]+"/g)].length, 14);
    assert.match(html, /data-may-contain/);
    assert.ok(card(html, 'butter-croissant'));
    assert.doesNotMatch(html, /Can be made without/);
  });

  it('hides what cannot be made without milk, marks what can, and keeps the notice visible', async () => {
    const html = await get('/stores/colchester?without=milk');
    // Pastries and milkshakes contain milk whatever is chosen: hidden.
    for (const slug of ['butter-croissant', 'vanilla-milkshake', 'classic-hot-chocolate', 'mocha']) assert.equal(card(html, slug), undefined, slug);
    // A latte has milk only through its default Semi-Skimmed: shown, "can be made without milk", linked with the filter.
    const latte = card(html, 'latte');
    assert.ok(latte);
    assert.match(latte, /href="\/stores\/colchester\/products\/latte\?without=milk"/);
    assert.match(latte, /Can be made without milk/);
    // Water never had milk: shown, no tag.
    const water = card(html, 'still-water');
    assert.ok(water);
    assert.doesNotMatch(water, /Can be made without/);
    assert.match(html, /<input type="checkbox" name="without" value="milk" checked/);
    assert.match(html, /data-allergen-summary="true">Showing what can be made without milk\. \d+ items hidden/);
    assert.match(html, /data-may-contain/);
  });

  it('combines allergens: without milk and gluten, oat is no longer a way out', async () => {
    const html = await get('/stores/colchester?without=milk&without=gluten');
    assert.match(card(html, 'latte')!, /Can be made without milk/);
    const page = await get('/stores/colchester/products/latte?without=milk&without=gluten');
    // Almond (tree nuts) is the first safe milk in menu order.
    assert.match(inputTag(page, 'opt-almond'), /checked/);
    assert.doesNotMatch(inputTag(page, 'opt-oat'), /checked/);
  });

  it('refuses an allergen it does not know with 400 and filters nothing', async () => {
    const html = await get('/stores/colchester?without=nuts', 400);
    assert.match(html, /Choose allergens from the list\./);
    assert.ok(card(html, 'butter-croissant'));
  });

  it('a product page given an allergen it does not know says so with 400, and leaves nothing out', async () => {
    const page = await get('/stores/colchester/products/latte?without=unknown', 400);
    assert.match(page, /role="alert"[\s\S]*The allergen filter was not applied: it named something that is not one of the 14 allergens\./);
    assert.match(page, /<a href="\/stores\/colchester">Colchester menu<\/a>/);
    // Nothing filtered: the default milk stays chosen and no allergen is flagged as avoided.
    assert.match(inputTag(page, 'opt-semi-skimmed'), /checked/);
    assert.doesNotMatch(page, /option__allergens--avoided/);
    assert.doesNotMatch(page, /name="without"/);
    // A known one beside an unknown one is refused as a whole, as on the menu.
    await get('/stores/colchester/products/latte?without=milk&without=unknown', 400);
  });

  it('shows the drink’s allergens as customised, with each option’s', async () => {
    const plain = await get('/stores/colchester/products/latte');
    assert.deepEqual(shownAllergens(plain), ['milk']);
    assert.match(inputTag(plain, 'opt-soy'), /data-allergens="soya"/);
    // The product itself brings no allergen (only its milk does): its own list is empty.
    assert.match(plain, /<form[^>]*class="product-form stack" data-base-price="340" data-allergens(="")?[ >]/);
    assert.match(plain, /data-may-contain/);
    // Without JavaScript, "Update total" shows them for the new choice.
    const latte = '/stores/colchester/products/latte';
    const soy = await preview(latte, { 'options.milk': 'soy', 'options.toppings': 'chocolate-sprinkles', quantity: '1' });
    assert.deepEqual(shownAllergens(soy), ['milk', 'soya']);
    const coconut = await preview(latte, { 'options.milk': 'coconut', quantity: '1' });
    assert.deepEqual(shownAllergens(coconut), []);
    assert.match(coconut, /<li class="allergen allergen--none" data-allergen-none="true">None of the 14 UK allergens/);
    assert.deepEqual(shownAllergens(await get('/stores/colchester/products/almond-croissant')), ['gluten', 'eggs', 'milk', 'tree-nuts']);
  });

  it('preselects safe options from a filtered menu, flags the avoided ones, and keeps the filter through Update total', async () => {
    const page = await get('/stores/colchester/products/latte?without=milk');
    assert.match(inputTag(page, 'opt-oat'), /checked/);
    assert.doesNotMatch(inputTag(page, 'opt-semi-skimmed'), /checked/);
    assert.deepEqual(shownAllergens(page), ['gluten']);
    assert.match(page, /Can be made without milk: we have chosen options without milk for you\./);
    assert.match(page, /<span class="option__allergens option__allergens--avoided">Contains Milk<\/span>/);
    assert.match(page, /<input type="hidden" name="without" value="milk"\/?>/);
    // Once the customer chooses, their choice stands (even a milk one), flagged as avoided.
    const chosen = await preview('/stores/colchester/products/latte', { without: 'milk', 'options.milk': 'whole', quantity: '1' });
    assert.match(inputTag(chosen, 'opt-whole'), /checked/);
    assert.match(chosen, /data-allergen="milk">Milk<span class="allergen__note"> \(you are avoiding this\)/);
  });

  it('says so on the product page when a product cannot be made without it', async () => {
    const page = await get('/stores/colchester/products/butter-croissant?without=milk');
    assert.match(page, /Butter Croissant contains milk whatever you choose, so it can’t be made without milk here\./);
  });
});
