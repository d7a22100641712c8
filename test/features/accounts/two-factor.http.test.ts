// Two-step sign-in (issue 15 item 5, decision 512): TOTP (RFC 6238) codes computed here from the
// secret the page shows, at the test clock's time. Admins must (sent to set it up before any admin
// page), managers may; recovery codes are single use and stored as hashes; a code is accepted once;
// wrong codes are throttled like wrong passwords.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';
import { redirectedTo } from '../../support/html.js';
import { unchanged } from '../../support/db-state.js';

const ADMIN = 'admin@alpaca.test';
const MANAGER = 'manager.colchester@alpaca.test';
const PASSWORD = 'alpaca-demo-password';

const codeAt = (secret: string, at: Date) =>
  new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

describe('two-step sign-in (TOTP with recovery codes)', () => {
  let t: TestApp;
  let now = OPEN_HOURS;
  /** Moves the clock on by one 30-second step, so the next code is a new one. */
  const nextStep = () => {
    now = new Date(now.getTime() + 30_000);
    t.setNow(now);
  };
  let secret = '';
  let recovery: string[] = [];

  before(async () => {
    t = await startTestApp({ ADMIN_SECOND_FACTOR: 'required' });
  });
  after(() => t.close());

  async function adminId(): Promise<number> {
    return (await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', ADMIN).executeTakeFirstOrThrow()).id;
  }

  it('sends an admin without a second factor to set it up before any admin page, and refuses admin forms', async () => {
    const admin = new Browser(t.app);
    await admin.login(ADMIN);
    for (const url of ['/admin', '/admin/users', '/admin/reports']) {
      const page = await admin.get(url);
      assert.equal(page.statusCode, 303, url);
      assert.equal(redirectedTo(page), `/account/two-factor?returnTo=${encodeURIComponent(url)}`);
    }
    const post = await unchanged(t.deps.db.writer, () => admin.post('/admin/stores', { name: 'Hijacked', slug: 'hijacked' }));
    assert.equal(post.statusCode, 403);
    const setup = await admin.get('/account/two-factor?returnTo=%2Fadmin');
    assert.equal(setup.statusCode, 200);
    assert.match(setup.body, /Admins sign in with a code as well as a password/);
  });

  it('enrols from the account page: shows the otpauth URI and the secret, refuses a wrong code, turns on with the right one', async () => {
    const admin = new Browser(t.app);
    await admin.login(ADMIN);
    const elsewhere = new Browser(t.app);
    await elsewhere.login(ADMIN);
    const account = await admin.get('/account');
    assert.match(account.body, /Two-step sign-in/);
    assert.match(account.body, /href="\/account\/two-factor"/);

    assert.equal((await admin.post('/account/two-factor/setup', { returnTo: '/admin' })).statusCode, 303);
    const page = await admin.get('/account/two-factor?returnTo=%2Fadmin');
    secret = /data-totp-secret[^>]*>([A-Z2-7]{32})</.exec(page.body)?.[1] ?? '';
    assert.ok(secret, 'the secret is shown');
    const uri = /data-otpauth-uri[^>]*>([^<]+)</.exec(page.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    assert.match(uri, /^otpauth:\/\/totp\/Alpaca%20Cafe:admin%40alpaca\.test\?/);
    assert.equal(new URL(uri).searchParams.get('secret'), secret);

    const wrong = String((Number(codeAt(secret, now)) + 1) % 1_000_000).padStart(6, '0');
    const refused = await admin.post('/account/two-factor/confirm', { code: wrong, returnTo: '/admin' });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /That code is not right/);
    assert.equal((await admin.get('/admin')).statusCode, 303, 'still not on');

    const confirmed = await admin.post('/account/two-factor/confirm', { code: codeAt(secret, now), returnTo: '/admin' });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    recovery = [...confirmed.body.matchAll(/<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    assert.equal(recovery.length, 10);
    assert.equal(new Set(recovery).size, 10);

    const stored = await t.deps.db.writer
      .selectFrom('totp_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', await adminId())
      .execute();
    assert.equal(stored.length, 10);
    for (const { code_hash } of stored)
      assert.ok(!recovery.some((c) => code_hash.includes(c) || code_hash.includes(c.replace('-', ''))), 'only hashes are kept');

    assert.equal((await admin.get('/admin')).statusCode, 200, 'the admin pages open');
    assert.equal(redirectedTo(await elsewhere.get('/account')), '/login?returnTo=%2Faccount', 'every other session ended');
  });

  it('asks an enrolled admin for a code after the password: no session until it is right, and a code works once', async () => {
    nextStep();
    const admin = new Browser(t.app);
    const login = await admin.login(ADMIN);
    assert.equal(redirectedTo(login), '/login/code?returnTo=%2F');
    assert.equal(redirectedTo(await admin.get('/admin')), '/login?returnTo=%2Fadmin', 'the password alone opens nothing');
    assert.match((await admin.get('/login/code?returnTo=%2F')).body, /Your sign-in code/);

    const wrong = await admin.post('/login/code', { code: '000000', returnTo: '/' });
    assert.equal(wrong.statusCode, 401);
    const code = codeAt(secret, now);
    const right = await admin.post('/login/code', { code, returnTo: '/admin' });
    assert.equal(right.statusCode, 303, right.body);
    assert.equal(redirectedTo(right), '/admin');
    assert.equal((await admin.get('/admin')).statusCode, 200);

    const replay = new Browser(t.app);
    await replay.login(ADMIN);
    assert.equal((await replay.post('/login/code', { code, returnTo: '/' })).statusCode, 401, 'the same code is not accepted twice');
  });

  it('accepts each recovery code once, whatever its case and spacing', async () => {
    const first = new Browser(t.app);
    await first.login(ADMIN);
    const typed = ` ${recovery[0]!.toLowerCase().replace('-', ' ')} `;
    assert.equal((await first.post('/login/code', { code: typed, returnTo: '/' })).statusCode, 303);
    const again = new Browser(t.app);
    await again.login(ADMIN);
    assert.equal((await again.post('/login/code', { code: recovery[0]!, returnTo: '/' })).statusCode, 401, 'spent');
    assert.equal((await again.post('/login/code', { code: recovery[1]!, returnTo: '/' })).statusCode, 303);
    const left = await t.deps.db.writer
      .selectFrom('totp_recovery_codes')
      .select('id')
      .where('user_id', '=', await adminId())
      .where('used_at', 'is', null)
      .execute();
    assert.equal(left.length, 8);
  });

  it('needs the code with the password on the API too', async () => {
    nextStep();
    const login = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: ADMIN, password: PASSWORD, ...body } });
    const without = await login({});
    assert.equal(without.statusCode, 401);
    assert.equal(without.json().error.code, 'second_factor_required');
    assert.equal((await login({ code: '123456' })).json().error.code, 'invalid_code');
    const withCode = await login({ code: codeAt(secret, now) });
    assert.equal(withCode.statusCode, 201, withCode.body);
  });

  it('will not let an admin turn it off', async () => {
    nextStep();
    const admin = new Browser(t.app);
    await admin.login(ADMIN);
    await admin.post('/login/code', { code: codeAt(secret, now), returnTo: '/' });
    nextStep();
    const off = await admin.post('/account/two-factor/disable', { code: codeAt(secret, now) });
    assert.equal(off.statusCode, 403);
    assert.equal(
      (
        await t.deps.db.writer
          .selectFrom('user_totp')
          .select('user_id')
          .where('user_id', '=', await adminId())
          .execute()
      ).length,
      1,
    );
  });

  it('is optional for a manager, who can turn it on and off with a code', async () => {
    nextStep();
    const manager = new Browser(t.app);
    await manager.login(MANAGER);
    assert.equal((await manager.get('/staff')).statusCode < 400, true, 'a manager needs no second factor');
    assert.match((await manager.get('/account')).body, /Set up two-step sign-in/);
    await manager.post('/account/two-factor/setup', {});
    const managerSecret = /data-totp-secret[^>]*>([A-Z2-7]{32})</.exec((await manager.get('/account/two-factor')).body)?.[1] ?? '';
    assert.equal((await manager.post('/account/two-factor/confirm', { code: codeAt(managerSecret, now) })).statusCode, 200);
    nextStep();
    const off = await manager.post('/account/two-factor/disable', { code: codeAt(managerSecret, now) });
    assert.equal(off.statusCode, 303, off.body);
    const login = await new Browser(t.app).login(MANAGER);
    assert.equal(redirectedTo(login), '/staff', 'off again: the password alone signs in');
  });
});

describe('two-step sign-in is throttled like a password', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ ADMIN_SECOND_FACTOR: 'required', RATE_LIMIT_SCALE: '1', LOGIN_FAILURES_PER_ACCOUNT: '3' });
  });
  after(() => t.close());

  it('refuses even the right code once the account has had too many wrong ones', async () => {
    const admin = new Browser(t.app);
    await admin.login(ADMIN);
    await admin.post('/account/two-factor/setup', {});
    const secret = /data-totp-secret[^>]*>([A-Z2-7]{32})</.exec((await admin.get('/account/two-factor')).body)?.[1] ?? '';
    assert.equal((await admin.post('/account/two-factor/confirm', { code: codeAt(secret, OPEN_HOURS) })).statusCode, 200);
    t.setNow(new Date(OPEN_HOURS.getTime() + 30_000));

    const guesser = new Browser(t.app);
    await guesser.login(ADMIN);
    for (let i = 0; i < 3; i++) assert.equal((await guesser.post('/login/code', { code: String(100000 + i), returnTo: '/' })).statusCode, 401);
    const throttled = await guesser.post('/login/code', { code: codeAt(secret, new Date(OPEN_HOURS.getTime() + 30_000)), returnTo: '/' });
    assert.equal(throttled.statusCode, 429);
    assert.match(throttled.body, /Too many/);
  });
});
