// "Delete my account" (issue 14 item 3): the personal data is erased from every table, the outbox
// and the mail files; the orders stay in the books as "Deleted customer"; the sessions and their
// streams end; the address can register again. Refusals (wrong password, an order in flight, a
// staff role) change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { salesByStoreDay } from '../../../src/features/admin/reports/queries.js';
import { HANG_MS } from '../../support/hang.js';
import { openSse } from '../../support/sse-client.js';
import { apiLogin, Browser, listenOnLoopback, startTestApp, type TestApp } from '../../support/test-app.js';
import { assertApiError, call } from '../../support/api.js';
import { unchanged } from '../../support/db-state.js';
import { placedOrder, post } from '../orders/helpers.js';

const PASSWORD = 'a-long-enough-password';

/** Every row of every table in the public schema, as text (what a dump would hold). */
async function dumpEveryTable(t: TestApp): Promise<string> {
  const db = t.deps.db.writer;
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db);
  assert.ok(tables.length > 20, 'found the tables');
  let dump = '';
  for (const { name } of tables) {
    const { rows } = await sql<{ dump: string | null }>`SELECT string_agg(x::text, E'\n') AS dump FROM ${sql.table(name)} x`.execute(db);
    dump += `\n-- ${name}\n${rows[0]?.dump ?? ''}`;
  }
  return dump.toLowerCase();
}

async function mailFiles(dir: string): Promise<string> {
  const names = await fs.readdir(path.join(dir, 'mail')).catch(() => [] as string[]);
  let text = '';
  for (const name of names) text += await fs.readFile(path.join(dir, 'mail', name), 'utf8');
  return text.toLowerCase();
}

describe('deleting an account', () => {
  let t: TestApp;
  let dataDir: string;
  let baseUrl: string;

  before(async () => {
    dataDir = path.resolve(`.test-tmp/erasure-${randomBytes(4).toString('hex')}`);
    t = await startTestApp({ DATA_DIR: dataDir, SSE_HEARTBEAT_INTERVAL: '60s' });
    baseUrl = await listenOnLoopback(t.app);
  });
  after(async () => {
    await t.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('erases the person everywhere, keeps the books, ends the streams, and frees the address', async () => {
    const tag = randomBytes(4).toString('hex');
    const firstName = `Zephyrine${tag}`;
    const lastName = `Quillfeather${tag}`;
    const email = `zeph.${tag}@example.test`;
    const newEmail = `zeph.new.${tag}@example.test`;
    const db = t.deps.db.writer;

    // A life in the cafe: registered on the site, a completed order, a reset asked for, a new
    // address pending, a basket, staff roles granted and revoked (audited with the address), a
    // Stripe event naming them, emails delivered to the mailbox and one still queued.
    const browser = new Browser(t.app);
    assert.equal((await browser.post('/register', { firstName, lastName, email, password: PASSWORD, returnTo: '/' })).statusCode, 303);
    const auth = await apiLogin(t.app, email, PASSWORD);
    const userId = (await call(t.app, 'GET', '/api/v1/account', { headers: auth })).json().id as number;
    const order = await placedOrder(t, auth);
    assert.equal((await post(t, auth, `/api/v1/orders/${order.id}/check-in`)).statusCode, 200);
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/ready`)).statusCode, 200);
    assert.equal((await post(t, barista, `/api/v1/orders/${order.id}/collected`)).statusCode, 200);
    await new Browser(t.app).post('/password-reset', { email });
    assert.equal((await call(t.app, 'PATCH', '/api/v1/account', { headers: auth, payload: { email: newEmail } })).statusCode, 200);
    await call(t.app, 'PUT', '/api/v1/basket/store', { headers: auth, payload: { store: 'colchester' } });
    await call(t.app, 'POST', '/api/v1/basket/lines', { headers: auth, payload: { product: 'latte', quantity: 1 } });
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    const colchester = await db.selectFrom('stores').select('id').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    assert.equal((await admin.post(`/admin/users/${userId}/roles`, { role: 'barista', storeId: String(colchester.id) })).statusCode, 303);
    const grant = await db.selectFrom('user_roles').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
    const reference = (await db.selectFrom('orders').select('payment_reference').where('id', '=', order.id).executeTakeFirstOrThrow()).payment_reference!;
    await sql`INSERT INTO stripe_webhook_events (event_id, type, payload) VALUES (${`evt_${tag}`}, 'charge.succeeded', cast(${JSON.stringify({
      id: `evt_${tag}`,
      data: { object: { id: reference, amount: order.totalPence, receipt_email: email, billing_details: { name: `${firstName} ${lastName}`, email } } },
    })} as text)::jsonb)`.execute(db);
    await t.outbox.drainOnce();
    await t.outbox.drainOnce();
    assert.ok((await mailFiles(dataDir)).includes(email), 'mail was delivered to the mailbox');

    // Refused while they hold a role: nothing changes.
    const selfDelete = (password: string) => call(t.app, 'POST', '/api/v1/account/deletion', { headers: auth, payload: { password } });
    await unchanged(db, async () => assertApiError(await selfDelete(PASSWORD), 409, 'has_roles'));
    assert.equal((await admin.post(`/admin/users/${userId}/roles/${grant.id}/revoke`, { confirm: 'yes' })).statusCode, 303);
    // Refused with a wrong password, and while an order is under way.
    await unchanged(db, async () => assertApiError(await selfDelete('not-my-password'), 400, 'wrong_password', 'currentPassword'));
    const inFlight = await placedOrder(t, auth);
    const refusal = await unchanged(db, async () => assertApiError(await selfDelete(PASSWORD), 409, 'order_in_flight'));
    assert.match(refusal.message, new RegExp(`#${inFlight.number}`));
    assert.equal((await post(t, auth, `/api/v1/orders/${inFlight.id}/cancel`)).statusCode, 200);
    await sql`SELECT 1`.execute(db);
    await t.outbox.drainOnce(); // the cancellation email is delivered (then must be erased too)

    const day = (await db.selectFrom('orders').select('paid_at').where('id', '=', order.id).executeTakeFirstOrThrow()).paid_at!.toISOString().slice(0, 10);
    const reportBefore = await salesByStoreDay(db, { from: day, to: day });
    // An undelivered email to them waits in the outbox.
    await sql`INSERT INTO outbox (kind, payload, available_at) VALUES ('email', cast(${JSON.stringify({ template: 'order-ready', to: email, data: { orderId: order.id } })} as text)::jsonb, now() + interval '1 hour')`.execute(
      db,
    );
    // The check below can fail: before deletion, every needle is there to be found.
    const dumpBefore = await dumpEveryTable(t);
    for (const needle of [email, newEmail, firstName.toLowerCase(), lastName.toLowerCase()]) assert.ok(dumpBefore.includes(needle), `${needle} before`);
    const stream = await openSse(`${baseUrl}/api/v1/orders/${order.id}/events`, auth);
    await stream.next((e) => e.event === 'order');

    const deleted = await selfDelete(PASSWORD);
    const answeredAt = Date.now();
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.deepEqual(deleted.json(), { deleted: true, ordersKept: 2 });
    const endedAt = await Promise.race([stream.ended, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('stream still open')), HANG_MS))]);
    assert.ok(endedAt - answeredAt <= 1000, `the stream ended ${endedAt - answeredAt} ms after the answer`);
    assert.equal((await call(t.app, 'GET', '/api/v1/account', { headers: auth })).statusCode, 401, 'the session is gone');

    // Nowhere: not in any table (outbox included), not in the mail files.
    const dump = await dumpEveryTable(t);
    const mail = await mailFiles(dataDir);
    for (const needle of [email, newEmail, firstName.toLowerCase(), lastName.toLowerCase()]) {
      assert.ok(
        !dump.includes(needle),
        `"${needle}" is still in the database: …${dump.slice(Math.max(0, dump.indexOf(needle) - 200), dump.indexOf(needle) + 100)}…`,
      );
      assert.ok(!mail.includes(needle), `"${needle}" is still in the mail files`);
    }
    // The books: the order is still there with its amounts and lines, and still counts.
    const kept = await db.selectFrom('orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
    assert.equal(kept.total_pence, order.totalPence);
    assert.equal(kept.state, 'completed');
    assert.equal(kept.customer_first_name, 'Deleted customer');
    assert.deepEqual(await salesByStoreDay(db, { from: day, to: day }), reportBefore);
    const webhook = await db.selectFrom('stripe_webhook_events').select('payload').where('event_id', '=', `evt_${tag}`).executeTakeFirstOrThrow();
    assert.equal((webhook.payload as { data: { object: { amount: number } } }).data.object.amount, order.totalPence, 'payment facts stay');
    // The erasure itself is audited, without the erased data.
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.erase')
      .where('entity_id', '=', String(userId))
      .executeTakeFirstOrThrow();
    assert.equal((audit.after as { by: string }).by, 'self');
    const revoke = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'role.revoke')
      .where('entity_id', '=', String(userId))
      .executeTakeFirstOrThrow();
    assert.equal((revoke.before as { role: string }).role, 'barista', 'audit facts stay');

    // The address is free again: a new account, nothing inherited.
    const again = await call(t.app, 'POST', '/api/v1/accounts', { payload: { firstName: 'Someone', lastName: 'New', email, password: PASSWORD } });
    assert.equal(again.statusCode, 201, again.body);
    const fresh = await apiLogin(t.app, email, PASSWORD);
    assert.deepEqual((await call(t.app, 'GET', '/api/v1/orders', { headers: fresh })).json(), []);
  });

  it('staff and admins cannot delete themselves while they hold a role', async () => {
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    await unchanged(t.deps.db.writer, async () => {
      assertApiError(
        await call(t.app, 'POST', '/api/v1/account/deletion', { headers: barista, payload: { password: 'alpaca-demo-password' } }),
        409,
        'has_roles',
      );
    });
  });

  it('an admin exports and erases the data of someone who cannot sign in, audited; never their own', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `lost.${tag}@example.test`;
    const created = await call(t.app, 'POST', '/api/v1/accounts', { payload: { firstName: `Lost${tag}`, lastName: 'Access', email, password: PASSWORD } });
    const id = created.json().user.id as number;
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    const page = await admin.get(`/admin/users/${id}`);
    assert.match(page.body, /Export their data/);
    const exported = await admin.get(`/admin/users/${id}/export`);
    assert.equal(exported.statusCode, 200);
    assert.equal(JSON.parse(exported.body).account.email, email);
    const db = t.deps.db.writer;
    const exportAudit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'account.export').where('entity_id', '=', String(id)).execute();
    assert.equal(exportAudit.length, 1);
    // Unticked: nothing happens.
    await unchanged(db, async () => assert.equal((await admin.post(`/admin/users/${id}/erase`)).statusCode, 303));
    assert.equal((await admin.post(`/admin/users/${id}/erase`, { confirm: 'on' })).statusCode, 303);
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.ok(row.erased_at);
    assert.notEqual(row.email, email);
    const adminId = (await db.selectFrom('users').select('id').where('email', '=', 'admin@alpaca.test').executeTakeFirstOrThrow()).id;
    const erase = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.erase')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    assert.equal(erase.actor_id, adminId);
    assert.ok(!JSON.stringify(erase).includes(email));
    // Not on oneself.
    await unchanged(db, async () => assert.equal((await admin.post(`/admin/users/${adminId}/erase`, { confirm: 'on' })).statusCode, 403));
  });

  it('the sweeper deletes expired sessions and stale guest baskets, and keeps fresh ones', async () => {
    const db = t.deps.db.writer;
    const { sweepStaleData } = await import('../../../src/features/accounts/index.js');
    const customer = (await db.selectFrom('users').select('id').where('email', '=', 'customer@alpaca.test').executeTakeFirstOrThrow()).id;
    const now = t.deps.clock();
    const tag = randomBytes(4).toString('hex');
    await db
      .insertInto('sessions')
      .values([
        { id: `expired-${tag}`, user_id: customer, kind: 'api', expires_at: new Date(now.getTime() - 1000) },
        { id: `live-${tag}`, user_id: customer, kind: 'api', expires_at: new Date(now.getTime() + 3_600_000) },
      ])
      .execute();
    await db
      .insertInto('baskets')
      .values([
        { visitor_id: `stale-${tag}`, updated_at: new Date(now.getTime() - t.deps.config.guestBasketTtlMs - 1000) },
        { visitor_id: `fresh-${tag}`, updated_at: now },
      ])
      .execute();
    const swept = await sweepStaleData(t.deps);
    assert.ok(swept.sessions >= 1 && swept.guestBaskets >= 1, JSON.stringify(swept));
    const sessions = await db.selectFrom('sessions').select('id').where('id', 'like', `%-${tag}`).execute();
    assert.deepEqual(
      sessions.map((s) => s.id),
      [`live-${tag}`],
    );
    const baskets = await db.selectFrom('baskets').select('visitor_id').where('visitor_id', 'like', `%-${tag}`).execute();
    assert.deepEqual(
      baskets.map((b) => b.visitor_id),
      [`fresh-${tag}`],
    );
  });
});
