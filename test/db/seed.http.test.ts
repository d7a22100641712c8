// The demo seed: idempotent, keeps managers' switches, and the catalogue issue 2 asks for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemoData } from '../../src/db/seed/seed.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { snapshot } from '../support/db-state.js';

const SEED_TABLES = [
  'stores',
  'store_hours',
  'categories',
  'products',
  'option_groups',
  'options',
  'product_option_groups',
  'store_products',
  'store_options',
  'users',
  'user_roles',
];

describe('demo seed', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database.drop());
  const db = () => database.db.writer;

  it('changes nothing when run again on a seeded database', async () => {
    const before = await snapshot(db(), SEED_TABLES);
    assert.equal(await seedDemoData(db()), false, 'reports that it created nothing');
    assert.equal(await seedDemoData(db()), false);
    const after = await snapshot(db(), SEED_TABLES);
    for (const table of SEED_TABLES) {
      assert.equal(after[table]!.length, before[table]!.length, `${table} row count`);
      assert.deepEqual(after[table], before[table], `${table} rows`);
    }
  });

  it('keeps a manager’s availability switches through a re-seed', async () => {
    const storeId = (slug: string) => db().selectFrom('stores').select('id').where('slug', '=', slug);
    const productAt = (store: string, product: string) =>
      db()
        .updateTable('store_products')
        .where('store_id', '=', storeId(store))
        .where('product_id', '=', db().selectFrom('products').select('id').where('slug', '=', product));
    await productAt('ipswich', 'iced-white-mocha').set({ available: true }).execute();
    await productAt('colchester', 'latte').set({ available: false }).execute();
    await db()
      .updateTable('store_options')
      .set({ available: true })
      .where('store_id', '=', storeId('ipswich'))
      .where('option_id', '=', db().selectFrom('options').select('id').where('slug', '=', 'coconut'))
      .execute();
    const before = await snapshot(db(), ['store_products', 'store_options']);

    await seedDemoData(db());
    assert.deepEqual(await snapshot(db(), ['store_products', 'store_options']), before);
  });
});

describe('demo catalogue (issue 2 item 4)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase();
  });
  after(() => database.drop());
  const db = () => database.db.writer;

  it('has both stores with UK addresses, London time and hours for all seven days', async () => {
    const stores = await db().selectFrom('stores').selectAll().orderBy('slug').execute();
    assert.deepEqual(
      stores.map((s) => s.slug),
      ['colchester', 'ipswich'],
    );
    for (const store of stores) {
      assert.match(store.postcode, /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/);
      assert.equal(store.timezone, 'Europe/London');
      const days = await db().selectFrom('store_hours').select('iso_day').where('store_id', '=', store.id).orderBy('iso_day').execute();
      assert.deepEqual(
        days.map((d) => d.iso_day),
        [1, 2, 3, 4, 5, 6, 7],
      );
    }
  });

  it('has at least 80 products in the nine categories, including the five named coffees', async () => {
    const rows = await db()
      .selectFrom('products')
      .innerJoin('categories', 'categories.id', 'products.category_id')
      .select(['products.slug', 'products.price_pence', 'categories.name as category'])
      .execute();
    assert.ok(rows.length >= 80, `${rows.length} products`);
    const categories = new Set(rows.map((r) => r.category));
    assert.deepEqual([...categories].sort(), [
      'Cakes',
      'Cold Drinks',
      'Hot Chocolate',
      'Iced Coffee',
      'Milkshakes',
      'Pastries',
      'Seasonal',
      'Slow Roasted Coffee',
      'Teas',
    ]);
    for (const slug of ['latte', 'cappuccino', 'flat-white', 'americano', 'mocha']) {
      assert.equal(rows.find((r) => r.slug === slug)?.category, 'Slow Roasted Coffee', slug);
    }
    assert.ok(rows.every((r) => Number.isInteger(r.price_pence) && r.price_pence >= 100 && r.price_pence <= 1000));
  });

  it('has the five option groups with their rules, defaults and prices', async () => {
    const groups = await db().selectFrom('option_groups').selectAll().orderBy('position').execute();
    assert.deepEqual(
      groups.map((g) => [g.slug, g.selection, g.required, g.max_choices]),
      [
        ['milk', 'single', true, 1],
        ['shots', 'single', true, 1],
        ['blend', 'single', true, 1],
        ['syrup', 'multi', false, 3],
        ['toppings', 'multi', false, 4],
      ],
    );
    const options = await db()
      .selectFrom('options')
      .innerJoin('option_groups as g', 'g.id', 'options.group_id')
      .select(['g.slug as group', 'options.slug', 'options.name', 'options.price_delta_pence as delta', 'options.is_default'])
      .orderBy('options.position')
      .execute();
    const of = (group: string) => options.filter((o) => o.group === group);
    assert.deepEqual(
      of('milk').map((o) => o.name),
      ['Semi-Skimmed', 'Skimmed', 'Whole', 'Oat', 'Almond', 'Soy', 'Coconut'],
    );
    assert.deepEqual(
      of('shots').map((o) => o.name),
      ['Single', 'Double', 'Triple'],
    );
    assert.deepEqual(
      of('blend').map((o) => o.name),
      ['Regular', 'Decaf'],
    );
    const defaults = Object.fromEntries(
      ['milk', 'shots', 'blend', 'syrup', 'toppings'].map((g) => [
        g,
        of(g)
          .filter((o) => o.is_default)
          .map((o) => o.slug),
      ]),
    );
    assert.deepEqual(defaults, { milk: ['semi-skimmed'], shots: ['single'], blend: ['regular'], syrup: [], toppings: [] });
    const delta = (slug: string) => options.find((o) => o.slug === slug)!.delta;
    for (const plant of ['oat', 'almond', 'soy', 'coconut']) assert.ok(delta(plant) > 0, `${plant} costs extra`);
    for (const dairy of ['semi-skimmed', 'skimmed', 'whole', 'single', 'regular', 'decaf']) assert.equal(delta(dairy), 0, dairy);
    assert.ok(delta('triple') > delta('double') && delta('double') > 0, 'extra shots cost');
    for (const o of [...of('syrup'), ...of('toppings')]) assert.ok(o.delta > 0, `${o.slug} costs`);
  });

  it('gives each category the recipe issue 2 specifies', async () => {
    const expected: Record<string, string[]> = {
      'Slow Roasted Coffee': ['milk', 'shots', 'blend', 'syrup', 'toppings'],
      'Iced Coffee': ['milk', 'shots', 'blend', 'syrup', 'toppings'],
      'Hot Chocolate': ['milk', 'shots', 'syrup', 'toppings'],
      Teas: ['milk', 'blend'],
      Milkshakes: ['syrup'],
    };
    const products = await db()
      .selectFrom('products')
      .innerJoin('categories as c', 'c.id', 'products.category_id')
      .select(['products.id', 'products.slug', 'c.name as category'])
      .execute();
    const recipes = await db()
      .selectFrom('product_option_groups as r')
      .innerJoin('option_groups as g', 'g.id', 'r.group_id')
      .select(['r.product_id', 'g.slug'])
      .orderBy('r.position')
      .execute();
    for (const p of products) {
      const groups = recipes.filter((r) => r.product_id === p.id).map((r) => r.slug);
      assert.deepEqual(groups, expected[p.category] ?? [], `${p.slug} (${p.category})`);
    }
  });

  it('makes everything available at Colchester and a few items unavailable at Ipswich', async () => {
    const off = await db()
      .selectFrom('store_products as sp')
      .innerJoin('stores as s', 's.id', 'sp.store_id')
      .innerJoin('products as p', 'p.id', 'sp.product_id')
      .select(['s.slug as store', 'p.slug'])
      .where('sp.available', '=', false)
      .execute();
    assert.ok(off.every((row) => row.store === 'ipswich'));
    assert.ok(off.length >= 3 && off.length <= 10, `${off.length} unavailable at Ipswich`);
    const products = await db().selectFrom('products').select('id').execute();
    const rows = await db().selectFrom('store_products').select('store_id').execute();
    assert.equal(rows.length, products.length * 2, 'every product has an availability row at every store');
  });

  it('has the demo accounts with their grants', async () => {
    const grants = await db()
      .selectFrom('users')
      .leftJoin('user_roles as ur', 'ur.user_id', 'users.id')
      .leftJoin('stores as s', 's.id', 'ur.store_id')
      .select(['users.email', 'ur.role', 's.slug'])
      .where('users.email', 'like', '%@alpaca.test')
      .orderBy('users.email')
      .execute();
    assert.deepEqual(
      grants.map((g) => [g.email, g.role, g.slug]),
      [
        ['admin@alpaca.test', 'admin', null],
        ['barista.colchester@alpaca.test', 'barista', 'colchester'],
        ['barista.ipswich@alpaca.test', 'barista', 'ipswich'],
        ['customer@alpaca.test', null, null],
        ['manager.colchester@alpaca.test', 'manager', 'colchester'],
        ['manager.ipswich@alpaca.test', 'manager', 'ipswich'],
      ],
    );
  });
});
