// A failed login is audited (issue 15: "the audit of failed logins" is the one write a refused
// request may make besides throttle counters): the account's id when the email is one, never the
// email typed, the password or the IP. A login that works writes no such row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { userId } from '../admin/helpers.js';

describe('failed logins are audited', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const failures = () => t.deps.db.writer.selectFrom('audit_log').selectAll().where('action', '=', 'login.failed').orderBy('id').execute();

  it('a wrong password (page and API) is audited with the account id; an unknown email with none; nothing names the person', async () => {
    const customer = await userId(t, 'customer@alpaca.test');
    const page = await new Browser(t.app).post('/login', { email: 'customer@alpaca.test', password: 'wrong password', returnTo: '/' });
    assert.equal(page.statusCode, 401);
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'nobody-here@alpaca.test', password: 'wrong password' } });
    assert.equal(api.statusCode, 401);

    const rows = await failures();
    assert.deepEqual(
      rows.map((r) => [r.actor_id, r.entity, r.entity_id]),
      [
        [null, 'user', String(customer)],
        [null, 'user', null],
      ],
    );
    const text = JSON.stringify(rows);
    for (const secret of ['alpaca.test', 'wrong password', '127.0.0.1', 'nobody-here']) assert.ok(!text.includes(secret), secret);
  });

  it('a login that works is not audited as a failure', async () => {
    const before = (await failures()).length;
    await new Browser(t.app).login('customer@alpaca.test');
    assert.equal((await failures()).length, before);
  });
});
