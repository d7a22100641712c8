// "Forgotten your password?" end to end: the request page, the email (through
// the outbox into the dev mailbox), the single-use expiring link, sessions
// ended, and the rate limits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { FileMailbox } from '../../../src/outbox/email/file-mailbox.js';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';

const EMAIL = 'customer@alpaca.test';

describe('password reset', () => {
  let t: TestApp;
  let dataDir: string;
  let mailbox: FileMailbox;

  before(async () => {
    dataDir = path.resolve(`.test-tmp/reset-${randomBytes(4).toString('hex')}`);
    t = await startTestApp({ DATA_DIR: dataDir, PUBLIC_URL: 'http://cafe.test', RATE_LIMIT_SCALE: '1' });
    mailbox = new FileMailbox(dataDir);
  });
  after(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  async function resetRows(email = EMAIL) {
    return t.deps.db.writer
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .selectAll('password_resets')
      .where('users.email', '=', email)
      .orderBy('password_resets.id')
      .execute();
  }

  /** Asks for a link as a stranger would and returns the link from the delivered email. */
  async function requestLink(email = EMAIL, ip = '203.0.113.1'): Promise<string> {
    const browser = new Browser(t.app);
    await browser.get('/password-reset');
    const response = await browser.request({
      method: 'POST',
      url: '/password-reset',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      payload: new URLSearchParams({ _csrf: browser.csrf, email }).toString(),
    });
    assert.equal(response.statusCode, 303, response.body);
    assert.equal((await t.outbox.drainOnce()).delivered, 1);
    const mail = (await mailbox.list()).find((m) => m.template === 'password-reset' && m.to === email)!;
    const link = /http:\/\/cafe\.test\/password-reset\/confirm\?token=[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    assert.ok(link, mail.text);
    await fs.rm(path.join(dataDir, 'mail'), { recursive: true, force: true });
    return link.replace('http://cafe.test', '');
  }

  it('answers the same for a known and an unknown address, and emails only the known one', async () => {
    const browser = new Browser(t.app);
    const page = await browser.get('/password-reset');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="email">Email<\/label>/);

    const known = await browser.post('/password-reset', { email: ' Customer@Alpaca.test ' });
    const unknown = await browser.post('/password-reset', { email: 'nobody@alpaca.test' });
    assert.equal(known.statusCode, 303);
    assert.equal(unknown.statusCode, 303);
    assert.equal(known.headers.location, '/password-reset/sent');
    assert.equal(unknown.headers.location, known.headers.location);
    assert.match((await browser.get('/password-reset/sent')).body, /If there is an account for that address/);

    const outbox = await t.deps.db.writer.selectFrom('outbox').selectAll().execute();
    assert.equal(outbox.length, 1);
    assert.equal((outbox[0]!.payload as Record<string, unknown>)['to'] ?? JSON.parse(String(outbox[0]!.payload))['to'], EMAIL);
    const [reset] = await resetRows();
    assert.ok(reset, 'a token row for the known account');
    assert.match(reset.token_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(outbox[0]!.payload).includes('token='), 'no usable link sits in the outbox');
    await t.deps.db.writer.deleteFrom('outbox').execute();
  });

  it('refuses a malformed address with a field error and records nothing', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/password-reset', { email: 'not-an-email' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter a valid email address/);
    assert.equal((await t.deps.db.writer.selectFrom('outbox').select('id').execute()).length, 0);
  });

  it('sets a new password once, ends every session, and the old password stops working', async () => {
    const phone = new Browser(t.app);
    await phone.login(EMAIL);
    const laptop = new Browser(t.app);
    await laptop.login(EMAIL);
    const link = await requestLink();

    const stranger = new Browser(t.app);
    const form = await stranger.get(link);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Choose a new password/);

    const tooShort = await stranger.post('/password-reset/confirm', { token: link.split('token=')[1]!, password: 'short', confirmPassword: 'short' });
    assert.equal(tooShort.statusCode, 400);
    assert.match(tooShort.body, /at least 10 characters/);
    const mismatch = await stranger.post('/password-reset/confirm', {
      token: link.split('token=')[1]!,
      password: 'a-brand-new-password',
      confirmPassword: 'a-different-password',
    });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /not the same/);

    const done = await stranger.post('/password-reset/confirm', {
      token: link.split('token=')[1]!,
      password: 'a-brand-new-password',
      confirmPassword: 'a-brand-new-password',
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/login');

    const user = await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow();
    assert.equal((await t.deps.db.writer.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).length, 0);
    assert.equal((await phone.get('/account')).statusCode, 303, 'the phone is logged out');
    assert.equal((await laptop.get('/account')).statusCode, 303, 'so is the laptop');

    const old = new Browser(t.app);
    assert.equal((await old.post('/login', { email: EMAIL, password: 'alpaca-demo-password', returnTo: '/' })).statusCode, 401);
    await new Browser(t.app).login(EMAIL, 'a-brand-new-password');

    // The same link again: refused, and the password stays.
    const again = await new Browser(t.app).get(link);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /This link has expired/);
    const replay = await stranger.post('/password-reset/confirm', {
      token: link.split('token=')[1]!,
      password: 'an-attackers-password',
      confirmPassword: 'an-attackers-password',
    });
    assert.equal(replay.statusCode, 400);
    await new Browser(t.app).login(EMAIL, 'a-brand-new-password');
  });

  it('a link stops working when it expires, and an older link dies with a reset', async () => {
    const first = await requestLink('barista.ipswich@alpaca.test');
    const second = await requestLink('barista.ipswich@alpaca.test');
    await sql`UPDATE password_resets SET expires_at = now() - interval '1 second'
              WHERE token_hash = (SELECT token_hash FROM password_resets ORDER BY id DESC LIMIT 1)`.execute(t.deps.db.writer);
    const expired = await new Browser(t.app).get(second);
    assert.equal(expired.statusCode, 400);
    const browser = new Browser(t.app);
    const refused = await browser.post('/password-reset/confirm', {
      token: second.split('token=')[1]!,
      password: 'another-new-password',
      confirmPassword: 'another-new-password',
    });
    assert.equal(refused.statusCode, 400);

    assert.equal((await browser.get(first)).statusCode, 200, 'the unexpired earlier link still works');
    const ok = await browser.post('/password-reset/confirm', {
      token: first.split('token=')[1]!,
      password: 'another-new-password',
      confirmPassword: 'another-new-password',
    });
    assert.equal(ok.statusCode, 303);
    const open = (await resetRows('barista.ipswich@alpaca.test')).filter((r) => r.used_at === null);
    assert.equal(open.length, 0, 'no open link is left for the account');
  });

  it('rejects made-up and malformed tokens without an error page', async () => {
    for (const url of [
      '/password-reset/confirm',
      '/password-reset/confirm?token=abc',
      `/password-reset/confirm?token=${'A'.repeat(43)}`,
      '/password-reset/confirm?token=../../etc',
    ]) {
      assert.equal((await new Browser(t.app).get(url)).statusCode, 400, url);
    }
  });

  it('limits requests per address and per client IP, the same answer for every address', async () => {
    const browser = new Browser(t.app);
    await browser.get('/password-reset');
    const ask = (email: string, ip: string) =>
      browser.request({
        method: 'POST',
        url: '/password-reset',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        payload: new URLSearchParams({ _csrf: browser.csrf, email }).toString(),
      });
    // Per address: 3 an hour, whichever IP asks.
    for (let i = 0; i < 3; i++) assert.equal((await ask('manager.ipswich@alpaca.test', `198.51.100.${i}`)).statusCode, 303);
    const limited = await ask('manager.ipswich@alpaca.test', '198.51.100.9');
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /Too many reset requests/);
    for (let i = 0; i < 3; i++) assert.equal((await ask('ghost@alpaca.test', `198.51.100.${10 + i}`)).statusCode, 303);
    assert.equal((await ask('ghost@alpaca.test', '198.51.100.20')).statusCode, 429, 'an unknown address is limited the same way');

    // Per IP: 20 an hour, whatever addresses.
    for (let i = 0; i < 20; i++) assert.equal((await ask(`person${i}@example.com`, '192.0.2.7')).statusCode, 303);
    assert.equal((await ask('person99@example.com', '192.0.2.7')).statusCode, 429);
    assert.equal((await ask('person99@example.com', '192.0.2.8')).statusCode, 303, 'another IP is not affected');

    const emails = await t.deps.db.writer.selectFrom('outbox').select('id').where('kind', '=', 'email').where('delivered_at', 'is', null).execute();
    assert.equal(emails.length, 3, 'only the three allowed requests for the real account were emailed');
  });
});
