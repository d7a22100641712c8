// Staff and admin pages speak in words (issue 10 item 8): with an order in every state at the
// store, every staff page and every admin page is read as a person sees it (tags, scripts and
// attributes gone) and must hold no raw state name ("needs_payment") nor any other snake_case
// token, no "1 orders", and no store slug where the store's name belongs. The JSON API keeps the
// machine states: checked at the end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ORDER_STATES, type OrderState } from '../../../src/domain/order-lifecycle.js';
import { STAFF_STATE_LABELS } from '../../../src/domain/order-state-words.js';
import { paidOrder } from '../../support/paid-order.js';
import { unescapeHtml } from '../../support/html.js';
import { apiLogin, Browser, startTestApp, type TestApp } from '../../support/test-app.js';
import { CARDS, newCustomer, orderRow, placedOrder, post } from '../orders/helpers.js';

/** What a reader sees of a page: no head, scripts, styles or tags; entities undone. */
export function visibleText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, ' ').replace(/<(script|style|template)\b[\s\S]*?<\/\1>/g, ' ');
  return unescapeHtml(body.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** snake_case tokens (raw state names and column names), "1 orders", and the like. */
export function copyProblems(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/\b[a-z]+_[a-z_]+\b/g)) problems.push(`raw name "${m[0]}" in "…${text.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
  const counted = /^(orders|drinks|items|lines|refunds|tickets|products|options|stores|users|roles|entries|results|failures|payments|minutes|hours|days)$/;
  for (const m of text.matchAll(/(?<![\d.,£])\b1 ([a-z]+)\b/g)) {
    if (counted.test(m[1]!)) problems.push(`plural "${m[0]}" in "…${text.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
  }
  return problems;
}

describe('staff and admin pages name states, plurals and stores in words', () => {
  let t: TestApp;
  let manager: Browser;
  let admin: Browser;
  const orders = new Map<OrderState, string>();
  let customerId = 0;
  before(async () => {
    t = await startTestApp();
    manager = new Browser(t.app);
    await manager.login('manager.colchester@alpaca.test');
    admin = new Browser(t.app);
    await admin.login('admin@alpaca.test');
    const db = t.deps.db.writer;
    const staff = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    const tap = (id: string, what: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/${what}`, headers: { ...staff, 'idempotency-key': randomUUID() } });

    // One customer holds most orders, so their admin page lists many states.
    const email = `stella.${randomUUID().slice(0, 8)}@example.test`;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { firstName: 'Stella', lastName: 'States', email, password: 'a-long-enough-password' },
    });
    const customer = await apiLogin(t.app, email, 'a-long-enough-password');
    customerId = (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const held = async () => (await placedOrder(t, customer)).id;
    const checkedIn = async () => {
      const id = await held();
      assert.equal((await post(t, customer, `/api/v1/orders/${id}/check-in`)).json().state, 'paid');
      return id;
    };

    orders.set('authorised', await held());
    orders.set('paid', await checkedIn());
    const ready = await checkedIn();
    assert.equal((await tap(ready, 'ready')).statusCode, 200);
    orders.set('ready', ready);
    const collected = await checkedIn();
    await tap(collected, 'ready');
    assert.equal((await tap(collected, 'collected')).statusCode, 200);
    orders.set('completed', collected);
    const refunded = await checkedIn();
    const refund = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${refunded}/refunds`,
      headers: { ...staff, 'idempotency-key': randomUUID() },
      payload: { reason: 'Machine broke' },
    });
    assert.equal(refund.statusCode, 201, refund.body);
    orders.set('refunded', refunded);
    // A refund of part of a collected order too: "refunded" beside a state.
    const partly = await paidOrder(t, 'Parker');
    await tap(partly.id, 'ready');
    await tap(partly.id, 'collected');
    const lineId = (await db.selectFrom('order_lines').select('id').where('order_id', '=', partly.id).orderBy('id').executeTakeFirstOrThrow()).id;
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${partly.id}/refunds`,
      headers: { ...staff, 'idempotency-key': randomUUID() },
      payload: { reason: 'Spilt', lines: [{ lineId, quantity: 1 }] },
    });
    // Refused at check-in: needs payment; another one cancelled from the staff page.
    for (const state of ['needs_payment', 'cancelled'] as const) {
      const id = (await placedOrder(t, customer, CARDS.captureFails)).id;
      await post(t, customer, `/api/v1/orders/${id}/check-in`);
      assert.equal((await orderRow(t, id)).state, 'needs_payment');
      if (state === 'cancelled') assert.equal((await manager.post(`/staff/colchester/orders/${id}/cancel`, { confirm: 'yes' })).statusCode, 303);
      orders.set(state, id);
    }
    // The rest, set in the database (each with its event, as the app would write it): a hold or a
    // charge with no answer for three minutes, a declined card, an expired hold.
    const threeMinutesAgo = new Date(t.deps.clock().getTime() - 3 * 60_000);
    for (const state of ['authorising', 'capturing', 'declined', 'expired'] as const) {
      const id = (await placedOrder(t, await newCustomer(t, 'Winnie'))).id;
      await sql`UPDATE orders SET state = ${state}, checked_in_at = ${threeMinutesAgo}, created_at = ${threeMinutesAgo}, updated_at = ${threeMinutesAgo} WHERE id = ${id}`.execute(
        db,
      );
      await sql`INSERT INTO order_events (order_id, from_state, to_state, at, actor) VALUES (${id}, 'authorised', ${state}, ${threeMinutesAgo}, 'system')`.execute(
        db,
      );
      orders.set(state, id);
    }
    for (const state of ORDER_STATES) assert.ok(orders.has(state), `an order in ${state}`);
  });
  after(() => t.close());

  async function readPage(who: Browser, url: string): Promise<string> {
    const page = await who.get(url);
    assert.equal(page.statusCode, 200, `${url}: ${page.statusCode}`);
    return visibleText(page.body);
  }

  it('every staff page, and each order in each state, reads in words', async () => {
    const urls = [
      '/staff/colchester/queue',
      '/staff/colchester/attention',
      '/staff/colchester/orders',
      '/staff/colchester/orders?q=States',
      '/staff/colchester/availability',
      '/staff/colchester/hours',
      '/staff/colchester/capacity',
      '/staff/colchester/busy',
      '/staff/colchester/settings',
      ...[...orders.values()].map((id) => `/staff/colchester/orders/${id}`),
    ];
    const problems: string[] = [];
    for (const url of urls) for (const p of copyProblems(await readPage(manager, url))) problems.push(`${url}: ${p}`);
    assert.deepEqual(problems, []);
    // Each state shows as staff's label on the order's own page.
    for (const [state, id] of orders) {
      const text = await readPage(manager, `/staff/colchester/orders/${id}`);
      assert.ok(text.includes(STAFF_STATE_LABELS[state]), `order in ${state} shows "${STAFF_STATE_LABELS[state]}"`);
    }
  });

  it('every admin page reads in words, and the logs name stores as customers see them', async () => {
    const urls = [
      '/admin',
      '/admin/users',
      `/admin/users/${customerId}`,
      '/admin/stores',
      '/admin/categories',
      '/admin/products',
      '/admin/option-groups',
      '/admin/exports',
      '/admin/reports',
      '/admin/reports?store=colchester',
      '/admin/logs/audit',
      '/admin/logs/payments',
      '/admin/logs/outbox',
      '/admin/logs/webhooks',
    ];
    const problems: string[] = [];
    for (const url of urls) for (const p of copyProblems(await readPage(admin, url))) problems.push(`${url}: ${p}`);
    assert.deepEqual(problems, []);
    const audit = await readPage(admin, '/admin/logs/audit');
    assert.match(audit, /order\.refund/, 'the refunds are in the audit log');
    assert.match(audit, /\bColchester\b/, "the store's name");
    assert.doesNotMatch(audit.replace(/\S+@\S+/g, ''), /\bcolchester\b/, 'never its slug');
  });

  it('the JSON API keeps the machine states', async () => {
    const staff = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    const id = orders.get('needs_payment')!;
    const order = await t.app.inject({ url: `/api/v1/orders/${id}`, headers: staff });
    assert.equal(order.statusCode, 200, order.body);
    assert.equal(order.json().state, 'needs_payment');
  });
});
