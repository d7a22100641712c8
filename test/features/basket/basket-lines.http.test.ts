// The basket API's lines: add, merge, quantity limits, PATCH, DELETE and ownership.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, newCustomer } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';

type Auth = { authorization: string };

describe('basket API: lines', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const basket = (auth: Auth) => call(t.app, 'GET', '/api/v1/basket', { headers: auth });
  const add = (auth: Auth, payload: unknown) => call(t.app, 'POST', '/api/v1/basket/lines', { headers: auth, payload });
  const patch = (auth: Auth, id: number | string, payload: unknown) => call(t.app, 'PATCH', `/api/v1/basket/lines/${id}`, { headers: auth, payload });
  const remove = (auth: Auth, id: number | string) => call(t.app, 'DELETE', `/api/v1/basket/lines/${id}`, { headers: auth });

  async function customerAt(store = 'colchester') {
    const customer = await newCustomer(t.app);
    assert.equal((await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store } })).statusCode, 200);
    return customer;
  }

  it('starts empty, and needs a login', async () => {
    const { auth } = await newCustomer(t.app);
    assert.deepEqual((await basket(auth)).json(), { store: null, lines: [], totalPence: 0 });
    assertApiError(await call(t.app, 'GET', '/api/v1/basket'), 401, 'unauthorized');
    assertApiError(await add({ authorization: '' } as Auth, { product: 'latte' }), 401, 'unauthorized');
  });

  it('adds a line (quantity 1 and the defaults when omitted) and answers 201 with the basket', async () => {
    const { auth } = await customerAt();
    const response = await add(auth, { product: 'flat-white' });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.store, 'colchester');
    assert.deepEqual(body.lines, [
      {
        id: body.lines[0].id,
        product: 'flat-white',
        name: 'Flat White',
        quantity: 1,
        unitPence: 330,
        totalPence: 330,
        problems: [],
        options: { milk: 'semi-skimmed', shots: 'single', blend: 'regular' },
      },
    ]);
    assert.equal(body.totalPence, 330);
  });

  it('merges identical customisations whatever order the options were given in, and keeps others apart', async () => {
    const { auth } = await customerAt();
    await add(auth, { product: 'latte', options: { syrup: ['vanilla', 'caramel'], milk: 'oat' }, quantity: 1 });
    await add(auth, { product: 'latte', options: { milk: 'oat', syrup: ['caramel', 'vanilla'], shots: 'single' }, quantity: 2 });
    const body = (await add(auth, { product: 'latte', options: { milk: 'whole' }, quantity: 1 })).json();
    assert.deepEqual(
      body.lines.map((l: any) => [l.options.milk, l.quantity, l.unitPence, l.totalPence]),
      [
        ['oat', 3, 485, 1455],
        ['whole', 1, 340, 340],
      ],
    );
    assert.equal(body.totalPence, 1795);
  });

  for (const quantity of [0, 21, -1, 1.5, '2', null]) {
    it(`refuses quantity ${JSON.stringify(quantity)}: 400 naming quantity, nothing written`, async () => {
      const { auth } = await customerAt();
      const response = await unchanged(t.deps.db.writer, () => add(auth, { product: 'latte', quantity }));
      assertApiError(response, 400, 'invalid', 'quantity');
    });
  }

  it('accepts up to 20 of one item in total and refuses a merge beyond 20, leaving the line as it was', async () => {
    const { auth } = await customerAt();
    assert.equal((await add(auth, { product: 'mocha', quantity: 15 })).statusCode, 201);
    const refused = await unchanged(t.deps.db.writer, () => add(auth, { product: 'mocha', quantity: 6 }));
    assertApiError(refused, 400, 'invalid', 'quantity');
    const full = await add(auth, { product: 'mocha', quantity: 5 });
    assert.equal(full.statusCode, 201);
    assert.equal(full.json().lines[0].quantity, 20);
    assertApiError(await unchanged(t.deps.db.writer, () => add(auth, { product: 'mocha', quantity: 1 })), 400, 'invalid', 'quantity');
  });

  it('changes a quantity with PATCH, and refuses bad quantities or fields', async () => {
    const { auth } = await customerAt();
    const id = (await add(auth, { product: 'americano' })).json().lines[0].id;
    const changed = await patch(auth, id, { quantity: 4 });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(
      changed.json().lines.map((l: any) => [l.quantity, l.totalPence]),
      [[4, 1160]],
    );
    for (const payload of [{ quantity: 0 }, { quantity: 21 }, { quantity: '3' }, {}]) {
      assertApiError(await unchanged(t.deps.db.writer, () => patch(auth, id, payload)), 400, 'invalid', 'quantity');
    }
    assertApiError(await unchanged(t.deps.db.writer, () => patch(auth, id, { quantity: 2, price: 1 })), 400, 'invalid', 'price');
  });

  it('removes a line with DELETE', async () => {
    const { auth } = await customerAt();
    await add(auth, { product: 'americano' });
    const id = (await add(auth, { product: 'espresso' })).json().lines[1].id;
    const response = await remove(auth, id);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      response.json().lines.map((l: any) => l.product),
      ['americano'],
    );
    assert.equal(await t.deps.db.writer.selectFrom('basket_lines').select('id').where('id', '=', id).executeTakeFirst(), undefined);
    assertApiError(await remove(auth, id), 404, 'not_found');
  });

  it("answers 404 for someone else's line, and changes nothing", async () => {
    const owner = await customerAt();
    const id = (await add(owner.auth, { product: 'cortado', quantity: 2 })).json().lines[0].id;
    const other = await customerAt();
    assertApiError(await unchanged(t.deps.db.writer, () => patch(other.auth, id, { quantity: 9 })), 404, 'not_found');
    assertApiError(await unchanged(t.deps.db.writer, () => remove(other.auth, id)), 404, 'not_found');
    assert.equal((await basket(owner.auth)).json().lines[0].quantity, 2);
  });

  it('answers 404 for a line id that does not exist, even with no basket at all', async () => {
    const { auth } = await newCustomer(t.app);
    assertApiError(await patch(auth, 999999, { quantity: 1 }), 404, 'not_found');
    assertApiError(await remove(auth, 999999999), 404, 'not_found');
  });

  for (const id of ['abc', '0', '-1', '1.5', '99999999999']) {
    it(`answers 400 naming id for a malformed line id ${id}`, async () => {
      const { auth } = await customerAt();
      assertApiError(await patch(auth, id, { quantity: 1 }), 400, 'invalid', 'id');
      assertApiError(await remove(auth, id), 400, 'invalid', 'id');
    });
  }
});
