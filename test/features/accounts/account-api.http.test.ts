// The account's own API (issue 14): profile, email verification and change, password, sessions,
// notification choices honoured by the outbox, and the data export.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileMailbox } from '../../../src/outbox/email/file-mailbox.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call, newCustomer, NEW_PASSWORD, uniqueEmail } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { placedOrder, post } from '../orders/helpers.js';

describe('account API', () => {
  let t: TestApp;
  let dataDir: string;
  let mailbox: FileMailbox;

  before(async () => {
    dataDir = path.resolve(`.test-tmp/account-${randomBytes(4).toString('hex')}`);
    t = await startTestApp({ DATA_DIR: dataDir, PUBLIC_URL: 'http://cafe.test', ACCOUNT_EMAILS_PER_HOUR: '3' });
    mailbox = new FileMailbox(dataDir);
  });
  after(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Delivers the outbox and returns the token of the newest account link sent to `to`. */
  async function linkSentTo(to: string, template: string): Promise<string> {
    await t.outbox.drainOnce();
    const mail = (await mailbox.list()).find((m) => m.template === template && m.to === to);
    assert.ok(mail, `a ${template} email to ${to}`);
    const token = /\/account\/email\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    assert.ok(token, mail.text);
    return token;
  }

  it('registration sends a verification link; the account is unverified until it is followed', async () => {
    const customer = await newCustomer(t.app, 'Vera');
    const before = (await call(t.app, 'GET', '/api/v1/account', { headers: customer.auth })).json();
    assert.equal(before.emailVerified, false);
    assert.deepEqual(before.notifications, { receipt: true, ready: true });
    const token = await linkSentTo(customer.email, 'verify-email');
    const confirmed = await call(t.app, 'POST', '/api/v1/account/email-verification', { payload: { token } });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().result, 'verified');
    assert.equal((await call(t.app, 'GET', '/api/v1/account', { headers: customer.auth })).json().emailVerified, true);
    // Single use.
    assertApiError(await call(t.app, 'POST', '/api/v1/account/email-verification', { payload: { token } }), 400, 'invalid', 'token');
  });

  it('resending a link is rate-limited per account (429), and an unverified account may still order', async () => {
    const customer = await newCustomer(t.app, 'Rhea');
    // Registration's link does not count; the allowance is 3 an hour in this app.
    for (let i = 0; i < 3; i++)
      assert.equal((await call(t.app, 'POST', '/api/v1/account/email-verification', { headers: customer.auth, payload: {} })).statusCode, 202);
    assertApiError(await call(t.app, 'POST', '/api/v1/account/email-verification', { headers: customer.auth, payload: {} }), 429, 'rate_limited');
    const order = await placedOrder(t, customer.auth);
    assert.equal(order.state, 'authorised');
  });

  it('edits names; a new email waits for its link, and the old address is told', async () => {
    const customer = await newCustomer(t.app, 'Edie');
    const newEmail = uniqueEmail('edie.new');
    const patched = await call(t.app, 'PATCH', '/api/v1/account', {
      headers: customer.auth,
      payload: { firstName: ' Edith ', lastName: 'Cavell', email: newEmail },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().firstName, 'Edith');
    assert.equal(patched.json().email, customer.email, 'the old address stays until confirmed');
    assert.equal(patched.json().pendingEmail, newEmail);
    await t.outbox.drainOnce();
    const notice = (await mailbox.list()).find((m) => m.template === 'email-change-notice' && m.to === customer.email);
    assert.ok(notice, 'the old address is told');
    assert.match(notice.text, new RegExp(newEmail.replace(/\./g, '\\.')));
    const token = await linkSentTo(newEmail, 'confirm-new-email');
    const confirmed = await call(t.app, 'POST', '/api/v1/account/email-verification', { payload: { token } });
    assert.equal(confirmed.json().result, 'changed');
    const after = (await call(t.app, 'GET', '/api/v1/account', { headers: customer.auth })).json();
    assert.equal(after.email, newEmail);
    assert.equal(after.pendingEmail, null);
    assert.equal(after.emailVerified, true);
    // The new address logs in; the old one no longer does.
    assert.equal((await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: newEmail, password: NEW_PASSWORD } })).statusCode, 201);
    assert.equal((await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: customer.email, password: NEW_PASSWORD } })).statusCode, 401);
  });

  it('refuses bad profile input with 400 naming the field, changing nothing', async () => {
    const customer = await newCustomer(t.app, 'Bad');
    for (const [payload, field] of [
      [{ firstName: '  ' }, 'firstName'],
      [{ lastName: 'x'.repeat(61) }, 'lastName'],
      [{ email: 'not-an-email' }, 'email'],
      [{ email: 'customer@alpaca.test' }, 'email'],
      [{ isAdmin: true }, 'isAdmin'],
    ] as const) {
      await unchanged(t.deps.db.writer, async () => {
        assertApiError(await call(t.app, 'PATCH', '/api/v1/account', { headers: customer.auth, payload }), 400, 'invalid', field);
      });
    }
    assertApiError(await call(t.app, 'GET', '/api/v1/account'), 401, 'unauthorized');
  });

  it('changes the password only with the current one; the other sessions end', async () => {
    const customer = await newCustomer(t.app, 'Paz');
    const other = (await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: customer.email, password: NEW_PASSWORD } })).json().token;
    await unchanged(t.deps.db.writer, async () => {
      assertApiError(
        await call(t.app, 'POST', '/api/v1/account/password', {
          headers: customer.auth,
          payload: { currentPassword: 'wrong-password', newPassword: 'a-brand-new-password' },
        }),
        400,
        'wrong_password',
        'currentPassword',
      );
      assertApiError(
        await call(t.app, 'POST', '/api/v1/account/password', { headers: customer.auth, payload: { currentPassword: NEW_PASSWORD, newPassword: 'short' } }),
        400,
        'invalid',
        'newPassword',
      );
    });
    const changed = await call(t.app, 'POST', '/api/v1/account/password', {
      headers: customer.auth,
      payload: { currentPassword: NEW_PASSWORD, newPassword: 'a-brand-new-password' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().otherSessionsEnded, 1);
    assert.equal((await call(t.app, 'GET', '/api/v1/account', { headers: { authorization: `Bearer ${other}` } })).statusCode, 401);
    assert.equal((await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: customer.email, password: 'a-brand-new-password' } })).statusCode, 201);
  });

  it('lists sessions with device and last seen; signs one out, and everywhere else', async () => {
    const customer = await newCustomer(t.app, 'Sol');
    const phone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36' },
      payload: { email: customer.email, password: NEW_PASSWORD },
    });
    const phoneAuth = { authorization: `Bearer ${phone.json().token}` };
    await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: customer.email, password: NEW_PASSWORD } });
    const listed = (await call(t.app, 'GET', '/api/v1/account/sessions', { headers: customer.auth })).json().sessions;
    assert.equal(listed.length, 3);
    assert.equal(listed.filter((s: { current: boolean }) => s.current).length, 1);
    const android = listed.find((s: { device: string }) => s.device === 'Chrome on Android (app or API)');
    assert.ok(android, JSON.stringify(listed));
    assert.ok(!JSON.stringify(listed).includes(customer.token), 'no secret in the list');
    assert.equal((await call(t.app, 'DELETE', `/api/v1/account/sessions/${android.id}`, { headers: customer.auth })).statusCode, 204);
    assert.equal((await call(t.app, 'GET', '/api/v1/account', { headers: phoneAuth })).statusCode, 401);
    // Another customer's session handle is not found.
    const stranger = await newCustomer(t.app, 'Stranger');
    const theirs = (await call(t.app, 'GET', '/api/v1/account/sessions', { headers: stranger.auth })).json().sessions[0].id;
    assertApiError(await call(t.app, 'DELETE', `/api/v1/account/sessions/${theirs}`, { headers: customer.auth }), 404, 'not_found');
    const others = await call(t.app, 'POST', '/api/v1/account/sessions/sign-out-others', { headers: customer.auth });
    assert.equal(others.json().ended, 1);
    assert.equal((await call(t.app, 'GET', '/api/v1/account/sessions', { headers: customer.auth })).json().sessions.length, 1);
  });

  it('honours the notification choices: no receipt or ready email when turned off; confirmations always', async () => {
    const customer = await newCustomer(t.app, 'Nora');
    const off = await call(t.app, 'PATCH', '/api/v1/account', { headers: customer.auth, payload: { notifications: { receipt: false, ready: false } } });
    assert.deepEqual(off.json().notifications, { receipt: false, ready: false });
    const order = await placedOrder(t, customer.auth);
    assert.equal((await post(t, customer.auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 200);
    const barista = (
      await call(t.app, 'POST', '/api/v1/sessions', { payload: { email: 'barista.colchester@alpaca.test', password: 'alpaca-demo-password' } })
    ).json().token;
    assert.equal((await post(t, { authorization: `Bearer ${barista}` }, `/api/v1/orders/${order.id}/ready`)).statusCode, 200);
    const templates = (await t.deps.db.writer.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute())
      .map((r) => r.payload as { template: string; data?: { orderId?: string } })
      .filter((p) => p.data?.orderId === order.id)
      .map((p) => p.template)
      .sort();
    assert.deepEqual(templates, ['order-placed']);
  });

  it('exports exactly this customer’s data, streamed as JSON, with card brand and last 4 only', async () => {
    const customer = await newCustomer(t.app, 'Xena');
    const stranger = await newCustomer(t.app, 'Yuri');
    const mine = await placedOrder(t, customer.auth);
    const theirs = await placedOrder(t, stranger.auth);
    const response = await call(t.app, 'GET', '/api/v1/account/export', { headers: customer.auth });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="alpaca-cafe-my-data-\d{4}-\d{2}-\d{2}\.json"/);
    assert.equal(response.headers['cache-control'], 'no-store');
    const data = response.json();
    assert.equal(data.account.email, customer.email);
    assert.deepEqual(
      data.orders.map((o: { id: string }) => o.id),
      [mine.id],
    );
    assert.ok(!response.body.includes(theirs.id) && !response.body.includes(stranger.email), 'nobody else’s rows');
    const row = await t.deps.db.writer.selectFrom('orders').select(['payment_reference', 'card_last4']).where('id', '=', mine.id).executeTakeFirstOrThrow();
    assert.equal(data.orders[0].payment.last4, row.card_last4);
    assert.ok(row.payment_reference && !response.body.includes(row.payment_reference), 'no gateway reference');
    assert.ok(data.orders[0].lines.length > 0 && data.orders[0].events.length > 0);
    assert.ok(Array.isArray(data.audit));
    assertApiError(await call(t.app, 'GET', '/api/v1/account/export'), 401, 'unauthorized');
  });
});
