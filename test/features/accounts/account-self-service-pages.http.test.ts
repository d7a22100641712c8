// The account page's forms (issue 14), as a browser without JavaScript uses them: each with its
// CSRF token, Post/Redirect/Get, problems shown beside their field with a 400 and nothing changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ACCOUNT_TOKEN_PURPOSE } from '../../../src/outbox/email/handler.js';
import { unseal } from '../../../src/outbox/sealed.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { unchanged } from '../../support/db-state.js';

const PASSWORD = 'a-long-enough-password';

describe('account pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  async function registered(firstName = 'Page') {
    const email = `${firstName.toLowerCase()}.${randomBytes(4).toString('hex')}@example.test`;
    const browser = new Browser(t.app);
    const response = await browser.post('/register', { firstName, lastName: 'Turner', email, password: PASSWORD, returnTo: '/' });
    assert.equal(response.statusCode, 303, response.body);
    const user = await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return { browser, email, id: user.id };
  }

  /** The token of the newest account link queued for `to` (as its email would carry it). */
  async function queuedToken(to: string): Promise<string> {
    const rows = await t.deps.db.writer.selectFrom('outbox').select('payload').where('kind', '=', 'email').orderBy('id', 'desc').execute();
    const payload = rows.map((r) => r.payload as { to: string; data: { sealedToken?: string } }).find((p) => p.to === to && p.data.sealedToken);
    assert.ok(payload, `a link queued for ${to}`);
    return unseal(t.deps.config.sessionSecret, ACCOUNT_TOKEN_PURPOSE, payload.data.sealedToken!)!;
  }

  it('shows the banner until the email is confirmed; the link page changes nothing until its button', async () => {
    const { browser, email } = await registered('Banner');
    const home = await browser.get('/');
    assert.match(home.body, /Please confirm your email address: we sent a link to/);
    assert.equal((await browser.post('/account/email/resend')).statusCode, 303);
    const token = await queuedToken(email);
    const page = await unchanged(t.deps.db.writer, () => browser.get(`/account/email/confirm?token=${token}`));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Confirm my email/);
    const confirmed = await browser.post('/account/email/confirm', { token });
    assert.equal(confirmed.statusCode, 303);
    assert.doesNotMatch((await browser.get('/')).body, /Please confirm your email address/);
    const again = await browser.get(`/account/email/confirm?token=${token}`);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /expired or has already been used/);
  });

  it('the account page has every section, each form with its CSRF token', async () => {
    const { browser } = await registered('Sections');
    const page = await browser.get('/account');
    assert.equal(page.statusCode, 200);
    for (const action of ['/account/profile', '/account/notifications', '/account/password', '/logout']) {
      assert.match(page.body, new RegExp(`action="${action}"[^>]*>\\s*<input type="hidden" name="_csrf"`), action);
    }
    assert.match(page.body, /href="\/account\/export"/);
    assert.match(page.body, /href="\/account\/delete"/);
    assert.match(page.body, /This device/);
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/account/profile',
      payload: 'firstName=X',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.notEqual(noToken.statusCode, 303);
  });

  it('saves details; a bad name is shown beside its field with 400 and nothing changes', async () => {
    const { browser, email } = await registered('Details');
    const bad = await unchanged(t.deps.db.writer, () => browser.post('/account/profile', { firstName: ' ', lastName: 'Turner', email }));
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter your first name/);
    const ok = await browser.post('/account/profile', { firstName: 'Joan', lastName: 'Turner', email });
    assert.equal(ok.statusCode, 303);
    assert.match((await browser.get('/account')).body, /Hello, Joan/);
  });

  it('turns the receipt and ready emails off and on', async () => {
    const { browser, id } = await registered('Prefs');
    assert.equal((await browser.post('/account/notifications', { ready: 'on' })).statusCode, 303);
    let row = await t.deps.db.writer.selectFrom('users').select(['notify_receipt', 'notify_ready']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { notify_receipt: false, notify_ready: true });
    await browser.post('/account/notifications', { receipt: 'on', ready: 'on' });
    row = await t.deps.db.writer.selectFrom('users').select(['notify_receipt', 'notify_ready']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { notify_receipt: true, notify_ready: true });
  });

  it('changes the password with the current one, and signs out the other devices', async () => {
    const { browser, email } = await registered('Pass');
    const other = new Browser(t.app);
    await other.login(email, PASSWORD);
    const wrong = await unchanged(t.deps.db.writer, () =>
      browser.post('/account/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-long-password' }),
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /That is not your current password/);
    const ok = await browser.post('/account/password', { currentPassword: PASSWORD, newPassword: 'a-new-long-password' });
    assert.equal(ok.statusCode, 303);
    assert.equal((await browser.get('/account')).statusCode, 200, 'still signed in here');
    assert.equal((await other.get('/account')).statusCode, 303, 'the other device is sent to log in');
  });

  it('signs one device out, and everywhere else', async () => {
    const { browser, email } = await registered('Devices');
    const phone = new Browser(t.app);
    await phone.login(email, PASSWORD);
    const tablet = new Browser(t.app);
    await tablet.login(email, PASSWORD);
    const page = await browser.get('/account');
    const handles = [...page.body.matchAll(/action="\/account\/sessions\/([0-9a-f]{32})\/end"/g)].map((m) => m[1]!);
    assert.equal(handles.length, 2);
    assert.equal((await browser.post(`/account/sessions/${handles[0]}/end`)).statusCode, 303);
    const stillIn = [(await phone.get('/account')).statusCode, (await tablet.get('/account')).statusCode].sort();
    assert.deepEqual(stillIn, [200, 303]);
    assert.equal((await browser.post('/account/sessions/end-others')).statusCode, 303);
    assert.equal((await phone.get('/account')).statusCode, 303);
    assert.equal((await tablet.get('/account')).statusCode, 303);
    assert.equal((await browser.get('/account')).statusCode, 200);
  });

  it('downloads the data as a JSON file', async () => {
    const { browser, email } = await registered('Export');
    const response = await browser.get('/account/export');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-disposition']), /^attachment;/);
    assert.equal(JSON.parse(response.body).account.email, email);
  });

  it('deletes the account after explaining, with the password; a wrong one changes nothing', async () => {
    const { browser, email } = await registered('Leaver');
    const explain = await browser.get('/account/delete');
    assert.equal(explain.statusCode, 200);
    assert.match(explain.body, /cannot be undone/);
    assert.match(explain.body, /backups keep the erased data/);
    const wrong = await unchanged(t.deps.db.writer, () => browser.post('/account/delete', { password: 'not-my-password' }));
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /That is not your current password/);
    const done = await browser.post('/account/delete', { password: PASSWORD });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/');
    assert.equal((await browser.get('/account')).statusCode, 303, 'signed out');
    assert.equal(await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined);
  });

  it('a staff member with a role is told why they cannot delete themselves', async () => {
    const barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    const refused = await unchanged(t.deps.db.writer, () => barista.post('/account/delete', { password: 'alpaca-demo-password' }));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /cannot be deleted while they hold a role/);
  });
});
