// Adding a basket line with an Idempotency-Key: the same add sent again (HAProxy or the client
// retrying after a lost answer — an app killed, a failover) adds the line once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertApiError, newCustomer } from '../../support/api.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

type Auth = { authorization: string };

describe('basket API: adding a line with an Idempotency-Key', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A new customer with an empty basket at Colchester: each test counts its own flat whites. */
  async function shopper() {
    const { auth } = await newCustomer(t.app);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store: 'colchester' } })).statusCode, 200);
    return auth;
  }
  const add = (auth: Auth, key: string | undefined, quantity = 2) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: { ...auth, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: { product: 'flat-white', options: { milk: 'whole' }, quantity },
    });
  const flatWhites = async (auth: Auth) => {
    const basket = (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json();
    return basket.lines.filter((l: { product: string }) => l.product === 'flat-white').reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);
  };

  it('applies a repeated key once, and answers the repeat with the basket as it is', async () => {
    const auth = await shopper();
    const first = await add(auth, 'add-flat-white-0001');
    assert.equal(first.statusCode, 201, first.body);
    const again = await add(auth, 'add-flat-white-0001');
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(await flatWhites(auth), 2);
    assert.deepEqual(again.json(), first.json());
  });

  it('adds again under a new key, or with no key at all', async () => {
    const auth = await shopper();
    assert.equal((await add(auth, 'add-flat-white-0001', 1)).statusCode, 201);
    assert.equal((await add(auth, 'add-flat-white-0002', 1)).statusCode, 201);
    assert.equal(await flatWhites(auth), 2);
    assert.equal((await add(auth, undefined, 1)).statusCode, 201);
    assert.equal(await flatWhites(auth), 3);
  });

  it('applies concurrent twins once', async () => {
    const auth = await shopper();
    const answers = await Promise.all([add(auth, 'add-flat-white-0003', 1), add(auth, 'add-flat-white-0003', 1), add(auth, 'add-flat-white-0003', 1)]);
    for (const answer of answers) assert.equal(answer.statusCode, 201, answer.body);
    assert.equal(await flatWhites(auth), 1);
  });

  it('refuses a malformed key, naming the header, and adds nothing', async () => {
    const auth = await shopper();
    assertApiError(await add(auth, 'short'), 400, 'invalid', 'Idempotency-Key');
    assert.equal(await flatWhites(auth), 0);
  });
});
