import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sweepOrders } from '../../../src/features/orders/expiry-sweeper.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../../support/test-app.js';

type Auth = { authorization: string };

describe('availability switches', () => {
  let t: TestApp;
  let manager: Auth;
  before(async () => {
    t = await startTestApp();
    manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
  });
  after(() => t.close());

  const menu = async (store: string) => (await t.app.inject({ url: `/api/v1/stores/${store}/menu` })).json();
  const product = (m: any, slug: string) => m.categories.flatMap((c: any) => c.products).find((p: any) => p.slug === slug);
  const option = (p: any, group: string, slug: string) => p.groups.find((g: any) => g.slug === group).options.find((o: any) => o.slug === slug);
  const put = (url: string, headers: Record<string, string>, available: boolean) => t.app.inject({ method: 'PUT', url, headers, payload: { available } });

  it('switches oat milk off at one store: its menu and its basket check see it at once, the other store does not', async () => {
    const response = await put('/api/v1/stores/colchester/options/oat/availability', manager, false);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { store: 'colchester', slug: 'oat', name: response.json().name, available: false, availableAgainAt: null });

    assert.equal(option(product(await menu('colchester'), 'latte'), 'milk', 'oat').available, false);
    assert.equal(option(product(await menu('ipswich'), 'latte'), 'milk', 'oat').available, true);

    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: customer, payload: { store: 'colchester' } });
    const add = await t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: customer,
      payload: { product: 'latte', options: { milk: 'oat' } },
    });
    assert.equal(add.statusCode, 400);
    assert.match(add.json().error.fields['options.milk'], /not available/);

    const audit = await t.deps.db.writer.selectFrom('audit_log').selectAll().where('action', '=', 'store.availability').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entity, 'option');
    assert.equal(audit[0]!.entity_id, 'oat');
    assert.deepEqual(audit[0]!.after, { available: false });

    assert.equal((await put('/api/v1/stores/colchester/options/oat/availability', manager, true)).statusCode, 200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/basket/lines',
      headers: customer,
      payload: { product: 'latte', options: { milk: 'oat' } },
    });
    assert.equal(again.statusCode, 201);
  });

  it('switches a product off: unavailable on the menu and refused in the basket, and flags lines already there', async () => {
    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: customer, payload: { store: 'colchester' } });
    await t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: customer, payload: { product: 'flat-white' } });

    assert.equal((await put('/api/v1/stores/colchester/products/flat-white/availability', manager, false)).statusCode, 200);
    assert.equal(product(await menu('colchester'), 'flat-white').available, false);
    assert.equal(product(await menu('ipswich'), 'flat-white').available, true);
    const add = await t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: customer, payload: { product: 'flat-white' } });
    assert.equal(add.statusCode, 400);
    const basket = (await t.app.inject({ url: '/api/v1/basket', headers: customer })).json();
    const line = basket.lines.find((l: any) => l.product === 'flat-white');
    assert.ok(line.problems.some((p: string) => /not available/.test(p)));
    assert.equal((await put('/api/v1/stores/colchester/products/flat-white/availability', manager, true)).statusCode, 200);
  });

  it("lets the store's baristas and managers and admins switch, nobody else", async () => {
    const url = '/api/v1/stores/colchester/products/latte/availability';
    assert.equal((await put(url, {}, false)).statusCode, 401);
    assert.equal((await put(url, await apiLogin(t.app, 'customer@alpaca.test'), false)).statusCode, 403);
    assert.equal((await put(url, await apiLogin(t.app, 'barista.ipswich@alpaca.test'), false)).statusCode, 403);
    assert.equal((await put(url, await apiLogin(t.app, 'manager.ipswich@alpaca.test'), false)).statusCode, 403);
    assert.equal(product(await menu('colchester'), 'latte').available, true, 'refused switches change nothing');
    assert.equal((await put(url, await apiLogin(t.app, 'barista.colchester@alpaca.test'), false)).statusCode, 200, 'from the counter');
    assert.equal((await put(url, await apiLogin(t.app, 'admin@alpaca.test'), false)).statusCode, 200);
    assert.equal((await put(url, manager, true)).statusCode, 200);
  });

  it('sold out until the end of the day or a time comes back by itself; indefinitely stays off', async () => {
    const until = (url: string, body: unknown) => t.app.inject({ method: 'PUT', url, headers: manager, payload: body as object });
    const latte = '/api/v1/stores/colchester/products/latte/availability';
    const oat = '/api/v1/stores/colchester/options/oat/availability';
    const mocha = '/api/v1/stores/colchester/products/mocha/availability';
    const eod = await until(latte, { available: false, until: 'end-of-day' });
    assert.equal(eod.statusCode, 200, eod.body);
    assert.equal(eod.json().availableAgainAt, '2026-11-26T07:00:00.000Z', "Colchester's next opening, Thursday 07:00");
    const timed = await until(oat, { available: false, until: '15:30' });
    assert.equal(timed.json().availableAgainAt, '2026-11-25T15:30:00.000Z');
    assert.equal((await until(mocha, { available: false })).json().availableAgainAt, null);
    for (const bad of [
      { available: false, until: 'soon' },
      { available: false, until: '2020-01-01T00:00:00Z' },
      { available: true, until: '15:30' },
    ]) {
      const response = await until(latte, bad);
      assert.equal(response.statusCode, 400, JSON.stringify(bad));
      assert.ok(response.json().error.fields['until'], JSON.stringify(bad));
    }
    const page = await (async () => {
      const b = new Browser(t.app);
      await b.login('barista.colchester@alpaca.test');
      return (await b.get('/staff/colchester/availability?show=off')).body;
    })();
    assert.match(page, /Sold out until Thu 26 Nov, 07:00|Sold out until/);
    assert.ok(!page.includes('id="product-flat-white"'), 'the filter shows sold-out items only');

    const open = t.deps.clock();
    try {
      t.setNow(new Date('2026-11-25T15:31:00Z'));
      await sweepOrders(t.deps);
      assert.equal(option(product(await menu('colchester'), 'latte'), 'milk', 'oat').available, true, 'oat is back at 15:30');
      assert.equal(product(await menu('colchester'), 'latte').available, false, 'the latte waits for the morning');
      t.setNow(new Date('2026-11-26T07:00:30Z'));
      await sweepOrders(t.deps);
      assert.equal(product(await menu('colchester'), 'latte').available, true, 'the latte is back at opening');
      assert.equal(product(await menu('colchester'), 'mocha').available, false, 'indefinitely stays off');
    } finally {
      t.setNow(open);
      await until(mocha, { available: true });
    }
  });

  it('answers 404 for an unknown product, option or store and 400 for a bad body', async () => {
    assert.equal((await put('/api/v1/stores/colchester/products/no-such-thing/availability', manager, false)).statusCode, 404);
    assert.equal((await put('/api/v1/stores/colchester/options/no-such-thing/availability', manager, false)).statusCode, 404);
    const admin = await apiLogin(t.app, 'admin@alpaca.test');
    assert.equal((await put('/api/v1/stores/nowhere/products/latte/availability', admin, false)).statusCode, 404);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/stores/colchester/products/latte/availability',
      headers: manager,
      payload: { available: 'no' },
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields['available']);
  });

  it('works from the manager page without JavaScript', async () => {
    const browser = new Browser(t.app);
    await browser.login('manager.colchester@alpaca.test');
    const page = await browser.get('/staff/colchester/availability');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /action="\/staff\/colchester\/availability\/options\/oat"/);
    assert.match(page.body, /<h3 id="group-milk">Milk<\/h3>/);

    const off = await browser.post('/staff/colchester/availability/options/oat', { available: 'false', until: '' });
    assert.equal(off.statusCode, 303);
    assert.equal(off.headers.location, '/staff/colchester/availability#option-oat');
    const after = await browser.get('/staff/colchester/availability');
    assert.match(after.body, /Oat[^<]* is sold out indefinitely at Colchester/);
    assert.match(after.body, /id="option-oat"[^>]*>/);
    assert.match(after.body.slice(after.body.indexOf('id="option-oat"') - 40), /switch-row--off/);

    const customerPage = await new Browser(t.app).get('/stores/colchester/products/latte');
    assert.match(customerPage.body, /id="opt-oat"[^>]*disabled/);

    assert.equal((await browser.post('/staff/colchester/availability/options/oat', { available: 'maybe' })).statusCode, 400);
    assert.equal((await browser.post('/staff/colchester/availability/options/oat', { available: 'true' })).statusCode, 303);

    const barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    assert.equal((await barista.get('/staff/colchester/availability')).statusCode, 200, 'baristas mark items sold out');
    const timed = await barista.post('/staff/colchester/availability/options/oat', { available: 'false', until: 'end-of-day', untilTime: '16:00' });
    assert.equal(timed.statusCode, 303);
    assert.match((await barista.get('/staff/colchester/availability')).body, /sold out until [^<]*16:00 at Colchester/);
    assert.equal((await barista.post('/staff/colchester/availability/options/oat', { available: 'true' })).statusCode, 303);
    assert.equal((await barista.get('/staff/colchester/busy')).statusCode, 403, 'managers keep the rest');
    const guest = await new Browser(t.app).get('/staff/colchester/availability');
    assert.equal(guest.statusCode, 303);
    assert.match(String(guest.headers.location), /^\/login\?returnTo=/);
  });
});
