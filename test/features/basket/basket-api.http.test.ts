import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';

describe('basket API', () => {
  let t: TestApp;
  let auth: { authorization: string };
  before(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app, 'customer@alpaca.test');
  });
  after(() => t.close());

  it('prices a customised latte and merges identical lines', async () => {
    const menu = (await t.app.inject({ url: '/api/v1/stores/colchester/menu' })).json();
    const latte = menu.categories.flatMap((c: any) => c.products).find((p: any) => p.slug === 'latte');
    const delta = (group: string, slug: string) => latte.groups.find((g: any) => g.slug === group).options.find((o: any) => o.slug === slug).priceDeltaPence;
    const expectedUnit = latte.pricePence + delta('milk', 'oat') + delta('shots', 'double');

    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } })).statusCode, 200);
    const add = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/basket/lines',
        headers: auth,
        payload: { product: 'latte', options: { milk: 'oat', shots: 'double' }, quantity: 2 },
      });
    assert.equal((await add()).statusCode, 201);
    const basket = (await add()).json();
    assert.equal(basket.lines.length, 1);
    assert.equal(basket.lines[0].quantity, 4);
    assert.equal(basket.lines[0].unitPence, expectedUnit);
    assert.equal(basket.totalPence, 4 * expectedUnit);
    assert.deepEqual(basket.lines[0].options, { milk: 'oat', shots: 'double', blend: 'regular' });
  });
});
