import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { ADMIN, auditRows, count, fieldError, NON_ADMINS, signedIn } from './helpers.js';

const newStore = {
  name: 'Alpaca Cafe Norwich',
  slug: '',
  addressLine1: "5 Gentleman's Walk",
  addressLine2: '',
  town: 'Norwich',
  postcode: 'nr2 1na',
  phone: '01603 000000',
  timezone: 'Europe/London',
  opens1: '07:00',
  closes1: '18:00',
  opens2: '07:00',
  closes2: '18:00',
  opens3: '',
  closes3: '',
  opens4: '07:00',
  closes4: '18:00',
  opens5: '07:00',
  closes5: '18:00',
  opens6: '08:00',
  closes6: '17:00',
  opens7: '',
  closes7: '',
};

describe('admin: stores', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('creates a store with hours and availability rows for every product and option, audited', async () => {
    const admin = await signedIn(t, ADMIN);
    const response = await admin.post('/admin/stores', newStore);
    assert.equal(response.statusCode, 303, response.body);
    const store = await t.deps.db.writer.selectFrom('stores').selectAll().where('slug', '=', 'alpaca-cafe-norwich').executeTakeFirstOrThrow();
    assert.equal(store.postcode, 'NR2 1NA');
    assert.equal(await count(t, 'store_hours', `store_id = ${store.id}`), 5);
    assert.equal(await count(t, 'store_products', `store_id = ${store.id} AND available`), await count(t, 'products'));
    assert.equal(await count(t, 'store_options', `store_id = ${store.id} AND available`), await count(t, 'options'));
    const [audit] = await auditRows(t, 'store.create');
    assert.equal(audit?.entity_id, String(store.id));
    assert.equal((audit!.after as { name: string }).name, 'Alpaca Cafe Norwich');
    assert.ok(audit?.actor_id);

    const list = await admin.get('/admin/stores');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Alpaca Cafe Norwich/);
  });

  it('rejects an unknown time zone, bad hours and a taken slug with 400 beside the fields, writing nothing', async () => {
    const admin = await signedIn(t, ADMIN);
    const stores = await count(t, 'stores');
    const audits = await count(t, 'audit_log');
    const bad = await admin.post('/admin/stores', { ...newStore, name: 'Mars', timezone: 'Mars/Olympus', opens1: '18:00', closes1: '07:00', opens2: '25:00' });
    assert.equal(bad.statusCode, 400);
    assert.match(fieldError(bad.body, 'timezone') ?? '', /time zone/);
    assert.match(fieldError(bad.body, 'closes1') ?? '', /after opening/);
    assert.ok(fieldError(bad.body, 'opens2'));
    assert.match(bad.body, /value="Mars"/, 'what was typed is shown again');
    const taken = await admin.post('/admin/stores', { ...newStore, slug: 'colchester' });
    assert.equal(taken.statusCode, 400);
    assert.match(fieldError(taken.body, 'slug') ?? '', /already uses/);
    assert.equal(await count(t, 'stores'), stores);
    assert.equal(await count(t, 'audit_log'), audits);
  });

  it('edits a store and records before and after', async () => {
    const admin = await signedIn(t, ADMIN);
    const ipswich = await t.deps.db.writer.selectFrom('stores').select('id').where('slug', '=', 'ipswich').executeTakeFirstOrThrow();
    const form = await admin.get(`/admin/stores/${ipswich.id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /27 Tavern Street/);
    const saved = await admin.post(`/admin/stores/${ipswich.id}`, {
      ...newStore,
      name: 'Alpaca Cafe Ipswich',
      slug: 'ipswich',
      timezone: 'Europe/Dublin',
      opens7: '',
      closes7: '',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const row = await t.deps.db.writer.selectFrom('stores').selectAll().where('id', '=', ipswich.id).executeTakeFirstOrThrow();
    assert.equal(row.timezone, 'Europe/Dublin');
    assert.equal(await count(t, 'store_hours', `store_id = ${ipswich.id} AND iso_day = 7`), 0);
    const [audit] = await auditRows(t, 'store.update');
    assert.equal((audit!.before as { timezone: string }).timezone, 'Europe/London');
    assert.equal((audit!.after as { timezone: string }).timezone, 'Europe/Dublin');
    assert.equal((await admin.get('/admin/stores/99999/edit')).statusCode, 404);
    assert.equal((await admin.get('/admin/stores/abc/edit')).statusCode, 404);
  });

  it('answers 403 to customers, baristas and managers, and sends guests to log in', async () => {
    for (const email of NON_ADMINS) {
      const browser = await signedIn(t, email);
      assert.equal((await browser.get('/admin/stores')).statusCode, 403, email);
      const before = await count(t, 'stores');
      assert.equal((await browser.post('/admin/stores', { ...newStore, slug: 'sneaky' })).statusCode, 403, email);
      assert.equal(await count(t, 'stores'), before);
    }
    const guest = await t.app.inject({ url: '/admin/stores' });
    assert.equal(guest.statusCode, 303);
    assert.match(String(guest.headers.location), /^\/login/);
  });
});
