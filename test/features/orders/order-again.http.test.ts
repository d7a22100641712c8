// "Order again" into a basket that already holds something asks "replace" or "add" (decision 321):
// the API answers 409 basket_not_empty without a mode and changes nothing; the page asks on a page
// of its own; an empty basket goes straight through.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, NEW_PASSWORD, newCustomer as newApiCustomer } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { flash, redirectedTo, unescapeHtml } from '../../support/html.js';
import { newCustomer, placedOrder, type Auth } from './helpers.js';

describe('order again: replace or add', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const reorder = (auth: Auth, id: string, payload?: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/reorder`, headers: auth, ...(payload ? { payload } : {}) });
  const addEspresso = (auth: Auth) =>
    t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth, payload: { product: 'espresso', quantity: 3 } });
  const lines = async (auth: Auth) =>
    (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json().lines.map((l: { product: string; quantity: number }) => [l.product, l.quantity]);

  it('API: an empty basket needs no mode; a full one is 409 basket_not_empty and unchanged; replace and add do what they say', async () => {
    const auth = await newCustomer(t, 'Rhea');
    const order = await placedOrder(t, auth); // placing empties the basket
    const straight = await reorder(auth, order.id);
    assert.equal(straight.statusCode, 200, straight.body);
    assert.equal(straight.json().replaced, false);
    assert.deepEqual(await lines(auth), [
      ['latte', 2],
      ['flat-white', 1],
    ]);

    await addEspresso(auth);
    const asked = await unchanged(t.deps.db.writer, () => reorder(auth, order.id));
    const error = assertApiError(asked, 409, 'basket_not_empty');
    assert.match(error.message, /already has 6 items/);

    const replaced = await reorder(auth, order.id, { mode: 'replace' });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().replaced, true);
    assert.deepEqual(await lines(auth), [
      ['latte', 2],
      ['flat-white', 1],
    ]);

    await addEspresso(auth);
    const added = await reorder(auth, order.id, { mode: 'add' });
    assert.equal(added.json().replaced, false);
    assert.deepEqual(await lines(auth), [
      ['latte', 4],
      ['flat-white', 2],
      ['espresso', 3],
    ]);
    assertApiError(await unchanged(t.deps.db.writer, () => reorder(auth, order.id, { mode: 'merge' })), 400, 'invalid', 'mode');
  });

  it('page: asks "Replace basket" or "Add to basket" on a page of its own, then does the one chosen', async () => {
    const customer = await newApiCustomer(t.app, 'Iris');
    const browser = new Browser(t.app);
    await browser.login(customer.email, NEW_PASSWORD);
    const demo = customer.auth;
    const order = await placedOrder(t, demo);
    await addEspresso(demo);

    const question = await unchanged(t.deps.db.writer, () => browser.post(`/orders/${order.id}/reorder`));
    assert.equal(question.statusCode, 200);
    assert.match(question.body, /<h1>Your basket already has 3 items<\/h1>/);
    assert.match(question.body, /name="mode" value="replace"\/><button type="submit" class="button button--primary">Replace basket</);
    assert.match(question.body, /name="mode" value="add"\/><button type="submit" class="button">Add to basket</);
    assert.match(question.body, new RegExp(`href="/orders/${order.id}">Keep my basket as it is`));

    assert.equal(redirectedTo(await browser.post(`/orders/${order.id}/reorder`, { mode: 'replace' })), '/basket');
    const basket = await browser.get('/basket');
    assert.match(unescapeHtml(flash(basket.body) ?? ''), /^Your basket was emptied first\. Added to your basket: 2 × Latte, 1 × Flat White\.$/);
    assert.deepEqual(await lines(demo), [
      ['latte', 2],
      ['flat-white', 1],
    ]);
    redirectedTo(await browser.post(`/orders/${order.id}/reorder`, { mode: 'add' }));
    assert.deepEqual(await lines(demo), [
      ['latte', 4],
      ['flat-white', 2],
    ]);
  });
});
