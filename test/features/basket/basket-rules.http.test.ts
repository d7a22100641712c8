// The basket API enforces the customisation rules at the basket's store, and
// re-checks every line when the store changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, newCustomer } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';

type Auth = { authorization: string };

describe('basket API: rules', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const add = (auth: Auth, payload: unknown) => call(t.app, 'POST', '/api/v1/basket/lines', { headers: auth, payload });
  const setStore = (auth: Auth, store: unknown) => call(t.app, 'PUT', '/api/v1/basket/store', { headers: auth, payload: { store } });

  async function customerAt(store: string) {
    const customer = await newCustomer(t.app);
    assert.equal((await setStore(customer.auth, store)).statusCode, 200);
    return customer;
  }

  const refusals: [string, string, unknown, string][] = [
    ['an option that does not exist', 'colchester', { product: 'latte', options: { milk: 'goat' } }, 'options.milk'],
    ['an option from another group', 'colchester', { product: 'latte', options: { milk: 'double' } }, 'options.milk'],
    ['an option switched off at the store', 'ipswich', { product: 'latte', options: { milk: 'coconut' } }, 'options.milk'],
    ['two options in a single group', 'colchester', { product: 'latte', options: { milk: ['oat', 'soy'] } }, 'options.milk'],
    ['more syrups than the max of 3', 'colchester', { product: 'latte', options: { syrup: ['vanilla', 'caramel', 'hazelnut', 'cinnamon'] } }, 'options.syrup'],
    [
      'more toppings than the max of 4',
      'colchester',
      { product: 'mocha', options: { toppings: ['whipped-cream', 'chocolate-sprinkles', 'cinnamon-dusting', 'marshmallows', 'caramel-drizzle'] } },
      'options.toppings',
    ],
    ['a group the product does not offer', 'colchester', { product: 'butter-croissant', options: { milk: 'oat' } }, 'options.milk'],
    ['a group that does not exist', 'colchester', { product: 'latte', options: { sugar: 'two' } }, 'options.sugar'],
    ['a product unavailable at the store', 'ipswich', { product: 'iced-white-mocha' }, 'product'],
    ['a product that does not exist', 'colchester', { product: 'babyccino' }, 'product'],
    ['a malformed product slug', 'colchester', { product: 'Latte!' }, 'product'],
    ['a missing product', 'colchester', { quantity: 1 }, 'product'],
    ['an unknown field', 'colchester', { product: 'latte', pricePence: 1 }, 'pricePence'],
    ['options that are not an object', 'colchester', { product: 'latte', options: 'oat' }, 'options'],
  ];
  for (const [what, store, payload, field] of refusals) {
    it(`refuses ${what}: 400 naming ${field}, nothing written`, async () => {
      const { auth } = await customerAt(store);
      const response = await unchanged(t.deps.db.writer, () => add(auth, payload));
      assertApiError(response, 400, 'invalid', field);
    });
  }

  it('refuses to add before a store is chosen, naming store', async () => {
    const { auth } = await newCustomer(t.app);
    assertApiError(await unchanged(t.deps.db.writer, () => add(auth, { product: 'latte' })), 400, 'invalid', 'store');
  });

  it('reports every problem of one request together', async () => {
    const { auth } = await customerAt('ipswich');
    const error = assertApiError(await add(auth, { product: 'latte', options: { milk: 'coconut', shots: 'quad' }, quantity: 1 }), 400, 'invalid');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['options.milk', 'options.shots']);
  });

  for (const store of ['bristol', 'Colchester', '', 42]) {
    it(`refuses PUT /api/v1/basket/store to ${JSON.stringify(store)}: 400 naming store, nothing written`, async () => {
      const { auth } = await customerAt('colchester');
      assertApiError(await unchanged(t.deps.db.writer, () => setStore(auth, store)), 400, 'invalid', 'store');
    });
  }

  it('re-checks every line when the store changes and flags what the new store cannot make', async () => {
    const { auth } = await customerAt('colchester');
    await add(auth, { product: 'latte', options: { milk: 'coconut' } });
    await add(auth, { product: 'iced-white-mocha' });
    await add(auth, { product: 'espresso', quantity: 2 });

    const ipswich = await setStore(auth, 'ipswich');
    assert.equal(ipswich.statusCode, 200, ipswich.body);
    const body = ipswich.json();
    assert.equal(body.store, 'ipswich');
    const problems = Object.fromEntries(body.lines.map((l: any) => [l.product, l.problems]));
    assert.match(problems['latte'].join(' '), /Coconut is not available/);
    assert.match(problems['iced-white-mocha'].join(' '), /not available/);
    assert.deepEqual(problems['espresso'], []);
    // Flagged lines keep their price and options so the customer sees what they were.
    const latte = body.lines.find((l: any) => l.product === 'latte');
    assert.equal(latte.unitPence, 385);
    assert.deepEqual(latte.options, { milk: 'coconut', shots: 'single', blend: 'regular' });

    const back = (await setStore(auth, 'colchester')).json();
    assert.deepEqual(
      back.lines.map((l: any) => l.problems),
      [[], [], []],
    );
  });

  it('flags a line once the store switches its product off, and clears it when switched back on', async () => {
    const { auth } = await customerAt('colchester');
    await add(auth, { product: 'carrot-cake' });
    const toggle = (available: boolean) =>
      t.deps.db.writer
        .updateTable('store_products')
        .set({ available })
        .where('product_id', '=', t.deps.db.writer.selectFrom('products').select('id').where('slug', '=', 'carrot-cake'))
        .where('store_id', '=', t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'colchester'))
        .execute();
    await toggle(false);
    try {
      const flagged = (await call(t.app, 'GET', '/api/v1/basket', { headers: auth })).json();
      assert.equal(flagged.lines[0].problems.length, 1);
    } finally {
      await toggle(true);
    }
    assert.deepEqual((await call(t.app, 'GET', '/api/v1/basket', { headers: auth })).json().lines[0].problems, []);
  });
});
