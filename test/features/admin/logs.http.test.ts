import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { OPEN_HOURS, startTestApp, type Browser, type TestApp } from '../../support/test-app.js';
import { recordAudit } from '../../../src/features/audit/record.js';
import { ADMIN, auditRows, fieldError, NON_ADMINS, signedIn, userId } from './helpers.js';

describe('admin: logs', () => {
  let t: TestApp;
  let admin: Browser;
  const ids: Record<string, number> = {};
  before(async () => {
    t = await startTestApp();
    admin = await signedIn(t, ADMIN);
    const db = t.deps.db.writer;
    const insert = async (name: string, extra: string) => {
      const { rows } = await sql<{ id: number }>`
        INSERT INTO outbox (kind, payload, dedupe_key, attempts, last_error, delivered_at, parked_at)
        VALUES ('email', cast(${JSON.stringify({ to: 'a@b.c', note: '<script>alert(1)</script>' })} as text)::jsonb, ${name},
                ${extra === 'parked' ? 8 : 1}, ${extra === 'parked' ? '<b>SMTP 550</b> mailbox unavailable' : null},
                ${extra === 'delivered' ? new Date() : null}, ${extra === 'parked' ? new Date() : null})
        RETURNING id`.execute(db);
      ids[name] = rows[0]!.id;
    };
    await insert('pending-1', 'pending');
    await insert('delivered-1', 'delivered');
    await insert('parked-1', 'parked');
  });
  after(() => t.close());

  it('lists the outbox by status with parked errors shown escaped', async () => {
    const parked = await admin.get('/admin/logs/outbox?status=parked');
    assert.equal(parked.statusCode, 200);
    assert.match(parked.body, /&lt;b>SMTP 550&lt;\/b> mailbox unavailable/);
    assert.doesNotMatch(parked.body, /<b>SMTP/);
    assert.doesNotMatch(parked.body, /<script>alert/);
    assert.match(parked.body, new RegExp(`action="/admin/logs/outbox/${ids['parked-1']}/retry"`));
    assert.doesNotMatch(parked.body, new RegExp(`<th scope="row">${ids['pending-1']}</th>`));
    const pending = await admin.get('/admin/logs/outbox?status=pending');
    assert.match(pending.body, new RegExp(`<th scope="row">${ids['pending-1']}</th>`));
    assert.doesNotMatch(pending.body, /\/retry"/);
    const all = await admin.get('/admin/logs/outbox');
    for (const id of Object.values(ids)) assert.match(all.body, new RegExp(`<th scope="row">${id}</th>`));
    assert.equal((await admin.get('/admin/logs/outbox?status=bogus&page=zz')).statusCode, 200);
  });

  it('retries a parked message once: attempts reset, due now, audited; anything else is refused', async () => {
    const retried = await admin.post(`/admin/logs/outbox/${ids['parked-1']}/retry`);
    assert.equal(retried.statusCode, 303);
    const row = await t.deps.db.writer.selectFrom('outbox').selectAll().where('id', '=', ids['parked-1']!).executeTakeFirstOrThrow();
    assert.equal(row.parked_at, null);
    assert.equal(row.attempts, 0);
    assert.equal(new Date(row.available_at as unknown as Date).toISOString(), OPEN_HOURS.toISOString());
    const [audit] = await auditRows(t, 'outbox.retry');
    assert.equal((audit!.before as { attempts: number }).attempts, 8);
    assert.equal(audit?.actor_id, await userId(t, ADMIN));

    assert.equal((await admin.post(`/admin/logs/outbox/${ids['parked-1']}/retry`)).statusCode, 409);
    assert.equal((await admin.post(`/admin/logs/outbox/${ids['delivered-1']}/retry`)).statusCode, 409);
    assert.equal((await admin.post('/admin/logs/outbox/99999999/retry')).statusCode, 404);
    assert.equal((await admin.post('/admin/logs/outbox/abc/retry')).statusCode, 404);
    assert.equal((await auditRows(t, 'outbox.retry')).length, 1);
  });

  it('lists received webhooks', async () => {
    await sql`INSERT INTO stripe_webhook_events (event_id, type, payload, result)
              VALUES ('evt_test_123', 'payment_intent.succeeded', cast('{"id":"evt_test_123"}' as text)::jsonb, 'captured')`.execute(t.deps.db.writer);
    const page = await admin.get('/admin/logs/webhooks');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /evt_test_123/);
    assert.match(page.body, /payment_intent\.succeeded/);
    assert.match(page.body, /captured/);
  });

  it('filters the audit log by actor, action and UK date, showing before/after as escaped JSON', async () => {
    const db = t.deps.db.writer;
    const adminId = await userId(t, ADMIN);
    const managerId = await userId(t, 'manager.colchester@alpaca.test');
    await recordAudit(db, {
      actorId: adminId,
      action: 'product.update',
      entity: 'product',
      entityId: 1,
      before: { name: 'Latte' },
      after: { name: '<img src=x onerror=alert(1)>' },
    });
    await recordAudit(db, { actorId: managerId, action: 'store.pause', entity: 'store', entityId: 1, after: { paused: true } });
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    await sql`UPDATE audit_log SET at = '2026-06-30T23:30:00Z' WHERE action = 'store.pause'`.execute(db);

    const byActor = await admin.get('/admin/logs/audit?actor=manager.colchester');
    assert.match(byActor.body, /<th scope="row">store\.pause/);
    assert.doesNotMatch(byActor.body, /<th scope="row">product\.update/);
    const byId = await admin.get(`/admin/logs/audit?actor=${adminId}`);
    assert.match(byId.body, /<th scope="row">product\.update/);
    assert.match(byId.body, /&lt;img src=x onerror=alert\(1\)>/);
    assert.doesNotMatch(byId.body, /<img src=x/);
    const byPrefix = await admin.get('/admin/logs/audit?action=product');
    assert.match(byPrefix.body, /<th scope="row">product\.update/);
    assert.doesNotMatch(byPrefix.body, /<th scope="row">store\.pause/);
    const july = await admin.get('/admin/logs/audit?from=2026-07-01&to=2026-07-01');
    assert.match(july.body, /<th scope="row">store\.pause/);
    const june = await admin.get('/admin/logs/audit?from=2026-06-30&to=2026-06-30');
    assert.doesNotMatch(june.body, /<th scope="row">store\.pause/);

    const bad = await admin.get('/admin/logs/audit?from=2026-02-30&to=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.ok(fieldError(bad.body, 'from'));
    assert.ok(fieldError(bad.body, 'to'));
    const backwards = await admin.get('/admin/logs/audit?from=2026-07-02&to=2026-07-01');
    assert.equal(backwards.statusCode, 400);
    assert.ok(fieldError(backwards.body, 'to'));
  });

  it('answers 403 to customers, baristas and managers', async () => {
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      for (const url of ['/admin/logs/outbox', '/admin/logs/webhooks', '/admin/logs/audit']) {
        assert.equal((await browser.get(url)).statusCode, 403, `${email} ${url}`);
      }
      assert.equal((await browser.post(`/admin/logs/outbox/${ids['delivered-1']}/retry`)).statusCode, 403);
    }
  });
});
