// Editing a basket line in place (decision 320): the product form again, preselected with the line,
// saved over it; the −/+ stepper as forms of their own; the API's PATCH with options and quantity.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { unchanged } from '../../support/db-state.js';
import { fieldError, flash, redirectedTo, unescapeHtml } from '../../support/html.js';
import { assertApiError, call, newCustomer } from '../../support/api.js';

const lineIds = (html: string) => [...html.matchAll(/data-line-id="(\d+)"/g)].map((m) => m[1]!);

describe('editing a basket line', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function shopperWithLatte(fields: Record<string, string | string[]> = { 'options.milk': 'oat' }) {
    const browser = new Browser(t.app);
    redirectedTo(await browser.post('/stores/choose', { store: 'colchester' }));
    redirectedTo(await browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '2', ...fields }));
    const [id] = lineIds((await browser.get('/basket')).body);
    return { browser, id: id! };
  }

  it('opens the product form preselected with the line and saves the new options and quantity over it', async () => {
    const { browser, id } = await shopperWithLatte();
    const basket = await browser.get('/basket');
    assert.match(basket.body, new RegExp(`href="/basket/lines/${id}/edit"`));
    const form = await browser.get(`/basket/lines/${id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<form method="post" action="/basket/lines/${id}/edit"`));
    assert.match(form.body, /id="opt-oat"[^>]*checked/);
    assert.doesNotMatch(form.body, /id="opt-whole"[^>]*checked/);
    assert.match(form.body, /id="quantity"[^>]*value="2"/);
    assert.match(form.body, />Save changes</);

    const saved = await browser.post(`/basket/lines/${id}/edit`, { product: 'latte', 'options.milk': 'soy', 'options.syrup': 'vanilla', quantity: '3' });
    assert.equal(redirectedTo(saved), '/basket');
    const after = await browser.get('/basket');
    assert.deepEqual(lineIds(after.body), [id], 'the same line, edited in place');
    assert.match(after.body, /Soy · Single · Regular · Vanilla/);
    assert.match(unescapeHtml(flash(after.body) ?? ''), /^Updated: 3 × Latte \(Soy, Single, Regular, Vanilla\)\.$/);
  });

  it('prices the edit without JavaScript with "Update total" (a POST to the preview address), changing nothing', async () => {
    const { browser, id } = await shopperWithLatte();
    const form = await browser.get(`/basket/lines/${id}/edit`);
    assert.match(form.body, new RegExp(`formaction="/basket/lines/${id}/preview"`));
    const preview = await unchanged(t.deps.db.writer, () => browser.post(`/basket/lines/${id}/preview`, { 'options.milk': 'whole', quantity: '4' }));
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /id="opt-whole"[^>]*checked/);
    assert.match(preview.body, /data-line-total[^>]*>£13\.60</);
  });

  it('joins the edited line to an identical one rather than making a duplicate', async () => {
    const { browser, id } = await shopperWithLatte();
    redirectedTo(await browser.post('/basket/lines', { store: 'colchester', product: 'latte', quantity: '1', 'options.milk': 'whole' }));
    const ids = lineIds((await browser.get('/basket')).body);
    assert.equal(ids.length, 2);
    redirectedTo(await browser.post(`/basket/lines/${id}/edit`, { product: 'latte', 'options.milk': 'whole', quantity: '2' }));
    const page = await browser.get('/basket');
    assert.deepEqual(lineIds(page.body), [ids[1]]);
    assert.match(page.body, /id="qty-\d+"[^>]*value="3"/);
  });

  it('shows the form again with 400 and the problem beside the field, writing nothing', async () => {
    const { browser, id } = await shopperWithLatte();
    const bad = await unchanged(t.deps.db.writer, () => browser.post(`/basket/lines/${id}/edit`, { product: 'latte', 'options.milk': 'goat', quantity: '2' }));
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'milk'));
    const tooMany = await unchanged(t.deps.db.writer, () => browser.post(`/basket/lines/${id}/edit`, { product: 'latte', quantity: '21' }));
    assert.equal(tooMany.statusCode, 400);
    assert.ok(fieldError(tooMany.body, 'quantity'));
  });

  it("answers 404 for another visitor's line, on the form and on save", async () => {
    const { id } = await shopperWithLatte();
    const stranger = new Browser(t.app);
    redirectedTo(await stranger.post('/stores/choose', { store: 'colchester' }));
    assert.equal((await stranger.get(`/basket/lines/${id}/edit`)).statusCode, 404);
    const save = await unchanged(t.deps.db.writer, () => stranger.post(`/basket/lines/${id}/edit`, { product: 'latte', quantity: '5' }));
    assert.equal(save.statusCode, 404);
  });

  it('steps the quantity with − and + forms that work without JavaScript; − is off at 1', async () => {
    const { browser, id } = await shopperWithLatte({ 'options.milk': 'oat' });
    const page = (await browser.get('/basket')).body;
    assert.match(page, /<input type="hidden" name="quantity" value="1"\/><button type="submit" class="stepper__button" aria-label="One fewer Latte">/);
    assert.match(page, /<input type="hidden" name="quantity" value="3"\/><button type="submit" class="stepper__button" aria-label="One more Latte">/);
    redirectedTo(await browser.post(`/basket/lines/${id}`, { quantity: '1' }));
    const atOne = (await browser.get('/basket')).body;
    assert.match(atOne, /class="stepper__button" disabled aria-label="One fewer Latte"/);
  });

  it('PATCH /api/v1/basket/lines/:id edits options and quantity; nothing or bad options is a 400', async () => {
    const customer = await newCustomer(t.app, 'Edith');
    await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'colchester' } });
    const added = await call(t.app, 'POST', '/api/v1/basket/lines', {
      headers: customer.auth,
      payload: { product: 'latte', options: { milk: 'oat' }, quantity: 1 },
    });
    const id = added.json().lines[0].id;
    const edited = await call(t.app, 'PATCH', `/api/v1/basket/lines/${id}`, {
      headers: customer.auth,
      payload: { options: { milk: 'soy', shots: 'double' }, quantity: 2 },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(
      edited.json().lines.map((l: { id: number; options: unknown; quantity: number }) => [l.id, l.options, l.quantity]),
      [[id, { milk: 'soy', shots: 'double', blend: 'regular' }, 2]],
    );
    const onlyQuantity = await call(t.app, 'PATCH', `/api/v1/basket/lines/${id}`, { headers: customer.auth, payload: { quantity: 4 } });
    assert.deepEqual(onlyQuantity.json().lines[0].options, { milk: 'soy', shots: 'double', blend: 'regular' });
    await unchanged(t.deps.db.writer, async () => {
      assertApiError(
        await call(t.app, 'PATCH', `/api/v1/basket/lines/${id}`, { headers: customer.auth, payload: { options: { milk: 'goat' } } }),
        400,
        'invalid',
        'options.milk',
      );
      assertApiError(await call(t.app, 'PATCH', `/api/v1/basket/lines/${id}`, { headers: customer.auth, payload: {} }), 400, 'invalid');
    });
  });
});
