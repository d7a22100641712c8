import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Browser, type TestApp } from '../../support/test-app.js';
import { parseCsv } from './csv.js';
import { ADMIN, count, NON_ADMINS, signedIn } from './helpers.js';

describe('admin: catalogue export', () => {
  let t: TestApp;
  let admin: Browser;
  before(async () => {
    t = await startTestApp();
    admin = await signedIn(t, ADMIN);
    const category = await t.deps.db.writer.selectFrom('categories').select('id').where('slug', '=', 'seasonal').executeTakeFirstOrThrow();
    const created = await admin.post('/admin/products', {
      name: 'Mocha, "Special"',
      slug: 'mocha-special',
      description: '=HYPERLINK("http://evil.example")',
      price: '3.40',
      categoryId: String(category.id),
      allergens: ['milk'],
    });
    assert.equal(created.statusCode, 303, created.body);
  });
  after(() => t.close());

  it('exports JSON Lines: one parseable product per line, price in GBP and pence, availability per store', async () => {
    const response = await admin.get('/admin/exports/catalogue.jsonl');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="alpaca-catalogue-2026-11-25\.jsonl"$/);
    assert.match(String(response.headers['content-type']), /^application\/jsonl/);
    const lines = response.body.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, await count(t, 'products'));
    const records = lines.map((l) => JSON.parse(l));
    const mocha = records.find((r) => r.id === 'mocha-special');
    assert.equal(mocha.title, 'Mocha, "Special"');
    assert.deepEqual(mocha.price, { value: '3.40', currency: 'GBP', pence: 340 });
    assert.deepEqual(mocha.categories, ['Seasonal']);
    assert.deepEqual(mocha.availability, [
      { store: 'colchester', available: true },
      { store: 'ipswich', available: true },
    ]);
    assert.match(mocha.link, /^http:\/\/localhost:3000\/products\/mocha-special$/);
    // Allergens (decision 330): the product's own, and those its options can bring in besides.
    assert.deepEqual(mocha.allergens, ['milk']);
    assert.deepEqual(mocha.optionAllergens, []);
    const latte = records.find((r) => r.id === 'latte');
    assert.deepEqual(latte.allergens, []);
    for (const a of ['gluten', 'milk', 'tree-nuts', 'soya']) assert.ok(latte.optionAllergens.includes(a), a);

    // A product switched off at a store is exported as unavailable there.
    const ipswich = await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'ipswich').executeTakeFirstOrThrow();
    const off = await t.deps.db.writer
      .selectFrom('store_products')
      .innerJoin('products', 'products.id', 'store_products.product_id')
      .select('products.slug')
      .where('store_id', '=', ipswich.id)
      .where('available', '=', false)
      .executeTakeFirst();
    if (off) {
      const record = records.find((r) => r.id === off.slug);
      assert.equal(record.availability.find((a: { store: string }) => a.store === 'ipswich').available, false);
    }
    for (const record of records) {
      assert.equal(typeof record.price.value, 'string');
      assert.equal(Number.isInteger(record.price.pence), true);
    }
  });

  it('exports CSV that round-trips commas and quotes and neutralises formulas', async () => {
    const response = await admin.get('/admin/exports/catalogue.csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="alpaca-catalogue-2026-11-25\.csv"$/);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    const rows = parseCsv(response.body.replace(/^\uFEFF/, ''));
    const [header, ...data] = rows;
    assert.deepEqual(header, [
      'id',
      'title',
      'description',
      'categories',
      'price',
      'currency',
      'price_pence',
      'image_link',
      'link',
      'allergens',
      'allergens_by_option',
      'available_colchester',
      'available_ipswich',
    ]);
    assert.equal(data.length, await count(t, 'products'));
    for (const row of data) assert.equal(row.length, header!.length);
    const mocha = data.find((r) => r[0] === 'mocha-special')!;
    assert.equal(mocha[1], 'Mocha, "Special"');
    assert.equal(mocha[2], '\'=HYPERLINK("http://evil.example")');
    assert.deepEqual(mocha.slice(4, 7), ['3.40', 'GBP', '340']);
    assert.deepEqual(mocha.slice(9, 11), ['Milk', '']);
    assert.deepEqual(mocha.slice(11), ['in stock', 'in stock']);
    const latte = data.find((r) => r[0] === 'latte')!;
    assert.equal(latte[9], '');
    const byOption = latte[10]!.split('; ');
    for (const name of ['Cereals containing gluten', 'Milk', 'Tree nuts', 'Soya']) assert.ok(byOption.includes(name), name);
  });

  it('answers 403 to customers, baristas and managers', async () => {
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      for (const url of ['/admin/exports', '/admin/exports/catalogue.jsonl', '/admin/exports/catalogue.csv']) {
        assert.equal((await browser.get(url)).statusCode, 403, `${email} ${url}`);
      }
    }
  });
});
