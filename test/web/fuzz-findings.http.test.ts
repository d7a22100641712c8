// What the fuzz (fuzz.http.test.ts) found, each kept as the exact request it sent (decision 521):
// each was a 500 before its fix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError } from '../support/api.js';
import { unchanged } from '../support/db-state.js';

describe('fuzz findings', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('JSON nested 30 000 levels deep (60 KB, under the body limit) is a 400 naming the body, not a stack overflow', async () => {
    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    for (const [method, url] of [
      ['PUT', '/api/v1/stores/4/busy'],
      ['POST', '/api/v1/favourites/0000-00-00/order?problems=56'],
      ['POST', '/api/v1/basket/lines'],
    ] as const) {
      const response = await unchanged(t.deps.db.writer, () =>
        t.app.inject({ method, url, headers: { ...customer, 'content-type': 'application/json' }, payload: deep }),
      );
      assertApiError(response, 400, 'invalid', 'body');
    }
    // 32 levels is still read as usual (the schema says what is wrong with it, if anything).
    const fine = await t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: { ...customer, 'content-type': 'application/json' },
      payload: `{"product":"latte","quantity":1,"options":${'['.repeat(31)}${']'.repeat(31)}}`,
    });
    assert.notEqual(fine.statusCode, 500, fine.body);
    assert.doesNotMatch(fine.body, /nest/);
  });

  it('an order id that is not one (non-ASCII) in the timing form answers 404, not a Location header Node refuses', async () => {
    const browser = new Browser(t.app);
    await browser.login('customer@alpaca.test');
    const id = '%F1%BB%8E%A9%F3%A1%9F%A9%F4%88%B8%81';
    const response = await unchanged(t.deps.db.writer, () => browser.post(`/orders/${id}/trigger?tab=4&%0D%0A=icons&code=flat-white`));
    assert.equal(response.statusCode, 404, response.body.slice(0, 300));
  });
});
