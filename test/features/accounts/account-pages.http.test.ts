// /login, /register, /logout and /account through a cookie- and CSRF-aware client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { call, newCustomer, NEW_PASSWORD, uniqueEmail } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { cookieValue, fieldError, redirectedTo } from '../../support/html.js';

describe('account pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const registration = (extra: Record<string, string> = {}) => ({
    firstName: 'Rosalind',
    lastName: 'Franklin',
    email: uniqueEmail('rosalind'),
    password: NEW_PASSWORD,
    ...extra,
  });

  it('shows the log-in and register forms with a CSRF field', async () => {
    for (const url of ['/login', '/register']) {
      const page = await new Browser(t.app).get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<form method="post" action="\/(login|register)"/);
      assert.match(page.body, /<input type="hidden" name="_csrf" value="[^"]{20,}"/);
    }
  });

  it('registers, logs the new customer in and returns them to returnTo', async () => {
    const browser = new Browser(t.app);
    const input = registration({ returnTo: '/stores/colchester' });
    const response = await browser.post('/register', input);
    assert.equal(redirectedTo(response), '/stores/colchester');
    assert.ok(cookieValue(response, 'sid'));
    const account = await browser.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, new RegExp(input.email.replace('.', '\\.')));
    assert.match(account.body, /Hello, Rosalind/);
  });

  for (const returnTo of ['//evil.com', '//evil.com/path', 'https://evil.com', '/\\evil.com', '/\t/evil.com', '/\n/evil.com', 'javascript:alert(1)']) {
    it(`keeps the redirect on site for returnTo=${JSON.stringify(returnTo)}`, async () => {
      const browser = new Browser(t.app);
      const location = redirectedTo(await browser.post('/register', registration({ returnTo })));
      assert.equal(location, '/');
      const login = await new Browser(t.app).post('/login', { email: 'customer@alpaca.test', password: 'alpaca-demo-password', returnTo });
      assert.equal(redirectedTo(login), '/');
      const form = await new Browser(t.app).get(`/login?returnTo=${encodeURIComponent(returnTo)}`);
      assert.match(form.body, /<input type="hidden" name="returnTo" value="\/"/);
    });
  }

  it('shows registration problems beside each field with 400, and writes nothing', async () => {
    const browser = new Browser(t.app);
    await browser.get('/register');
    const response = await unchanged(t.deps.db.writer, () =>
      browser.post('/register', registration({ email: 'not-an-email', password: 'short', firstName: '' })),
    );
    assert.equal(response.statusCode, 400);
    assert.match(fieldError(response.body, 'email') ?? '', /valid email/);
    assert.match(fieldError(response.body, 'password') ?? '', /at least 10/);
    assert.match(fieldError(response.body, 'firstName') ?? '', /first name/);
    assert.match(response.body, /value="Franklin"/, 'keeps what was typed');
    assert.doesNotMatch(response.body, /value="short"/, 'never echoes the password');
  });

  it('answers a form the schema refuses (a field missing) with 400, the field named, what was typed kept, nothing written', async () => {
    const browser = new Browser(t.app);
    await browser.get('/register');
    const { lastName: _dropped, ...withoutLastName } = registration({ firstName: 'Dorothy' });
    const response = await unchanged(t.deps.db.writer, () => browser.post('/register', withoutLastName));
    assert.equal(response.statusCode, 400);
    assert.equal(fieldError(response.body, 'lastName'), 'Fill this in.');
    assert.match(response.body, /value="Dorothy"/, 'keeps what was typed');
  });

  it('logs in and out: the session row is created, then deleted, and /account asks to log in again', async () => {
    const browser = new Browser(t.app);
    const customer = await newCustomer(t.app, 'Ada');
    const login = await browser.post('/login', { email: customer.email, password: NEW_PASSWORD, returnTo: '/account' });
    assert.equal(redirectedTo(login), '/account');
    const webSessions = () => t.deps.db.writer.selectFrom('sessions').select('id').where('user_id', '=', customer.id).where('kind', '=', 'web').execute();
    assert.equal((await webSessions()).length, 1);
    assert.equal((await browser.get('/account')).statusCode, 200);

    assert.equal(redirectedTo(await browser.post('/logout')), '/');
    assert.equal((await webSessions()).length, 0);
    assert.equal(redirectedTo(await browser.get('/account')), '/login?returnTo=%2Faccount');
  });

  it('logs out a visitor who was not logged in without error, writing nothing', async () => {
    const browser = new Browser(t.app);
    await browser.get('/');
    const response = await unchanged(t.deps.db.writer, () => browser.post('/logout'));
    assert.equal(redirectedTo(response), '/');
  });

  it('answers a wrong password with 401 and the form again, writing nothing', async () => {
    const browser = new Browser(t.app);
    await browser.get('/login');
    const response = await unchanged(t.deps.db.writer, () =>
      browser.post('/login', { email: 'customer@alpaca.test', password: 'wrong-password', returnTo: '/' }),
    );
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /do not match an account/);
    assert.match(response.body, /value="customer@alpaca.test"/);
    assert.equal(cookieValue(response, 'sid'), undefined);
  });

  it('refuses a disabled account with 403', async () => {
    const customer = await newCustomer(t.app, 'Gone');
    await t.deps.db.writer.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', customer.id).execute();
    const browser = new Browser(t.app);
    await browser.get('/login');
    const response = await unchanged(t.deps.db.writer, () => browser.post('/login', { email: customer.email, password: NEW_PASSWORD }));
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /disabled/);
  });

  it('rotates the session id at login: the cookie changes and the old session no longer works', async () => {
    const browser = new Browser(t.app);
    const first = cookieValue(await browser.login('customer@alpaca.test'), 'sid');
    const second = cookieValue(await browser.login('customer@alpaca.test'), 'sid');
    assert.ok(first && second);
    assert.notEqual(first, second);
    const withOld = await t.app.inject({ url: '/account', headers: { cookie: `sid=${first}` } });
    assert.equal(redirectedTo(withOld), '/login?returnTo=%2Faccount');
    const withNew = await t.app.inject({ url: '/account', headers: { cookie: `sid=${second}` } });
    assert.equal(withNew.statusCode, 200);
  });

  it('sends a logged-in visitor from /login straight to returnTo', async () => {
    const browser = new Browser(t.app);
    await browser.login('customer@alpaca.test');
    assert.equal(redirectedTo(await browser.get('/login?returnTo=%2Fbasket')), '/basket');
  });
});

describe('guest basket at login', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function guestWithLatte() {
    const guest = new Browser(t.app);
    await guest.post('/stores/choose', { store: 'colchester' });
    redirectedTo(await guest.post('/basket/lines', { store: 'colchester', product: 'latte', 'options.milk': 'oat', quantity: '2' }));
    return guest;
  }

  it('is adopted whole by an account that has no basket', async () => {
    const customer = await newCustomer(t.app, 'Adopter');
    const guest = await guestWithLatte();
    await guest.post('/login', { email: customer.email, password: NEW_PASSWORD });
    const basket = (await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth })).json();
    assert.equal(basket.store, 'colchester');
    assert.deepEqual(
      basket.lines.map((l: any) => [l.product, l.options.milk, l.quantity]),
      [['latte', 'oat', 2]],
    );
  });

  it('merges into the account basket line by line, adding identical lines together, and the guest basket is gone', async () => {
    const customer = await newCustomer(t.app, 'Merger');
    await call(t.app, 'PUT', '/api/v1/basket/store', { headers: customer.auth, payload: { store: 'ipswich' } });
    for (const payload of [
      { product: 'latte', options: { milk: 'oat' }, quantity: 3 },
      { product: 'espresso', quantity: 1 },
    ]) {
      assert.equal((await call(t.app, 'POST', '/api/v1/basket/lines', { headers: customer.auth, payload })).statusCode, 201);
    }
    const guest = await guestWithLatte();
    const baskets = await t.deps.db.writer.selectFrom('baskets').select('id').execute();
    await guest.post('/login', { email: customer.email, password: NEW_PASSWORD });

    const basket = (await call(t.app, 'GET', '/api/v1/basket', { headers: customer.auth })).json();
    assert.equal(basket.store, 'colchester', 'the store chosen while browsing wins');
    assert.deepEqual(basket.lines.map((l: any) => [l.product, l.quantity]).sort(), [
      ['espresso', 1],
      ['latte', 5],
    ]);
    assert.equal((await t.deps.db.writer.selectFrom('baskets').select('id').execute()).length, baskets.length - 1);
    assert.match((await guest.get('/basket')).body, /data-basket-count="true">6</);
  });
});
