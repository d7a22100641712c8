// POST /webhooks/stripe: Stripe's events, verified by signature over the raw
// body, recorded once per event id, applied in the same transaction — so a
// replay is acknowledged and changes nothing, and a failure leaves nothing half-done
// (Stripe retries until we answer 2xx).
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../domain/errors.js';
import { jsonb } from '../../db/jsonb.js';
import { write } from '../../db/unit-of-work.js';
import { countedPaymentCall } from '../../payments/counted.js';
import { StripeGateway, unavailableUnlessAnswered } from '../../payments/stripe.js';
import { type CurrentIntent, findOrder, handleStripeEvent, INTENT_EVENTS, paymentIntentOf } from './handle-event.js';

export async function stripeWebhookRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const secret = deps.config.stripeWebhookSecret;
  if (deps.config.paymentGateway !== 'stripe' || !secret) return; // no Stripe, no webhook endpoint
  const stripe = deps.payments instanceof StripeGateway ? deps.payments.client : new Stripe(deps.config.stripeSecretKey ?? 'sk_test_unused');

  // The signature covers the exact bytes Stripe sent: keep them (this plugin's routes only).
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  /**
   * What Stripe says the event's PaymentIntent is now (decision 707), read before the transaction
   * (never a gateway call under a row lock, decision 216), and only for a new event about one of our
   * orders. A failure is thrown as the gateway's error (503): Stripe sends the event again later.
   */
  async function currentIntent(event: Stripe.Event): Promise<CurrentIntent | undefined> {
    if (!INTENT_EVENTS.has(event.type)) return undefined;
    const intent = paymentIntentOf(event);
    if (!intent.id) return undefined;
    const db = deps.db.writer;
    const seen = await db.selectFrom('stripe_webhook_events').select('event_id').where('event_id', '=', event.id).executeTakeFirst();
    const order = seen ? undefined : await findOrder(db, intent.id, intent.orderId);
    if (!order) return undefined;
    const id = intent.id;
    return countedPaymentCall(deps.payments, 'retrieve', () => stripe.paymentIntents.retrieve(id).catch(unavailableUnlessAnswered), {
      order: order.id,
      reference: id,
    });
  }

  app.post('/webhooks/stripe', { schema: { hide: true } }, async (request, reply) => {
    const signature = request.headers['stripe-signature'];
    if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) {
      throw new AppError(400, 'bad_signature', 'Missing Stripe-Signature header or body.');
    }
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(request.body, signature, secret);
    } catch {
      throw new AppError(400, 'bad_signature', 'The Stripe signature does not match.');
    }

    const current = await currentIntent(event);
    // Guarded by the event id (a re-run after a lost COMMIT answer finds it recorded: "duplicate").
    const outcome = await write(
      deps.db.writer,
      async (trx) => {
        const fresh = await trx
          .insertInto('stripe_webhook_events')
          .values({ event_id: event.id, type: event.type, payload: jsonb(event) })
          .onConflict((oc) => oc.column('event_id').doNothing())
          .returning('event_id')
          .executeTakeFirst();
        if (!fresh) return 'duplicate';
        const result = await handleStripeEvent(trx, event, { now: deps.clock(), checkinWindowMs: deps.config.checkinWindowMs, current });
        await trx.updateTable('stripe_webhook_events').set({ processed_at: deps.clock(), result }).where('event_id', '=', event.id).execute();
        return result;
      },
      { guardedBy: 'idempotency key' },
    );
    request.log.info({ stripeEvent: event.id, type: event.type, outcome }, 'stripe webhook');
    return reply.code(200).send({ received: true, duplicate: outcome === 'duplicate' });
  });
}
