// Stripe's webhooks in any arrival order reach the same final state (issue 12 item 5, decisions 706
// and 707): every permutation of one order's amount_capturable_updated, succeeded and charge.refunded,
// and of amount_capturable_updated with payment_failed and with canceled. The order starts
// `authorising` (a 3-D Secure payment: 202), so every event may overtake another. Each PaymentIntent
// event is applied as the PaymentIntent the stand-in holds when it is read (the truth by then), not
// as the snapshot inside the event. A refund arriving before the capture is answered 409 and sent
// again later, as Stripe does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStripeTestApp, type StripeTestApp } from '../../support/stripe-app.js';
import { type StripeStandIn, stripeEvent } from '../../support/stripe-stand-in.js';
import type { TestApp } from '../../support/test-app.js';
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
  let stripe: StripeTestApp;

  before(async () => {
    stripe = await startStripeTestApp(SECRET);
    ({ t, standIn } = stripe);
  });
  after(async () => {
    await stripe.close();
  });

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
      // By the time Stripe's events are read, the payment is captured.
      Object.assign(standIn.intents.get(order.intent)!, { status: 'succeeded', amount_capturable: 0, amount_received: order.total });
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
          const response = await stripe.deliver(events[name]);
          if (response.statusCode !== 200) {
            assert.equal(response.statusCode, 409, response.body);
            refused.push(name);
          }
        }
        pending = refused;
      }
      // And each again, as Stripe's at-least-once delivery may: nothing changes.
      for (const name of arrival) assert.equal((await stripe.deliver(events[name])).statusCode, 200);
      outcomes.push(await finalState(order.id));
    }
    const first = outcomes[0] as Awaited<ReturnType<typeof finalState>>;
    assert.equal(first.state, 'paid');
    assert.deepEqual(first.events, ['null→authorising', 'authorising→authorised', 'authorised→capturing', 'capturing→paid']);
    assert.equal(first.refunded, 150);
    assert.deepEqual(first.refunds, [{ amount_pence: 150, status: 'succeeded', actor: 'stripe' }]);
    for (const [i, outcome] of outcomes.entries()) assert.deepEqual(outcome, first, orders[i]!.join(' → '));
  });

  /**
   * Delivers two events about one PaymentIntent in the given order, then both again, and returns
   * the order's final state. `truth` is the PaymentIntent at Stripe while they are read.
   */
  async function deliverPair(i: number, label: string, truth: Record<string, unknown>, types: [string, string], arrival: [number, number]) {
    const order = await authorisingOrder(`${label}${i}`);
    const held = { ...standIn.intents.get(order.intent)!, metadata: { order_id: order.id } };
    const snapshots: Record<string, Record<string, unknown>> = {
      'payment_intent.amount_capturable_updated': { ...held, status: 'requires_capture', amount_capturable: order.total },
      'payment_intent.payment_failed': {
        ...held,
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
      },
      'payment_intent.canceled': { ...held, status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 },
    };
    Object.assign(standIn.intents.get(order.intent)!, truth);
    const events = types.map((type) => stripeEvent(type, snapshots[type]!));
    const reads = () => standIn.calls('GET', new RegExp(`^/v1/payment_intents/${order.intent}$`)).length;
    const readBefore = reads();
    for (const k of arrival) assert.equal((await stripe.deliver(events[k]!)).statusCode, 200);
    for (const k of arrival) {
      const again = await stripe.deliver(events[k]!);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().duplicate, true);
    }
    assert.equal(reads() - readBefore, 2, 'the PaymentIntent is read once per new event, never for a repeat');
    const { captured, refunds, ...state } = await finalState(order.id);
    const row = await orderRow(t, order.id);
    return { ...state, failure: row.payment_failure };
  }

  /** Both arrival orders of a pair, under one truth, end the same; returns that end. */
  async function pairConverges(label: string, truth: Record<string, unknown>, types: [string, string]) {
    const ends = [];
    for (const [i, arrival] of (
      [
        [0, 1],
        [1, 0],
      ] as [number, number][]
    ).entries())
      ends.push(await deliverPair(i, label, truth, types, arrival));
    assert.deepEqual(ends[1], ends[0], `${types.join(' + ')} under ${String(truth['status'])}: the two arrival orders differ`);
    return ends[0]!;
  }

  it('amount_capturable_updated with payment_failed: both orders of arrival end the same, whichever attempt Stripe kept', async () => {
    const pair: [string, string] = ['payment_intent.amount_capturable_updated', 'payment_intent.payment_failed'];
    // The first attempt failed and the customer's second one was held: the order is authorised.
    const held = await pairConverges('FailHeld', { status: 'requires_capture', amount_capturable: 1 }, pair);
    assert.equal(held.state, 'authorised');
    assert.deepEqual(held.events, ['null→authorising', 'authorising→authorised']);
    // The hold failed for good: the order is a declined attempt, with Stripe's reason.
    const failed = await pairConverges(
      'FailFailed',
      { status: 'requires_payment_method', last_payment_error: { type: 'card_error', message: 'Your card has insufficient funds.' } },
      pair,
    );
    assert.equal(failed.state, 'declined');
    assert.deepEqual(failed.events, ['null→authorising', 'authorising→declined']);
    assert.equal(failed.failure, 'Your card has insufficient funds.');
  });

  it('amount_capturable_updated with canceled: both orders of arrival end the same', async () => {
    const pair: [string, string] = ['payment_intent.amount_capturable_updated', 'payment_intent.canceled'];
    const end = await pairConverges('Cancel', { status: 'canceled', cancellation_reason: 'abandoned', amount_capturable: 0 }, pair);
    // The hold was given up before we knew of it: an attempt, not an order (its basket is left alone).
    assert.equal(end.state, 'declined');
    assert.deepEqual(end.events, ['null→authorising', 'authorising→declined']);
    assert.equal(end.failure, 'The payment was cancelled (abandoned).');
  });

  it('an order that knew of its hold when the cancel came in ends cancelled, whatever the event said', async () => {
    const order = await authorisingOrder('Timely');
    const held = { ...standIn.intents.get(order.intent)!, metadata: { order_id: order.id } };
    Object.assign(standIn.intents.get(order.intent)!, { status: 'requires_capture', amount_capturable: order.total });
    assert.equal((await stripe.deliver(stripeEvent('payment_intent.amount_capturable_updated', { ...held, status: 'requires_capture' }))).statusCode, 200);
    Object.assign(standIn.intents.get(order.intent)!, { status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    // The event's own snapshot says it is still held: the PaymentIntent read from Stripe decides.
    assert.equal((await stripe.deliver(stripeEvent('payment_intent.amount_capturable_updated', { ...held, status: 'requires_capture' }))).statusCode, 200);
    assert.equal((await orderRow(t, order.id)).state, 'cancelled');
  });

  it('answers 503 when Stripe cannot be read, so Stripe sends the event again; the retry applies it', async () => {
    const order = await authorisingOrder('Unread');
    Object.assign(standIn.intents.get(order.intent)!, { status: 'requires_capture', amount_capturable: order.total });
    const event = stripeEvent('payment_intent.amount_capturable_updated', { ...standIn.intents.get(order.intent)!, metadata: { order_id: order.id } });
    standIn.nextErrors.push({ status: 401, type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***' });
    const refused = await stripe.deliver(event);
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal((await orderRow(t, order.id)).state, 'authorising');
    const recorded = await t.deps.db.writer.selectFrom('stripe_webhook_events').select('event_id').where('event_id', '=', event.id).execute();
    assert.deepEqual(recorded, [], 'not recorded, so the retry is not a duplicate');
    const logged = await t.deps.db.writer
      .selectFrom('payment_errors')
      .select(['operation', 'kind', 'order_id', 'payment_reference', 'message'])
      .where('order_id', '=', order.id)
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.operation, 'retrieve');
    assert.equal(logged[0]!.kind, 'configuration');
    assert.equal(logged[0]!.payment_reference, order.intent);
    assert.match(logged[0]!.message, /Invalid API Key/);
    assert.equal((await stripe.deliver(event)).statusCode, 200);
    assert.equal((await orderRow(t, order.id)).state, 'authorised');
  });
});
