import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, Browser, OPEN_HOURS, startTestApp, type TestApp } from '../../support/test-app.js';

type Auth = { authorization: string };

describe('busy mode and opening hours', () => {
  let t: TestApp;
  let manager: Auth;
  before(async () => {
    t = await startTestApp();
    manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
  });
  after(() => t.close());

  const stores = async () => (await t.app.inject({ url: '/api/v1/stores' })).json() as { slug: string; open: boolean; paused: boolean }[];
  const colchester = async () => (await stores()).find((s) => s.slug === 'colchester')!;
  const busy = (headers: Record<string, string>, payload: unknown, store = 'colchester') =>
    t.app.inject({ method: 'PUT', url: `/api/v1/stores/${store}/busy`, headers, payload: payload as object });
  const hours = (headers: Record<string, string>, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/stores/colchester/hours', headers, payload: payload as object });

  it('pauses with a resume time, shows it on the stores list and menu, ends by itself, and resumes', async () => {
    const resumeAt = new Date(OPEN_HOURS.getTime() + 30 * 60_000).toISOString();
    const paused = await busy(manager, { paused: true, resumeAt });
    assert.equal(paused.statusCode, 200);
    assert.equal(paused.json().store.paused, true);
    assert.equal(paused.json().pausedUntil, resumeAt);
    assert.equal((await colchester()).paused, true);
    assert.equal((await stores()).find((s) => s.slug === 'ipswich')!.paused, false);
    const menuPage = await t.app.inject({ url: '/stores/colchester' });
    assert.match(menuPage.body, /has paused new orders until \d\d:\d\d/);

    t.setNow(new Date(OPEN_HOURS.getTime() + 31 * 60_000));
    assert.equal((await colchester()).paused, false, 'busy mode ends at its resume time');
    t.setNow(OPEN_HOURS);

    assert.equal((await busy(manager, { paused: true })).json().pausedUntil, null);
    assert.equal((await colchester()).paused, true);
    const resumed = await busy(manager, { paused: false });
    assert.equal(resumed.statusCode, 200);
    assert.equal((await colchester()).paused, false);

    const audit = await t.deps.db.writer.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'store').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['store.pause', 'store.pause', 'store.resume'],
    );
    assert.deepEqual(audit[0]!.after, { paused: true, pausedUntil: resumeAt });
  });

  it('refuses resume times in the past, too far ahead or unreadable, and changes nothing', async () => {
    for (const resumeAt of [new Date(OPEN_HOURS.getTime() - 60_000).toISOString(), '2027-01-01T00:00:00Z', 'half past two', '2026-13-45T99:00:00Z']) {
      const response = await busy(manager, { paused: true, resumeAt });
      assert.equal(response.statusCode, 400, resumeAt);
      assert.ok(response.json().error.fields.resumeAt, resumeAt);
    }
    assert.equal((await busy(manager, { paused: false, resumeAt: '2026-11-25T13:00:00Z' })).statusCode, 400);
    assert.equal((await colchester()).paused, false);
  });

  it("lets only the store's manager or an admin pause", async () => {
    assert.equal((await busy({}, { paused: true })).statusCode, 401);
    assert.equal((await busy(await apiLogin(t.app, 'barista.colchester@alpaca.test'), { paused: true })).statusCode, 403);
    assert.equal((await busy(manager, { paused: true }, 'ipswich')).statusCode, 403);
    assert.equal((await colchester()).paused, false);
    const admin = await apiLogin(t.app, 'admin@alpaca.test');
    assert.equal((await busy(admin, { paused: true }, 'ipswich')).statusCode, 200);
    assert.equal((await busy(admin, { paused: false }, 'ipswich')).statusCode, 200);
  });

  it('pauses from the busy-mode page until a time on the store clock', async () => {
    const browser = new Browser(t.app);
    await browser.login('manager.colchester@alpaca.test');
    assert.equal((await browser.get('/staff/colchester/busy')).statusCode, 200);
    const bad = await browser.post('/staff/colchester/busy', { resume: 'time', resumeAt: '25:00' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter the time to resume/);
    assert.equal((await colchester()).paused, false);

    const ok = await browser.post('/staff/colchester/busy', { resume: 'time', resumeAt: '13:15' });
    assert.equal(ok.statusCode, 303);
    const page = await browser.get('/staff/colchester/busy');
    assert.match(page.body, /not taking new orders until Wed 25 Nov, 13:15/);
    const row = await t.deps.db.writer.selectFrom('stores').select(['paused', 'paused_until']).where('slug', '=', 'colchester').executeTakeFirstOrThrow();
    assert.equal(row.paused_until?.toISOString(), '2026-11-25T13:15:00.000Z');

    assert.equal((await browser.post('/staff/colchester/busy/resume')).statusCode, 303);
    assert.equal((await colchester()).paused, false);
    assert.equal((await browser.post('/staff/colchester/busy', { resume: '15' })).statusCode, 303);
    assert.equal((await colchester()).paused, true);
    await browser.post('/staff/colchester/busy/resume');
  });

  it('sets opening hours, validating times and that closing comes after opening', async () => {
    const bad = await hours(manager, { hours: [{ day: 3, opens: '18:00', closes: '07:00' }] });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields['hours.3.closes'], /after opening/);
    const badTime = await hours(manager, { hours: [{ day: 3, opens: '7am', closes: '18:00' }] });
    assert.equal(badTime.statusCode, 400);
    assert.equal((await colchester()).open, true, 'refused hours change nothing');

    // Wednesday 07:00–11:00 only: at noon on Wednesday the store is closed.
    const saved = await hours(manager, {
      hours: [
        { day: 3, opens: '07:00', closes: '11:00' },
        { day: 4, opens: '07:00', closes: '18:00' },
      ],
    });
    assert.equal(saved.statusCode, 200);
    assert.deepEqual(saved.json().hours, [
      { day: 3, opens: '07:00', closes: '11:00' },
      { day: 4, opens: '07:00', closes: '18:00' },
    ]);
    assert.equal((await colchester()).open, false);
    assert.match((await t.app.inject({ url: '/stores/colchester' })).body, /closed right now/);
    assert.equal((await hours(await apiLogin(t.app, 'barista.colchester@alpaca.test'), { hours: [] })).statusCode, 403);
  });

  it('edits hours from the page and shows each problem beside its day', async () => {
    const browser = new Browser(t.app);
    await browser.login('manager.colchester@alpaca.test');
    const page = await browser.get('/staff/colchester/hours');
    assert.equal(page.statusCode, 200);
    const fields: Record<string, string> = {};
    for (let day = 1; day <= 7; day++) Object.assign(fields, { [`open.${day}`]: 'on', [`opens.${day}`]: '07:00', [`closes.${day}`]: '18:00' });
    const bad = await browser.post('/staff/colchester/hours', { ...fields, 'closes.2': '06:00' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="closes-2-error"[^>]*>Tuesday: closing time must be after opening time/);

    const { ['open.7']: _closedSunday, ...withoutSunday } = fields;
    const saved = await browser.post('/staff/colchester/hours', withoutSunday);
    assert.equal(saved.statusCode, 303);
    const rows = await t.deps.db.writer
      .selectFrom('store_hours')
      .innerJoin('stores', 'stores.id', 'store_hours.store_id')
      .select(['iso_day', 'opens', 'closes'])
      .where('stores.slug', '=', 'colchester')
      .orderBy('iso_day')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.iso_day),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(rows[0]!.opens.slice(0, 5), '07:00');
    assert.equal((await colchester()).open, true);
  });
});
