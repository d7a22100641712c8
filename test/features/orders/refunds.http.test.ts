// Refunds through the JSON API (issue 10 item 6): in full or per line, card or cash, the
// state they leave, the email, the audit row, idempotency, every refusal, and truly concurrent
// refunds that never exceed the capture — on both databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { transition } from '../../../src/db/order-transition.js';
import { paidOrder } from '../../support/paid-order.js';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';
import { bank, CARDS, effects, newCustomer, orderRow, placedOrder, post, type Auth } from './helpers.js';

describe('refunds', () => {
  let t: TestApp;
  let manager: Auth;
  let admin: Auth;
  let barista: Auth;
  let ipswichManager: Auth;
  before(async () => {
    t = await startTestApp();
    manager = await apiLogin(t.app, 'manager.colchester@alpaca.test');
    admin = await apiLogin(t.app, 'admin@alpaca.test');
    barista = await apiLogin(t.app, 'barista.colchester@alpaca.test');
    ipswichManager = await apiLogin(t.app, 'manager.ipswich@alpaca.test');
  });
  after(() => t.close());

  const refund = (auth: Auth | Record<string, never>, orderId: string, body: unknown, key: string | null = randomUUID()) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${orderId}/refunds`,
      headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
      payload: body as object,
    });
  const orderJson = async (orderId: string) => (await t.app.inject({ url: `/api/v1/orders/${orderId}`, headers: admin })).json();

  it('a full refund of a paid order gives back the capture through the gateway and takes it off the queue', async () => {
    const order = await paidOrder(t, 'Ada');
    const calls = bank(t).ledger.refundCalls;
    const response = await refund(manager, order.id, { reason: 'Customer changed their mind' });
    assert.equal(response.statusCode, 201, response.body);
    const { refund: made, order: after } = response.json();
    const row = await orderRow(t, order.id);
    assert.equal(made.amountPence, row.captured_pence);
    assert.equal(made.method, 'gateway');
    assert.equal(made.status, 'succeeded');
    assert.equal(made.lines.length, 2, 'the rest of the order: every line');
    assert.equal(after.state, 'refunded');
    assert.equal(after.refundedPence, row.captured_pence);
    assert.equal(bank(t).ledger.refundCalls, calls + 1);
    assert.deepEqual(
      (await effects(t, order.id)).filter((e) => e === 'email:order-refunded'),
      ['email:order-refunded'],
    );
    const audit = await t.deps.db.writer.selectFrom('audit_log').selectAll().where('action', '=', 'order.refund').where('entity_id', '=', order.id).execute();
    assert.equal(audit.length, 1);
    const queue = (await t.app.inject({ url: '/api/v1/stores/colchester/queue', headers: manager })).json();
    assert.ok(!JSON.stringify(queue).includes(order.id), 'a refunded order is off the queue');
  });

  it('a refund of some lines keeps the state; refunding the rest then ends it refunded', async () => {
    const order = await paidOrder(t, 'Bea');
    const before = await orderJson(order.id);
    const latte = before.lines.find((l: { product: string }) => l.product === 'latte');
    const first = await refund(manager, order.id, { reason: 'Oat milk sold out after payment', lines: [{ lineId: latte.id, quantity: 1 }] });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().refund.amountPence, latte.unitPence);
    assert.deepEqual(first.json().refund.lines, [{ lineId: latte.id, quantity: 1 }]);
    assert.equal(first.json().order.state, 'paid');
    assert.equal(first.json().order.refundedPence, latte.unitPence);
    // That line has one latte left to refund.
    const tooMany = await refund(manager, order.id, { reason: 'again', lines: [{ lineId: latte.id, quantity: 2 }] });
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    assert.equal(tooMany.json().error.fields['lines.0.quantity'], 'Choose from 1 to 1.');
    const rest = await refund(manager, order.id, { reason: 'Closing early' });
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().refund.amountPence, before.totalPence - latte.unitPence);
    assert.equal(rest.json().order.state, 'refunded');
    assert.equal(rest.json().order.refunds.length, 2);
    const nothingLeft = await refund(manager, order.id, { reason: 'once more' });
    assert.equal(nothingLeft.statusCode, 409);
  });

  it('a collected order is refunded but stays collected', async () => {
    const order = await paidOrder(t, 'Cy');
    await post(t, barista, `/api/v1/orders/${order.id}/ready`);
    await post(t, barista, `/api/v1/orders/${order.id}/collected`);
    const response = await refund(admin, order.id, { reason: 'Drink was cold' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().order.state, 'completed');
    assert.equal(response.json().order.refundedPence, response.json().order.totalPence);
  });

  it('a till-paid order is refunded as cash, with no gateway call', async () => {
    const customer = await newCustomer(t, 'Dee');
    const placed = await placedOrder(t, customer, CARDS.captureFails);
    await post(t, customer, `/api/v1/orders/${placed.id}/check-in`);
    assert.equal((await orderRow(t, placed.id)).state, 'needs_payment');
    const staffId = (await t.deps.db.writer.selectFrom('users').select('id').where('email', '=', 'manager.colchester@alpaca.test').executeTakeFirstOrThrow())
      .id;
    await transition(t.deps.db.writer, placed.id, 'pay_at_till', { now: t.deps.clock(), actor: `staff:${staffId}` });
    const calls = bank(t).ledger.refundCalls;
    const response = await refund(manager, placed.id, { reason: 'Wrong drink' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().refund.method, 'cash');
    assert.equal(response.json().order.state, 'refunded');
    assert.equal(bank(t).ledger.refundCalls, calls);
  });

  it('the same Idempotency-Key is the same refund: one gateway call', async () => {
    const order = await paidOrder(t, 'Eve');
    const key = randomUUID();
    const line = (await orderJson(order.id)).lines[0];
    const calls = bank(t).ledger.refundCalls;
    const first = await refund(manager, order.id, { reason: 'Spilt', lines: [{ lineId: line.id, quantity: 1 }] }, key);
    const second = await refund(manager, order.id, { reason: 'Spilt', lines: [{ lineId: line.id, quantity: 1 }] }, key);
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json().refund.id, first.json().refund.id);
    assert.equal(second.json().order.refundedPence, line.unitPence);
    assert.equal(bank(t).ledger.refundCalls, calls + 1);
  });

  it('refuses those who may not refund, and bad input, changing nothing', async () => {
    const order = await paidOrder(t, 'Fay');
    const customer = await newCustomer(t, 'Gus');
    for (const [who, status] of [
      [{}, 401],
      [customer, 403],
      [barista, 403],
      [ipswichManager, 403],
    ] as const) {
      const response = await refund(who, order.id, { reason: 'no' });
      assert.equal(response.statusCode, status, `${JSON.stringify(who)}: ${response.body}`);
    }
    for (const [body, field] of [
      [{ reason: '' }, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: 'x', lines: [{ lineId: 999999999, quantity: 1 }] }, 'lines.0.lineId'],
      [{ reason: 'x', lines: [{ lineId: 1, quantity: 0 }] }, null],
      [{ reason: 'x', extra: true }, null],
    ] as const) {
      const response = await refund(manager, order.id, body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      if (field) assert.ok(response.json().error.fields?.[field], `${field}: ${response.body}`);
    }
    const notPaid = await placedOrder(t, customer);
    const early = await refund(manager, notPaid.id, { reason: 'x' });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal((await refund(manager, randomUUID(), { reason: 'x' })).statusCode, 404);
    const row = await orderRow(t, order.id);
    assert.equal(row.refunded_pence, 0);
    assert.equal(row.state, 'paid');
  });

  it('a refund the gateway refuses is recorded as failed, says so, and gives nothing back', async () => {
    const order = await paidOrder(t, 'Hal');
    // Refund more at the bank than the app knows of, so the bank refuses the app's refund.
    const row = await orderRow(t, order.id);
    const gateway = bank(t);
    await gateway.refund({ reference: row.payment_reference!, amountPence: row.captured_pence, idempotencyKey: `outside-${order.id}` });
    const response = await refund(manager, order.id, { reason: 'Refused at the bank' });
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.json().error.code, 'refund_failed');
    const after = await orderRow(t, order.id);
    assert.equal(after.refunded_pence, 0);
    assert.equal(after.state, 'paid');
    const failed = await t.deps.db.writer.selectFrom('refunds').select('status').where('order_id', '=', order.id).execute();
    assert.deepEqual(
      failed.map((r) => r.status),
      ['failed'],
    );
  });

  it('truly concurrent refunds never exceed the capture: one full refund wins', async () => {
    const original = t.deps.payments;
    t.deps.payments = new SimulatedGateway({ latencyMs: 100 }); // a slow bank widens the race
    try {
      for (let round = 0; round < 3; round++) {
        const order = await paidOrder(t, `Race${round}`);
        // The bank that captured it is the original one: the slow one knows no hold, and refunds.
        const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => refund(i % 2 ? admin : manager, order.id, { reason: `race ${i}` })));
        const statuses = responses.map((r) => r.statusCode).sort();
        assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], responses.map((r) => r.body).join('\n'));
        const row = await orderRow(t, order.id);
        assert.equal(row.refunded_pence, row.captured_pence);
        assert.equal(row.state, 'refunded');
        const refunds = await t.deps.db.writer.selectFrom('refunds').select(['amount_pence', 'status']).where('order_id', '=', order.id).execute();
        assert.equal(refunds.length, 1);
      }
    } finally {
      t.deps.payments = original;
    }
  });
});
