// Favourites (decision 322): saved from the product form as customised and from an order line,
// listed, removed, ordered again (replace/add), and the same through the JSON API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, NEW_PASSWORD, newCustomer } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { flash, redirectedTo, unescapeHtml } from '../../support/html.js';

const favouriteIds = (html: string) => [...html.matchAll(/data-favourite-id="(\d+)"/g)].map((m) => m[1]!);

describe('favourites', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function signedIn(name = 'Fay') {
    const customer = await newCustomer(t.app, name);
    const browser = new Browser(t.app);
    await browser.login(customer.email, NEW_PASSWORD);
    redirectedTo(await browser.post('/stores/choose', { store: 'colchester' }));
    return { browser, customer };
  }

  it('saves the drink as customised from the product form star, lists it, and removes it', async () => {
    const { browser } = await signedIn();
    const product = await browser.get('/stores/colchester/products/latte');
    assert.match(product.body, /formaction="\/favourites\?returnTo=%2Fstores%2Fcolchester%2Fproducts%2Flatte"/);
    const saved = await browser.post('/favourites?returnTo=%2Fstores%2Fcolchester%2Fproducts%2Flatte', {
      store: 'colchester',
      product: 'latte',
      'options.milk': 'oat',
      'options.syrup': ['vanilla', 'caramel'],
      quantity: '2',
    });
    // Back to the product page with the drink as starred: the browser posts the same form there (307),
    // which previews it, so the page is not reset to its defaults.
    assert.equal(saved.statusCode, 307, saved.body);
    assert.equal(saved.headers.location, '/stores/colchester/products/latte');
    const shown = (
      await browser.post('/stores/colchester/products/latte', {
        store: 'colchester',
        product: 'latte',
        'options.milk': 'oat',
        'options.syrup': ['vanilla', 'caramel'],
        quantity: '2',
      })
    ).body;
    assert.match(unescapeHtml(flash(shown) ?? ''), /^Saved to your favourites/);
    assert.match(shown, /<input[^>]*value="oat"[^>]*checked/);
    assert.match(shown, /<input[^>]*value="vanilla"[^>]*checked/);
    const list = await browser.get('/favourites');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /2 × Latte<\/span><span class="line-summary__options">Oat · Single · Regular · Vanilla · Caramel</);
    const [id] = favouriteIds(list.body);
    // Saving the same drink again keeps one favourite.
    await browser.post('/favourites', { store: 'colchester', product: 'latte', 'options.milk': 'oat', 'options.syrup': ['caramel', 'vanilla'], quantity: '1' });
    assert.deepEqual(favouriteIds((await browser.get('/favourites')).body), [id]);
    // The product page shows that drink as already a favourite (the star hidden, a link to the list
    // shown), and the default drink, which is not one, with the star.
    // (Every group posted, as the browser posts the form.)
    const asStarred = await browser.post('/stores/colchester/products/latte', {
      store: 'colchester',
      product: 'latte',
      'options.milk': 'oat',
      'options.shots': 'single',
      'options.blend': 'regular',
      'options.syrup': ['caramel', 'vanilla'],
      quantity: '1',
    });
    assert.match(asStarred.body, /<button class="button button--quiet favourite-star"[^>]*hidden/);
    assert.match(asStarred.body, /<a class="button button--quiet favourite-saved" href="\/favourites">/);
    const plain = await browser.get('/stores/colchester/products/latte');
    assert.match(plain.body, /<a class="button button--quiet favourite-saved" href="\/favourites" hidden/);
    assert.doesNotMatch(plain.body, /<button class="button button--quiet favourite-star"[^>]*hidden/);

    assert.equal(redirectedTo(await browser.post(`/favourites/${id}/remove`)), '/favourites');
    const empty = await browser.get('/favourites');
    assert.deepEqual(favouriteIds(empty.body), []);
    assert.match(empty.body, /No favourites yet/);
  });

  it('a bad choice is refused with the reason and saves nothing; a guest is sent to log in', async () => {
    const { browser } = await signedIn();
    const bad = await unchanged(t.deps.db.writer, () =>
      browser.post('/favourites?returnTo=%2Fstores%2Fcolchester%2Fproducts%2Flatte', {
        store: 'colchester',
        product: 'latte',
        'options.milk': 'goat',
        quantity: '1',
      }),
    );
    assert.equal(redirectedTo(bad), '/stores/colchester/products/latte');
    assert.match(unescapeHtml(flash((await browser.get('/stores/colchester/products/latte')).body) ?? ''), /goat/);
    const guest = new Browser(t.app);
    assert.doesNotMatch((await guest.get('/stores/colchester/products/latte')).body, /Save as favourite/);
    const response = await unchanged(t.deps.db.writer, () => guest.get('/favourites'));
    assert.ok([302, 303, 401].includes(response.statusCode), `guest: ${response.statusCode}`);
  });

  it('stars a line of a past order, and "Order again" from favourites asks replace or add when the basket holds something', async () => {
    const { browser, customer } = await signedIn('Gus');
    await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'colchester' } });
    await call(t.app, 'POST', '/api/v1/basket/lines', { headers: customer.auth, payload: { product: 'flat-white', options: { milk: 'soy' }, quantity: 1 } });
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...customer.auth, 'idempotency-key': crypto.randomUUID() },
      payload: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
    });
    const orderId = placed.json().order.id;
    const orderPage = await browser.get(`/orders/${orderId}`);
    assert.match(orderPage.body, /aria-label="Save Flat White as a favourite"/);
    assert.match(orderPage.body, /<input type="hidden" name="options.milk" value="soy"\/>/);
    redirectedTo(
      await browser.post(`/favourites?returnTo=/orders/${orderId}`, { store: 'colchester', product: 'flat-white', 'options.milk': 'soy', quantity: '1' }),
    );
    const [id] = favouriteIds((await browser.get('/favourites')).body);
    assert.ok(id);
    // The line now says it is a favourite, linking to the list, instead of offering to save it again.
    const starred = await browser.get(`/orders/${orderId}`);
    assert.doesNotMatch(starred.body, /aria-label="Save Flat White as a favourite"/);
    assert.match(starred.body, /<a href="\/favourites" class="favourite-saved">[\s\S]*?Saved as a favourite<\/a>/);
    // A second save from a page shown before the first (or a second tap) keeps one favourite and says so.
    const again = await browser.post(`/favourites?returnTo=/orders/${orderId}`, {
      store: 'colchester',
      product: 'flat-white',
      'options.milk': 'soy',
      quantity: '1',
    });
    assert.equal(redirectedTo(again), `/orders/${orderId}`);
    assert.equal(unescapeHtml(flash((await browser.get(`/orders/${orderId}`)).body) ?? ''), 'This drink is already one of your favourites.');
    assert.deepEqual(favouriteIds((await browser.get('/favourites')).body), [id]);

    // Empty basket (placing emptied it): one tap.
    assert.equal(redirectedTo(await browser.post(`/favourites/${id}/order`)), '/basket');
    // Now it holds something: asked first.
    const question = await unchanged(t.deps.db.writer, () => browser.post(`/favourites/${id}/order`));
    assert.equal(question.statusCode, 200);
    assert.match(question.body, /Your basket already has 1 item</);
    redirectedTo(await browser.post(`/favourites/${id}/order`, { mode: 'add' }));
    const basket = (await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth })).json();
    assert.deepEqual(
      basket.lines.map((l: { product: string; quantity: number; options: { milk: string } }) => [l.product, l.quantity, l.options.milk]),
      [['flat-white', 2, 'soy']],
    );
  });

  it('API: list, save, order again with a mode, delete; bad input 400, someone else’s 404', async () => {
    const { customer } = await signedIn('Hal');
    const other = await newCustomer(t.app, 'Ivy');
    await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'colchester' } });
    const created = await call(t.app, 'POST', '/api/v1/favourites', {
      headers: customer.auth,
      payload: { product: 'latte', options: { milk: 'oat' }, quantity: 2 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const favourite = created.json();
    // The same drink again (options named in another order): 200, the same favourite, its quantity updated.
    const repeated = await call(t.app, 'POST', '/api/v1/favourites', {
      headers: customer.auth,
      payload: { product: 'latte', options: { blend: 'regular', milk: 'oat' }, quantity: 2 },
    });
    assert.equal(repeated.statusCode, 200, repeated.body);
    assert.deepEqual(repeated.json(), favourite);
    assert.deepEqual(
      { ...favourite, id: 0 },
      { id: 0, product: 'latte', name: 'Latte', options: { milk: 'oat', shots: 'single', blend: 'regular' }, quantity: 2 },
    );
    assert.deepEqual(
      (await call(t.app, 'GET', '/api/v1/favourites', { headers: customer.auth })).json().map((f: { id: number }) => f.id),
      [favourite.id],
    );
    await unchanged(t.deps.db.writer, async () => {
      assertApiError(
        await call(t.app, 'POST', '/api/v1/favourites', { headers: customer.auth, payload: { product: 'latte', options: { milk: 'goat' } } }),
        400,
        'invalid',
        'options.milk',
      );
      assertApiError(await call(t.app, 'POST', '/api/v1/favourites', { headers: customer.auth, payload: { product: 'nope' } }), 400, 'invalid', 'product');
      assertApiError(await call(t.app, 'DELETE', `/api/v1/favourites/${favourite.id}`, { headers: other.auth }), 404, 'not_found');
      assertApiError(await call(t.app, 'POST', `/api/v1/favourites/${favourite.id}/order`, { headers: other.auth, payload: {} }), 404, 'not_found');
    });
    const ordered = await call(t.app, 'POST', `/api/v1/favourites/${favourite.id}/order`, { headers: customer.auth });
    assert.equal(ordered.statusCode, 200, ordered.body);
    assert.deepEqual(ordered.json().added, [{ name: 'Latte', quantity: 2 }]);
    assertApiError(
      await unchanged(t.deps.db.writer, () => call(t.app, 'POST', `/api/v1/favourites/${favourite.id}/order`, { headers: customer.auth })),
      409,
      'basket_not_empty',
    );
    const replaced = await call(t.app, 'POST', `/api/v1/favourites/${favourite.id}/order`, { headers: customer.auth, payload: { mode: 'replace' } });
    assert.equal(replaced.json().replaced, true);
    assert.deepEqual(
      replaced.json().basket.lines.map((l: { quantity: number }) => l.quantity),
      [2],
    );
    assert.equal((await call(t.app, 'DELETE', `/api/v1/favourites/${favourite.id}`, { headers: customer.auth })).statusCode, 204);
    assert.deepEqual((await call(t.app, 'GET', '/api/v1/favourites', { headers: customer.auth })).json(), []);
  });
});
