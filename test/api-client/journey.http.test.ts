// The TypeScript client generated from the OpenAPI document (clients/typescript/api.d.ts, by
// openapi-typescript, used through openapi-fetch) is current, compiles with the project (tsc), and
// drives a whole journey over real HTTP: register, log in, choose a store, read its menu, fill the
// basket, place the order, check in, and the barista's ready and collected (issue 12, decision 703).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import createClient from 'openapi-fetch';
import type { paths } from '../../clients/typescript/api.js';
import { CLIENT_TYPES, clientTypes } from '../../scripts/api-client.js';
import { listenOnLoopback, startTestApp, type TestApp } from '../support/test-app.js';
import { observeStream } from '../support/contract.js';

describe('the generated TypeScript client', () => {
  let t: TestApp;
  let baseUrl: string;
  before(async () => {
    t = await startTestApp();
    baseUrl = await listenOnLoopback(t.app);
  });
  after(() => t.close());

  it('is generated from the document the app serves now (npm run api-client rewrites it)', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(await fs.readFile(CLIENT_TYPES, 'utf8'), await clientTypes(document), `${CLIENT_TYPES} is stale: run npm run api-client`);
  });

  it('drives a whole order, from registering to collected', async () => {
    // Every response of this client is checked against the document too, like app.inject's.
    const fetchChecked = async (request: Request) => {
      const response = await fetch(request);
      const body = await response.clone().text();
      observeStream({ method: request.method, url: request.url, status: response.status, contentType: response.headers.get('content-type') ?? '', body });
      return response;
    };
    const api = createClient<paths>({ baseUrl, fetch: fetchChecked });
    const email = `journey.${randomUUID().slice(0, 8)}@example.test`;
    const password = 'a-long-enough-password';

    const registered = await api.POST('/api/v1/accounts', { body: { firstName: 'Ada', lastName: 'Lovelace', email, password } });
    assert.equal(registered.response.status, 201);
    const login = await api.POST('/api/v1/sessions', { body: { email, password } });
    assert.ok(login.data, JSON.stringify(login.error));
    const customer = { Authorization: `Bearer ${login.data.token}` };

    const stores = await api.GET('/api/v1/stores');
    const store = stores.data?.find((s) => s.slug === 'colchester');
    assert.ok(store?.open, 'Colchester is open at the test clock');
    const menu = await api.GET('/api/v1/stores/{store}/menu', { params: { path: { store: store.slug } } });
    assert.ok(menu.data, JSON.stringify(menu.error));

    assert.equal((await api.PUT('/api/v1/basket/store', { headers: customer, body: { store: store.slug } })).response.status, 200);
    const line = await api.POST('/api/v1/basket/lines', { headers: customer, body: { product: 'flat-white', quantity: 2 } });
    assert.equal(line.data?.lines.length, 1, JSON.stringify(line.error));

    const placed = await api.POST('/api/v1/orders', {
      params: { header: { 'idempotency-key': randomUUID() } },
      headers: customer,
      body: { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } },
    });
    assert.equal(placed.response.status, 201, JSON.stringify(placed.error));
    const order = placed.data && 'order' in placed.data ? placed.data.order : null;
    assert.equal(order?.state, 'authorised');
    const id = { params: { path: { id: order!.id } } };

    const checkedIn = await api.POST('/api/v1/orders/{id}/check-in', { ...id, headers: customer });
    assert.equal(checkedIn.data?.state, 'paid', JSON.stringify(checkedIn.error));

    const barista = await api.POST('/api/v1/sessions', { body: { email: 'barista.colchester@alpaca.test', password: 'alpaca-demo-password' } });
    const staff = { Authorization: `Bearer ${barista.data!.token}` };
    const queue = await api.GET('/api/v1/stores/{store}/queue', { params: { path: { store: 'colchester' } }, headers: staff });
    assert.ok(queue.data?.making.some((ticket) => ticket.id === order!.id));
    assert.equal((await api.POST('/api/v1/orders/{id}/ready', { ...id, headers: staff })).data?.state, 'ready');
    assert.equal((await api.POST('/api/v1/orders/{id}/collected', { ...id, headers: staff })).data?.state, 'completed');

    const final = await api.GET('/api/v1/orders/{id}', { ...id, headers: customer });
    assert.deepEqual(
      final.data?.events.map((e) => [e.from, e.to]),
      [
        [null, 'authorising'],
        ['authorising', 'authorised'],
        ['authorised', 'capturing'],
        ['capturing', 'paid'],
        ['paid', 'ready'],
        ['ready', 'completed'],
      ],
    );
    const refused = await api.POST('/api/v1/orders/{id}/cancel', { ...id, headers: customer });
    assert.equal(refused.response.status, 409);
    assert.equal(refused.error?.error.code, 'order_not_cancellable');
  });
});
