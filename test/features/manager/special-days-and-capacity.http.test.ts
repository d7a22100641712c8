// Holiday hours and closures by date, and prep time per category with capacity per 5 minutes
// (issue 10 item 5): set by the store's manager on their pages, and what customers then see.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, Browser, startTestApp, type TestApp } from '../../support/test-app.js';

// OPEN_HOURS is Wednesday 25 Nov 2026, 12:00 in Colchester.
describe('holiday hours, closures, prep times and capacity', () => {
  let t: TestApp;
  let manager: Browser;
  before(async () => {
    t = await startTestApp();
    manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
  });
  after(() => t.close());

  const colchester = async () =>
    ((await t.app.inject({ url: '/api/v1/stores' })).json() as { slug: string; open: boolean }[]).find((s) => s.slug === 'colchester')!;
  const specialRows = () => t.deps.db.writer.selectFrom('store_special_days').selectAll().execute();
  const add = (fields: Record<string, string>, store = 'colchester', as = manager) =>
    as.post(`/staff/${store}/hours/special-days`, { firstDate: '', lastDate: '', closed: 'true', opens: '', closes: '', reason: '', ...fields });

  it('a closure today closes the store, says why to customers and moves pickup times to the next opening', async () => {
    assert.equal((await colchester()).open, true);
    const saved = await add({ firstDate: '2026-11-25', reason: 'Staff training' });
    assert.equal(saved.statusCode, 303);
    const page = await manager.get(saved.headers.location as string);
    assert.match(page.body, /Closed 25 Nov \(Staff training\) saved/);
    assert.match(page.body, /data-special-day="2026-11-25"/);

    assert.equal((await colchester()).open, false);
    const menu = await t.app.inject({ url: '/stores/colchester' });
    assert.match(menu.body, /Colchester is closed right now \(Staff training\)\. It opens Thursday at 07:00/);
    const chooser = await t.app.inject({ url: '/stores' });
    assert.match(chooser.body, /Closed today \(Staff training\)/);
    assert.match(chooser.body, /Closed 25 Nov \(Staff training\)/);

    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    const pickup = (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: customer })).json();
    assert.equal(pickup.open, false);
    assert.equal(pickup.laterDay, true);
    assert.equal(pickup.slots[0], '2026-11-26T07:00:00.000Z', 'the first slot is at the next opening');

    const audit = await t.deps.db.writer.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'store.special_day.add').execute();
    assert.equal(audit.length, 1);
  });

  it('special hours on a later date are listed for customers, and removing the closure reopens the store', async () => {
    assert.equal(
      (await add({ firstDate: '2026-11-27', lastDate: '2026-11-28', closed: 'false', opens: '10:00', closes: '13:00', reason: 'Stocktake' })).statusCode,
      303,
    );
    const chooser = await t.app.inject({ url: '/stores' });
    assert.match(chooser.body, /27–28 Nov: open 10:00–13:00 \(Stocktake\)/);
    const today = (await specialRows()).find((r) => r.reason === 'Staff training')!;
    const removed = await manager.post(`/staff/colchester/hours/special-days/${today.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.match((await manager.get('/staff/colchester/hours')).body, /Closed 25 Nov \(Staff training\) removed/);
    assert.equal((await colchester()).open, true);
  });

  it('refuses bad dates, overlaps, a missing reason and bad times, on the form, saving nothing', async () => {
    const before = (await specialRows()).length;
    const cases: [Record<string, string>, RegExp][] = [
      [{ firstDate: '2026-02-30', reason: 'Nope' }, /Enter the first date/],
      [{ firstDate: '2026-11-28', reason: 'Clash' }, /overlap 27–28 Nov: open 10:00–13:00 \(Stocktake\)/],
      [{ firstDate: '2026-12-01', lastDate: '2028-01-01', reason: 'Long' }, /at most 366 days/],
      [{ firstDate: '2026-11-01', reason: 'Past' }, /These dates are over/],
      [{ firstDate: '2026-12-24', reason: '' }, /Say why/],
      [{ firstDate: '2026-12-24', closed: 'false', opens: '14:00', closes: '09:00', reason: 'Eve' }, /Closing time must be after opening time/],
      [{ firstDate: '2026-12-24', reason: 'x'.repeat(81) }, /80 characters/],
    ];
    for (const [fields, message] of cases) {
      const response = await add(fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.match(response.body, message);
      assert.doesNotMatch(response.body, /message--success/);
    }
    assert.equal((await specialRows()).length, before);
  });

  it("only the store's manager or an admin sets them; another store's entry is not found", async () => {
    const barista = new Browser(t.app);
    await barista.login('barista.colchester@alpaca.test');
    assert.equal((await add({ firstDate: '2026-12-25', reason: 'Christmas' }, 'colchester', barista)).statusCode, 403);
    assert.equal((await add({ firstDate: '2026-12-25', reason: 'Christmas' }, 'ipswich')).statusCode, 403);
    assert.equal((await barista.get('/staff/colchester/capacity')).statusCode, 403);
    const admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    assert.equal((await add({ firstDate: '2026-12-25', reason: 'Christmas' }, 'ipswich', admin)).statusCode, 303);
    const ipswichRow = (await specialRows()).find((r) => r.reason === 'Christmas')!;
    assert.equal((await manager.post(`/staff/colchester/hours/special-days/${ipswichRow.id}/remove`)).statusCode, 404);
    assert.equal((await specialRows()).filter((r) => r.reason === 'Christmas').length, 1);
  });

  it('prep time per category and capacity: shown, checked, saved, and used by the ETA', async () => {
    const page = await manager.get('/staff/colchester/capacity');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Drinks made per 5 minutes/);
    assert.match(page.body, /name="prep\.slow-roasted-coffee"/);

    const store = () => t.deps.db.writer.selectFrom('stores').select('drinks_per_slot').where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    const prep = () => t.deps.db.writer.selectFrom('store_category_prep').selectAll().execute();
    const before = await store();
    for (const [fields, message] of [
      [{ drinksPerSlot: '0' }, /a whole number from 1 to 500/],
      [{ drinksPerSlot: '12', 'prep.slow-roasted-coffee': '90' }, /Slow Roasted Coffee: minutes from 0 to 60/],
    ] as const) {
      const response = await manager.post('/staff/colchester/capacity', fields);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, message);
    }
    assert.deepEqual(await store(), before);
    assert.equal((await prep()).length, 0);

    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    const eta = async () => (await t.app.inject({ url: '/api/v1/stores/colchester/pickup-times', headers: customer })).json().eta.minutes as number;
    const etaBefore = await eta();
    const saved = await manager.post('/staff/colchester/capacity', { drinksPerSlot: '20', 'prep.slow-roasted-coffee': '10', 'prep.teas': '' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await store()).drinks_per_slot, 20);
    assert.deepEqual(
      (await prep()).map((r) => r.prep_seconds),
      [600],
    );
    assert.ok((await eta()) > etaBefore, `a 10-minute coffee makes a coffee's ETA longer (${etaBefore} -> ${await eta()})`);
    assert.match((await manager.get('/staff/colchester/capacity')).body, /value="10"/);
    // Empty puts the usual time back.
    assert.equal((await manager.post('/staff/colchester/capacity', { drinksPerSlot: '20', 'prep.slow-roasted-coffee': '' })).statusCode, 303);
    assert.equal((await prep()).length, 0);
  });
});
