// Adding a basket line with an Idempotency-Key: the same add sent again (HAProxy or the client
// retrying after a lost answer — an app killed, a failover) adds the line once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertApiError } from '../../support/api.js';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';

describe('basket API: adding a line with an Idempotency-Key', () => {
  let t: TestApp;
  let auth: { authorization: string };
  before(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app, 'customer@alpaca.test');
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } })).statusCode, 200);
  });
  after(() => t.close());

  const add = (key: string | undefined, quantity = 2) => t.app.inject({
    method: 'POST', url: '/api/v1/basket/lines',
    headers: { ...auth, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: { product: 'flat-white', options: { milk: 'whole' }, quantity },
  });
  const flatWhites = async () => {
    const basket = (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json();
    return basket.lines.filter((l: { product: string }) => l.product === 'flat-white').reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);
  };

  it('applies a repeated key once, and answers the repeat with the basket as it is', async () => {
    const first = await add('add-flat-white-0001');
    assert.equal(first.statusCode, 201, first.body);
    const again = await add('add-flat-white-0001');
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(await flatWhites(), 2);
    assert.deepEqual(again.json(), first.json());
  });

  it('adds again under a new key, or with no key at all', async () => {
    assert.equal((await add('add-flat-white-0002', 1)).statusCode, 201);
    assert.equal(await flatWhites(), 3);
    assert.equal((await add(undefined, 1)).statusCode, 201);
    assert.equal(await flatWhites(), 4);
  });

  it('applies concurrent twins once', async () => {
    const answers = await Promise.all([add('add-flat-white-0003', 1), add('add-flat-white-0003', 1), add('add-flat-white-0003', 1)]);
    for (const answer of answers) assert.equal(answer.statusCode, 201, answer.body);
    assert.equal(await flatWhites(), 5);
  });

  it('refuses a malformed key, naming the header, and adds nothing', async () => {
    assertApiError(await add('short'), 400, 'invalid', 'Idempotency-Key');
    assert.equal(await flatWhites(), 5);
  });
});
