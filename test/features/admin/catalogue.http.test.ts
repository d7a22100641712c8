import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type Browser, type TestApp } from '../../support/test-app.js';
import { ADMIN, auditRows, count, fieldError, NON_ADMINS, PNG_1X1, postMultipart, signedIn } from './helpers.js';

describe('admin: catalogue', () => {
  let t: TestApp;
  let admin: Browser;
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.resolve('.test-tmp/admin-data-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    admin = await signedIn(t, ADMIN);
    // A third store first, so "every store" is more than the seeded two.
    const store = await admin.post('/admin/stores', {
      name: 'Alpaca Cafe Norwich',
      addressLine1: '1 Market',
      town: 'Norwich',
      postcode: 'NR1 1AA',
      timezone: 'Europe/London',
    });
    assert.equal(store.statusCode, 303);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const db = () => t.deps.db.writer;
  const categoryId = async (slug: string) => (await db().selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const groupId = async (slug: string) => (await db().selectFrom('option_groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

  it('creates, edits and reorders categories, audited; bad input is 400 and writes nothing', async () => {
    const created = await admin.post('/admin/categories', { name: 'Toasties', description: 'Hot sandwiches.' });
    assert.equal(created.statusCode, 303);
    const toasties = await categoryId('toasties');
    const before = await db().selectFrom('categories').select(['id', 'position']).orderBy('position').orderBy('id').execute();
    assert.equal(before.at(-1)?.id, toasties, 'a new category goes last');

    const moved = await admin.post(`/admin/categories/${toasties}/move`, { direction: 'up' });
    assert.equal(moved.statusCode, 303);
    const order = (await db().selectFrom('categories').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id);
    assert.equal(order.at(-2), toasties);
    assert.equal((await auditRows(t, 'category.move')).length, 1);

    const edited = await admin.post(`/admin/categories/${toasties}`, { name: 'Toasties & melts', slug: 'toasties', description: '' });
    assert.equal(edited.statusCode, 303);
    const [audit] = await auditRows(t, 'category.update');
    assert.equal((audit!.before as { name: string }).name, 'Toasties');
    assert.equal((audit!.after as { name: string }).name, 'Toasties & melts');

    const categories = await count(t, 'categories');
    const bad = await admin.post('/admin/categories', { name: '', slug: 'Not A Slug' });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'name'));
    assert.ok(fieldError(bad.body, 'slug'));
    const dup = await admin.post('/admin/categories', { name: 'Teas again', slug: 'teas' });
    assert.equal(dup.statusCode, 400);
    assert.match(fieldError(dup.body, 'slug') ?? '', /already uses/);
    assert.equal((await admin.post(`/admin/categories/${toasties}/move`, { direction: 'sideways' })).statusCode, 400);
    assert.equal(await count(t, 'categories'), categories);
  });

  it('creates a product priced from pounds with its recipe, available at every store, audited', async () => {
    const response = await admin.post('/admin/products', {
      name: 'Flat White Deluxe',
      description: 'Extra velvety.',
      price: '3.40',
      categoryId: String(await categoryId('slow-roasted-coffee')),
      groups: [String(await groupId('milk')), String(await groupId('shots'))],
      allergens: ['sulphites', 'milk'],
    });
    assert.equal(response.statusCode, 303, response.body);
    const product = await db().selectFrom('products').selectAll().where('slug', '=', 'flat-white-deluxe').executeTakeFirstOrThrow();
    assert.equal(product.price_pence, 340);
    // The product's own allergens (decision 330), kept in the canonical order of the 14.
    assert.deepEqual(product.allergens, ['milk', 'sulphites']);
    assert.equal(await count(t, 'product_option_groups', `product_id = ${product.id}`), 2);
    assert.equal(await count(t, 'store_products', `product_id = ${product.id} AND available`), await count(t, 'stores'));
    assert.equal(await count(t, 'stores'), 3);
    const [audit] = await auditRows(t, 'product.create');
    assert.equal((audit!.after as { pricePence: number }).pricePence, 340);

    const menu = (await t.app.inject({ url: '/api/v1/stores/colchester/menu' })).json();
    const listed = menu.categories
      .flatMap((c: { products: { slug: string; pricePence: number; available: boolean }[] }) => c.products)
      .find((p: { slug: string }) => p.slug === 'flat-white-deluxe');
    assert.equal(listed?.pricePence, 340);
    assert.equal(listed?.available, true);
    assert.deepEqual((listed as unknown as { allergens: string[] }).allergens, ['milk', 'sulphites']);

    // The edit form shows them ticked; a slug that is not one of the 14 is 400 beside the field, and nothing changes.
    const form = (await admin.get(`/admin/products/${product.id}/edit`)).body;
    assert.match(form, /name="allergens" value="milk" checked/);
    assert.match(form, /name="allergens" value="sulphites" checked/);
    assert.doesNotMatch(form, /name="allergens" value="gluten" checked/);
    const audits = await count(t, 'audit_log');
    const unknown = await admin.post(`/admin/products/${product.id}`, {
      name: 'Flat White Deluxe',
      slug: 'flat-white-deluxe',
      price: '3.40',
      categoryId: String(product.category_id),
      allergens: ['milk', 'nuts'],
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(fieldError(unknown.body, 'allergens'), 'Choose allergens from the list.');
    assert.match(unknown.body, /name="allergens" value="milk" checked/, 'what was ticked is shown again');
    assert.equal(await count(t, 'audit_log'), audits);
    assert.deepEqual((await db().selectFrom('products').select('allergens').where('id', '=', product.id).executeTakeFirstOrThrow()).allergens, [
      'milk',
      'sulphites',
    ]);

    const edit = await admin.post(`/admin/products/${product.id}`, {
      name: 'Flat White Deluxe',
      slug: 'flat-white-deluxe',
      description: '',
      price: '£3.5',
      categoryId: String(product.category_id),
      groups: [],
    });
    assert.equal(edit.statusCode, 303, edit.body);
    const [updated] = await auditRows(t, 'product.update');
    assert.equal((updated!.before as { pricePence: number }).pricePence, 340);
    assert.equal((updated!.after as { pricePence: number }).pricePence, 350);
    assert.equal(await count(t, 'product_option_groups', `product_id = ${product.id}`), 0);
    // Nothing ticked: no allergens of its own any more, and the audit says so.
    assert.deepEqual((updated!.before as { allergens: string[] }).allergens, ['milk', 'sulphites']);
    assert.deepEqual((updated!.after as { allergens: string[] }).allergens, []);
    assert.deepEqual((await db().selectFrom('products').select('allergens').where('id', '=', product.id).executeTakeFirstOrThrow()).allergens, []);
  });

  it('rejects bad prices, categories, groups and image addresses with 400 beside each field, writing nothing', async () => {
    const products = await count(t, 'products');
    const audits = await count(t, 'audit_log');
    for (const price of ['3.456', 'abc', '-1.00', '1000.01', '']) {
      const bad = await admin.post('/admin/products', { name: 'Odd', price, categoryId: String(await categoryId('teas')) });
      assert.equal(bad.statusCode, 400, price);
      assert.ok(fieldError(bad.body, 'price'), price);
    }
    const bad = await admin.post('/admin/products', {
      name: 'Odd',
      price: '2.00',
      categoryId: '999999',
      groups: ['424242'],
      imageUrl: 'http://example.com/x.png',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'categoryId'));
    assert.ok(fieldError(bad.body, 'groups'));
    assert.match(fieldError(bad.body, 'imageUrl') ?? '', /https/);
    assert.equal(await count(t, 'products'), products);
    assert.equal(await count(t, 'audit_log'), audits);
  });

  it('stores an uploaded image under DATA_DIR/uploads and serves it with its content type', async () => {
    const response = await postMultipart(
      admin,
      '/admin/products',
      {
        name: 'Pictured Bun',
        price: '2.10',
        categoryId: String(await categoryId('pastries')),
      },
      { field: 'imageFile', filename: 'bun.png', contentType: 'image/png', data: PNG_1X1 },
    );
    assert.equal(response.statusCode, 303, response.body);
    const product = await db().selectFrom('products').selectAll().where('slug', '=', 'pictured-bun').executeTakeFirstOrThrow();
    assert.match(product.image_url ?? '', /^\/uploads\/[a-f0-9]{32}\.png$/);
    assert.ok(fs.existsSync(path.join(dataDir, 'uploads', product.image_url!.slice('/uploads/'.length))));
    const image = await t.app.inject({ url: product.image_url! });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.deepEqual(image.rawPayload, PNG_1X1);
    assert.equal((await t.app.inject({ url: '/uploads/..%2F..%2Fetc%2Fpasswd' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `/uploads/${'0'.repeat(32)}.png` })).statusCode, 404);

    // Editing without a new file keeps the upload.
    const kept = await postMultipart(admin, `/admin/products/${product.id}`, {
      name: 'Pictured Bun',
      slug: 'pictured-bun',
      price: '2.20',
      categoryId: String(product.category_id),
      imageUrl: '',
    });
    assert.equal(kept.statusCode, 303, kept.body);
    const after = await db().selectFrom('products').select(['image_url', 'price_pence']).where('id', '=', product.id).executeTakeFirstOrThrow();
    assert.equal(after.image_url, product.image_url);
    assert.equal(after.price_pence, 220);
  });

  it('refuses uploads that are not PNG/JPEG/WebP or are over 2 MB, storing nothing', async () => {
    const uploads = () => (fs.existsSync(path.join(dataDir, 'uploads')) ? fs.readdirSync(path.join(dataDir, 'uploads')).length : 0);
    const files = uploads();
    const products = await count(t, 'products');
    const fields = { name: 'Bad Image', price: '1.00', categoryId: String(await categoryId('pastries')) };
    const text = await postMultipart(admin, '/admin/products', fields, {
      field: 'imageFile',
      filename: 'evil.png',
      contentType: 'image/png',
      data: Buffer.from('<script>alert(1)</script>'),
    });
    assert.equal(text.statusCode, 400);
    assert.match(fieldError(text.body, 'imageFile') ?? '', /PNG, JPEG or WebP/);
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await postMultipart(admin, '/admin/products', fields, { field: 'imageFile', filename: 'big.png', contentType: 'image/png', data: big });
    assert.equal(tooBig.statusCode, 400);
    assert.match(fieldError(tooBig.body, 'imageFile') ?? '', /2 MB/);
    assert.match(tooBig.body, /value="Bad Image"/, 'the typed fields come back');
    assert.equal(await count(t, 'products'), products);
    assert.equal(uploads(), files);
  });

  it('manages option groups and options: availability at every store, one default per group, audited', async () => {
    const badGroup = await admin.post('/admin/option-groups', { name: 'Sauce', selection: 'single', maxChoices: '3' });
    assert.equal(badGroup.statusCode, 400);
    assert.ok(fieldError(badGroup.body, 'maxChoices'));
    const created = await admin.post('/admin/option-groups', { name: 'Sauce', selection: 'multi', maxChoices: '2' });
    assert.equal(created.statusCode, 303);
    const sauce = await groupId('sauce');
    assert.equal((await auditRows(t, 'option-group.create')).length, 1);

    for (const [name, delta] of [
      ['Caramel sauce', '0.50'],
      ['Chocolate sauce', '0.5'],
    ] as const) {
      const response = await admin.post(`/admin/option-groups/${sauce}/options`, { name, priceDelta: delta, isDefault: 'on' });
      assert.equal(response.statusCode, 303, response.body);
    }
    const options = await db().selectFrom('options').selectAll().where('group_id', '=', sauce).orderBy('id').execute();
    assert.deepEqual(
      options.map((o) => [o.slug, o.price_delta_pence, o.is_default]),
      [
        ['caramel-sauce', 50, false],
        ['chocolate-sauce', 50, true],
      ],
    );
    for (const o of options) {
      assert.equal(await count(t, 'store_options', `option_id = ${o.id} AND available`), 3);
    }
    const audits = await auditRows(t, 'option.create');
    assert.deepEqual((audits[1]!.after as { replacedDefault: string[] }).replacedDefault, ['caramel-sauce']);

    const oat = await db().selectFrom('options').selectAll().where('slug', '=', 'oat').executeTakeFirstOrThrow();
    const milk = await groupId('milk');
    // The form shows the option's allergens ticked; saving sets them (decision 330).
    assert.match((await admin.get(`/admin/option-groups/${milk}/options/${oat.id}/edit`)).body, /name="allergens" value="gluten" checked/);
    const edit = await admin.post(`/admin/option-groups/${milk}/options/${oat.id}`, {
      name: 'Oat',
      slug: 'oat',
      priceDelta: '-0.10',
      allergens: ['soya', 'gluten'],
    });
    assert.equal(edit.statusCode, 303);
    assert.deepEqual((await db().selectFrom('options').select('allergens').where('id', '=', oat.id).executeTakeFirstOrThrow()).allergens, ['gluten', 'soya']);
    const unknown = await admin.post(`/admin/option-groups/${milk}/options/${oat.id}`, { name: 'Oat', slug: 'oat', allergens: ['nuts'] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(fieldError(unknown.body, 'allergens'), 'Choose allergens from the list.');
    assert.deepEqual((await db().selectFrom('options').select('allergens').where('id', '=', oat.id).executeTakeFirstOrThrow()).allergens, ['gluten', 'soya']);
    const [optionAudit] = await auditRows(t, 'option.update');
    assert.equal((optionAudit!.after as { priceDeltaPence: number }).priceDeltaPence, -10);

    const optionsBefore = await count(t, 'options');
    const bad = await admin.post(`/admin/option-groups/${sauce}/options`, { name: 'Mystery', priceDelta: '0.5.0' });
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'priceDelta'));
    assert.equal(await count(t, 'options'), optionsBefore);
    assert.equal((await admin.get(`/admin/option-groups/${milk}/options/${options[0]!.id}/edit`)).statusCode, 404, 'an option of another group');
  });

  it('answers 403 to customers, baristas and managers on every catalogue action', async () => {
    const milk = String(await groupId('milk'));
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      for (const url of ['/admin/categories', '/admin/products', '/admin/products/new', '/admin/option-groups', `/admin/option-groups/${milk}`]) {
        assert.equal((await browser.get(url)).statusCode, 403, `${email} GET ${url}`);
      }
      const products = await count(t, 'products');
      assert.equal((await browser.post('/admin/products', { name: 'Nope', price: '1.00', categoryId: '1' })).statusCode, 403);
      const upload = await postMultipart(
        browser,
        '/admin/products',
        { name: 'Nope', price: '1.00' },
        { field: 'imageFile', filename: 'a.png', contentType: 'image/png', data: PNG_1X1 },
      );
      assert.equal(upload.statusCode, 403);
      assert.equal((await browser.post(`/admin/option-groups/${milk}/options`, { name: 'Nope' })).statusCode, 403);
      assert.equal((await browser.post('/admin/categories', { name: 'Nope' })).statusCode, 403);
      assert.equal(await count(t, 'products'), products);
    }
  });
});
