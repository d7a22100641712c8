// The JSON API for holiday hours and closures (issue 10 item 5, decision 432): a store's managers
// and admins list, add and remove them; bad input is a 400 on its field with nothing saved, as on
// the page; what is added shows to customers at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertApiError, call } from '../../support/api.js';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';

// The test clock: Wednesday 25 Nov 2026, 12:00 in Colchester.
describe('holiday hours and closures over the JSON API', () => {
  let t: TestApp;
  let manager: Record<string, string>;
  before(async () => {
    t = await startTestApp();
    manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
  });
  after(() => t.close());

  const url = (store = 'colchester') => `/api/v1/stores/${store}/special-days`;
  const add = (payload: Record<string, unknown>, headers = manager, store = 'colchester') => call(t.app, 'POST', url(store), { headers, payload });
  const rows = () => t.deps.db.writer.selectFrom('store_special_days').selectAll().orderBy('id').execute();
  const colchesterOpen = async () =>
    ((await call(t.app, 'GET', '/api/v1/stores')).json() as { slug: string; open: boolean }[]).find((s) => s.slug === 'colchester')!.open;

  it('adds a closure for today and special hours later, lists them earliest first, and the store closes at once', async () => {
    assert.deepEqual((await call(t.app, 'GET', url(), { headers: manager })).json(), { store: 'colchester', timezone: 'Europe/London', specialDays: [] });
    assert.equal(await colchesterOpen(), true);

    const hours = await add({ firstDate: '2026-12-24', closed: false, opens: '08:00', closes: '14:00', reason: 'Christmas Eve' });
    assert.equal(hours.statusCode, 201, hours.body);
    assert.deepEqual(
      { ...(hours.json() as Record<string, unknown>), id: 0 },
      {
        id: 0,
        firstDate: '2026-12-24',
        lastDate: '2026-12-24',
        closed: false,
        opens: '08:00',
        closes: '14:00',
        reason: 'Christmas Eve',
        description: '24 Dec: open 08:00–14:00 (Christmas Eve)',
      },
    );
    const closure = await add({ firstDate: '2026-11-25', lastDate: '2026-11-26', closed: true, reason: '  Staff training ' });
    assert.equal(closure.statusCode, 201, closure.body);
    assert.equal(closure.json().reason, 'Staff training');
    assert.equal(closure.json().description, 'Closed 25–26 Nov (Staff training)');

    const list = (await call(t.app, 'GET', url(), { headers: manager })).json();
    assert.deepEqual(
      list.specialDays.map((d: { description: string }) => d.description),
      ['Closed 25–26 Nov (Staff training)', '24 Dec: open 08:00–14:00 (Christmas Eve)'],
    );
    assert.equal(await colchesterOpen(), false, 'closed today');
    const menu = await t.app.inject({ url: '/stores/colchester' });
    assert.match(menu.body, /closed right now \(Staff training\)/);
    const audit = await t.deps.db.writer.selectFrom('audit_log').select('action').where('action', '=', 'store.special_day.add').execute();
    assert.equal(audit.length, 2);
  });

  it('refuses each bad entry with 400 on its field and saves nothing', async () => {
    const before = await rows();
    const cases: [Record<string, unknown>, string, RegExp?][] = [
      [{ firstDate: '2026-02-30', closed: true, reason: 'Nope' }, 'firstDate', /Enter the first date/],
      [{ firstDate: '2026-12-01', lastDate: '2026-13-01', closed: true, reason: 'Nope' }, 'lastDate'],
      [{ firstDate: '2026-11-26', closed: true, reason: 'Clash' }, 'firstDate', /overlap Closed 25–26 Nov/],
      [{ firstDate: '2026-12-01', lastDate: '2027-12-02', closed: true, reason: 'Long' }, 'lastDate', /at most 366 days/],
      [{ firstDate: '2026-12-05', lastDate: '2026-12-04', closed: true, reason: 'Backwards' }, 'lastDate', /on or after the first date/],
      [{ firstDate: '2026-11-01', closed: true, reason: 'Past' }, 'lastDate', /These dates are over/],
      [{ firstDate: '2026-12-31', closed: true, reason: '   ' }, 'reason', /Say why/],
      [{ firstDate: '2026-12-31', closed: true, reason: 'x'.repeat(81) }, 'reason'],
      [{ firstDate: '2026-12-31', closed: false, opens: '14:00', closes: '09:00', reason: 'Eve' }, 'closes', /after opening time/],
      [{ firstDate: '2026-12-31', closed: false, opens: '25:00', closes: '09:00', reason: 'Eve' }, 'opens'],
      [{ firstDate: '2026-12-31', closed: false, reason: 'No times' }, 'opens'],
      [{ firstDate: '2026-12-31', closed: true, opens: '08:00', reason: 'Both' }, 'opens', /closed day takes no times/],
      [{ firstDate: '2026-12-31', reason: 'Which?' }, 'closed'],
      [{ firstDate: '2026-12-31', closed: 'yes', reason: 'Which?' }, 'closed'],
      [{ firstDate: '2026-12-31', closed: true, reason: 'Extra', colour: 'red' }, 'colour'],
    ];
    for (const [payload, field, message] of cases) {
      const error = assertApiError(await add(payload), 400, 'invalid', field);
      if (message) assert.match(error.fields![field]!, message, JSON.stringify(payload));
    }
    assert.deepEqual(await rows(), before);
  });

  it("only the store's managers and admins; another store's entry or an unknown one is not found", async () => {
    const barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    const ipswichManager = await apiLogin(t.app, 'manager.ipswich@alpaca.test');
    const admin = await apiLogin(t.app, 'admin@alpaca.test');
    const christmas = { firstDate: '2026-12-25', closed: true, reason: 'Christmas' };
    const before = await rows();
    assertApiError(await call(t.app, 'GET', url()), 401, 'unauthorized');
    assertApiError(await call(t.app, 'POST', url(), { payload: christmas }), 401, 'unauthorized');
    assertApiError(await call(t.app, 'GET', url(), { headers: barista }), 403, 'forbidden');
    assertApiError(await add(christmas, barista), 403, 'forbidden');
    assertApiError(await add(christmas, ipswichManager), 403, 'forbidden');
    assertApiError(await call(t.app, 'DELETE', `${url()}/${before[0]!.id}`, { headers: ipswichManager }), 403, 'forbidden');
    assert.deepEqual(await rows(), before);

    const atIpswich = await add(christmas, admin, 'ipswich');
    assert.equal(atIpswich.statusCode, 201, atIpswich.body);
    assertApiError(await call(t.app, 'DELETE', `${url()}/${atIpswich.json().id}`, { headers: manager }), 404, 'not_found');
    assertApiError(await call(t.app, 'DELETE', `${url()}/999999`, { headers: manager }), 404, 'not_found');
    assertApiError(await call(t.app, 'DELETE', `${url()}/x1`, { headers: manager }), 400, 'invalid', 'id');
    assertApiError(await call(t.app, 'GET', url('nowhere'), { headers: admin }), 404, 'not_found');
    assertApiError(await add(christmas, admin, 'nowhere'), 404, 'not_found');
    assertApiError(await call(t.app, 'DELETE', `${url()}/${before[0]!.id}`), 401, 'unauthorized');
    assert.equal((await rows()).length, before.length + 1);
  });

  it('removing the closure opens the store again and is audited', async () => {
    const closure = (await rows()).find((r) => r.reason === 'Staff training')!;
    const removed = await call(t.app, 'DELETE', `${url()}/${closure.id}`, { headers: manager });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal(await colchesterOpen(), true);
    const list = (await call(t.app, 'GET', url(), { headers: manager })).json();
    assert.deepEqual(
      list.specialDays.map((d: { reason: string }) => d.reason),
      ['Christmas Eve'],
    );
    assertApiError(await call(t.app, 'DELETE', `${url()}/${closure.id}`, { headers: manager }), 404, 'not_found');
    const audit = await t.deps.db.writer.selectFrom('audit_log').select('action').where('action', '=', 'store.special_day.remove').execute();
    assert.equal(audit.length, 1);
  });
});
