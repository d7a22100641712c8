// Stripe's webhooks in any arrival order reach the same final state (issue 12 item 5, decision 706):
// every permutation of one order's amount_capturable_updated, succeeded and charge.refunded. The
// order starts `authorising` (a 3-D Secure payment: 202), so every event may overtake another.
// A refund arriving before the capture is answered 409 and sent again later, as Stripe does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { StripeStandIn, stripeEvent } from '../../support/stripe-stand-in.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { fillBasket, newCustomer, orderRow, place } from '../orders/helpers.js';

const SECRET = 'whsec_test_order';
type Name = 'capturable' | 'succeeded' | 'refunded';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('Stripe webhooks in any order', () => {
  let t: TestApp;
  let standIn: StripeStandIn;
  const signer = new Stripe('sk_test_signer');

  before(async () => {
    standIn = await new StripeStandIn().start();
    t = await startTestApp({
      PAYMENT_GATEWAY: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_alpaca',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_alpaca',
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_API_BASE: standIn.url,
    });
  });
  after(async () => {
    await t.close();
    await standIn.stop();
  });

  function deliver(event: object) {
    const payload = JSON.stringify(event);
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    return t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
  }

  /** An order waiting for Stripe (3-D Secure), and its PaymentIntent id. */
  async function authorisingOrder(firstName: string) {
    const customer = await newCustomer(t, firstName);
    await fillBasket(t, customer);
    const response = await place(t, customer, '4000000000003220');
    assert.equal(response.statusCode, 202, response.body);
    const id = response.json().order.id as string;
    const row = await orderRow(t, id);
    assert.equal(row.state, 'authorising');
    return { id, intent: row.payment_reference!, total: row.total_pence };
  }

  async function finalState(orderId: string) {
    const row = await orderRow(t, orderId);
    const events = await t.deps.db.writer.selectFrom('order_events').select(['from_state', 'to_state']).where('order_id', '=', orderId).orderBy('id').execute();
    const refunds = await t.deps.db.writer.selectFrom('refunds').select(['amount_pence', 'status', 'actor']).where('order_id', '=', orderId).execute();
    return {
      state: row.state,
      captured: row.captured_pence,
      refunded: row.refunded_pence,
      events: events.map((e) => `${e.from_state}→${e.to_state}`),
      refunds,
    };
  }

  it('amount_capturable_updated, succeeded and charge.refunded: all 6 orders of arrival end the same', async () => {
    const outcomes: unknown[] = [];
    const orders = permutations<Name>(['capturable', 'succeeded', 'refunded']);
    assert.equal(orders.length, 6);
    for (const [i, arrival] of orders.entries()) {
      const order = await authorisingOrder(`Perm${i}`);
      const intent = { ...standIn.intents.get(order.intent)!, metadata: { order_id: order.id } };
      const events: Record<Name, object> = {
        capturable: stripeEvent('payment_intent.amount_capturable_updated', { ...intent, status: 'requires_capture', amount_capturable: order.total }),
        succeeded: stripeEvent('payment_intent.succeeded', { ...intent, status: 'succeeded', amount_received: order.total }),
        refunded: stripeEvent('charge.refunded', {
          object: 'charge',
          id: `ch_${i}`,
          payment_intent: order.intent,
          amount_refunded: 150,
          captured: true,
          refunded: false,
        }),
      };
      // Stripe sends again whatever was not answered 2xx, until it is.
      let pending: Name[] = arrival;
      for (let round = 0; pending.length > 0; round++) {
        assert.ok(round < 3, `${arrival.join(' → ')}: never accepted: ${pending.join(', ')}`);
        const refused: Name[] = [];
        for (const name of pending) {
          const response = await deliver(events[name]);
          if (response.statusCode !== 200) {
            assert.equal(response.statusCode, 409, response.body);
            refused.push(name);
          }
        }
        pending = refused;
      }
      // And each again, as Stripe's at-least-once delivery may: nothing changes.
      for (const name of arrival) assert.equal((await deliver(events[name])).statusCode, 200);
      outcomes.push(await finalState(order.id));
    }
    const first = outcomes[0] as Awaited<ReturnType<typeof finalState>>;
    assert.equal(first.state, 'paid');
    assert.deepEqual(first.events, ['null→authorising', 'authorising→authorised', 'authorised→capturing', 'capturing→paid']);
    assert.equal(first.refunded, 150);
    assert.deepEqual(first.refunds, [{ amount_pence: 150, status: 'succeeded', actor: 'stripe' }]);
    for (const [i, outcome] of outcomes.entries()) assert.deepEqual(outcome, first, orders[i]!.join(' → '));
  });
});
