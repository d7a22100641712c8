// JSON API for orders: place (with Idempotency-Key), read, check in, cancel,
// the live event stream, and the staff steps ready / collected.
import { MAX_ID } from '../../domain/limits.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { NotFoundError, PaymentDeclinedError, ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/permissions.js';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_MAX_LENGTH } from '../../domain/idempotency-key.js';
import { errors } from '../../web/schemas.js';
import { BODY_OPTIONAL } from '../../web/openapi.js';
import { sseResponse } from '../../web/openapi.js';
import { requireUser } from '../../web/session.js';
import { cancelOrder, checkIn } from './customer-actions.js';
import { streamOrderEvents } from './live-stream.js';
import { LiveOrderEventJson, OrderJson, orderJson } from './order-json.js';
import { NOTE_MAX_LENGTH, placeOrder } from './place-order.js';
import { payAgain } from './pay-again.js';
import { listUserOrders, loadOrderDetail } from './queries.js';
import { reorder } from './reorder.js';
import { choosePayment } from './payment-choice.js';
import { orderAgainJson, orderAgainRoute } from './order-again-json.js';
import { viewBasket } from '../basket/index.js';
import { read } from '../../db/unit-of-work.js';
import { sentences } from '../../domain/words.js';
import { changeTrigger, pickupOffer, TriggerBody, triggerChoice } from './triggers.js';
import { getStore } from '../../db/stores.js';
import { loadStoreQueue, oneDrinkLoad, orderLoad, storeEtaNow } from '../../db/store-eta.js';
import { etaMinutes } from '../../domain/order-eta.js';
import { isOpen } from '../../domain/store.js';

const auth = { security: [{ bearer: [] }] };
/** The next step after a refused capture (decision 317). */
const PAY_AGAIN_HINT = 'Pay with another card (POST /api/v1/orders/{id}/pay) or at the till';
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }) });

const RequiredIdempotencyKey = Type.Object({
  'idempotency-key': Type.String({
    pattern: IDEMPOTENCY_KEY.source,
    description: 'A fresh key for each new order (8–255 letters, digits, . _ : -); the same key again is the same order.',
  }),
});

/** The customer's note to the barista: shown prominently on the ticket and the kitchen display. */
export const OrderNote = Type.String({
  maxLength: NOTE_MAX_LENGTH,
  description: `A note to the barista, e.g. an allergy (up to ${NOTE_MAX_LENGTH} characters; blank means none)`,
});

export const PlaceBody = Type.Object(
  {
    payment: Type.Object(
      {
        card: Type.Optional(Type.String({ maxLength: 30, description: 'Card number (simulated gateway; Stripe test mode: test card numbers)' })),
        expiry: Type.Optional(Type.String({ maxLength: 7, description: 'MM/YY' })),
        cvc: Type.Optional(Type.String({ maxLength: 4 })),
        paymentMethod: Type.Optional(
          Type.String({
            maxLength: 255,
            description: 'A Stripe PaymentMethod id from Stripe Elements (or the Express Checkout Element: Apple Pay, Google Pay)',
          }),
        ),
        savedCard: Type.Optional(
          Type.Integer({ minimum: 1, maximum: MAX_ID, description: 'Pay with one of your saved cards (GET /api/v1/account/cards) instead of card details' }),
        ),
        save: Type.Optional(Type.Boolean({ description: 'Save this (new) card for next time, if the hold succeeds: brand, last 4 and expiry only' })),
      },
      { additionalProperties: false },
    ),
    note: Type.Optional(OrderNote),
    trigger: Type.Optional(TriggerBody),
  },
  { additionalProperties: false },
);

/** "I'm on my way" on the check-in route: the customer's arrival estimate; no body is "I'm here". */
const CheckInBody = Type.Object(
  { arrivalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 180, description: "I'm on my way: minutes until you arrive" })) },
  // No body at all is allowed too (the route's preValidation fills one in): web/openapi.ts says so.
  { additionalProperties: false, $comment: BODY_OPTIONAL },
);

/** Card problems are reported against the API's own field names (`payment.card`). */
function namePaymentFields(error: unknown): never {
  if (error instanceof ValidationError && error.fields) {
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([k, v]) => [['card', 'expiry', 'cvc', 'savedCard'].includes(k) ? `payment.${k}` : k, v]),
    );
    throw new ValidationError(fields, error.message);
  }
  throw error;
}

export async function ordersApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;

  /** The answer to a write: a read, re-run on transient errors so a committed change is never answered with a 503. */
  async function detail(order: OrderRow | string) {
    const found = await read(db, (r) => loadOrderDetail(r, typeof order === 'string' ? order : order.id));
    if (!found) throw new NotFoundError('Order');
    return orderJson(found);
  }

  app.post(
    '/api/v1/orders',
    {
      // The handler checks the key itself, to answer 400 naming `Idempotency-Key`; the document says it is required.
      config: { swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, headers: RequiredIdempotencyKey }, url }) },
      schema: {
        tags: ['orders'],
        summary: 'Place the basket as an order; the card is held, charged when making starts',
        ...auth,
        description:
          'Send a fresh Idempotency-Key per order: repeating a request with the same key returns the same order and never holds the card twice. ' +
          '`trigger` says when making starts (and the card is charged): `here` (default: when you check in), `on_my_way` with `arrivalMinutes` (ready when you arrive), or `pickup` with a `slot` from `GET /api/v1/stores/{slug}/pickup-times` (a closed store takes pickup orders for after it opens).',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: IDEMPOTENCY_KEY_MAX_LENGTH })) }),
        body: PlaceBody,
        response: {
          201: Type.Object({ order: OrderJson }),
          202: Type.Object({
            order: OrderJson,
            nextAction: Type.Object({ type: Type.Literal('use_stripe_sdk'), clientSecret: Type.Union([Type.String(), Type.Null()]) }),
          }),
          ...errors(400, 401, 402, 409, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const outcome = await placeOrder(deps, user, {
        idempotencyKey: request.headers['idempotency-key'] ?? '',
        payment: await choosePayment(deps, user.id, request.body.payment).catch(namePaymentFields),
        saveCard: request.body.payment.save === true,
        note: request.body.note,
        trigger: triggerChoice(request.body.trigger ?? {}),
      }).catch(namePaymentFields);
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      if (outcome.status === 'requires_action') {
        const clientSecret = (await deps.payments.clientSecret?.(outcome.order.payment_reference!)) ?? null;
        return reply.code(202).send({ order: await detail(outcome.order), nextAction: { type: 'use_stripe_sdk' as const, clientSecret } });
      }
      return reply.code(201).send({ order: await detail(outcome.order) });
    },
  );

  app.get(
    '/api/v1/orders',
    {
      schema: { tags: ['orders'], summary: 'Your orders, newest first', ...auth, response: { 200: Type.Array(OrderJson), ...errors(401) } },
    },
    async (request) => {
      const user = requireUser(request);
      return (await listUserOrders(db, user.id)).map(orderJson);
    },
  );

  app.get(
    '/api/v1/orders/:id',
    {
      schema: { tags: ['orders'], summary: 'One order with its events', ...auth, params: IdParams, response: { 200: OrderJson, ...errors(400, 401, 404) } },
    },
    async (request) => {
      const found = await loadOrderDetail(db, request.params.id);
      if (!found) throw new NotFoundError('Order');
      authorize(request.user, 'order.view', { ownerId: found.order.userId, storeId: found.order.storeId });
      return orderJson(found);
    },
  );

  app.get(
    '/api/v1/orders/:id/events',
    {
      schema: {
        tags: ['orders'],
        summary: 'Live order events (Server-Sent Events; Last-Event-ID resumes)',
        description: "With `queue=true`, also an id-less `queue` event whenever the store's queue moves (the order's ready time may have changed).",
        ...auth,
        params: IdParams,
        // Query strings are text and the app's Ajv does not coerce: `queue=true` arrives as the string.
        querystring: Type.Object({ queue: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }),
        response: {
          200: sseResponse(
            "The order, live: on connect its latest event (after Last-Event-ID: every later one), then each change. With `queue=true`, also an id-less `queue` event whenever the store's queue moves (the order's ready time may have changed).",
            {
              order: LiveOrderEventJson,
            },
          ),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const found = await loadOrderDetail(db, request.params.id);
      if (!found) throw new NotFoundError('Order');
      authorize(request.user, 'order.view', { ownerId: found.order.userId, storeId: found.order.storeId });
      await streamOrderEvents(deps, request, reply, found.order, { queue: request.query.queue === 'true' });
    },
  );

  app.post(
    '/api/v1/orders/:id/check-in',
    {
      schema: {
        tags: ['orders'],
        summary: "I'm here: charge the held card (once, however often it is sent); or, with arrivalMinutes, I'm on my way",
        description:
          "Without a body: I'm here, making starts now. With `arrivalMinutes`: I'm on my way; making starts so the order is ready when you arrive (or at once), and the card is charged then.",
        ...auth,
        params: IdParams,
        body: CheckInBody,
        response: { 200: OrderJson, ...errors(400, 401, 402, 404, 409, 503) },
      },
      // A tap with no body at all is "I'm here", as it always was.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const arrivalMinutes = request.body.arrivalMinutes;
      if (arrivalMinutes !== undefined) return detail(await changeTrigger(deps, request.user, request.params.id, { kind: 'on_my_way', arrivalMinutes }));
      const order = await checkIn(deps, request.user, request.params.id);
      if (order.state === 'needs_payment') {
        throw new PaymentDeclinedError(sentences(order.payment_failure ?? 'The payment failed', PAY_AGAIN_HINT), 'capture_failed');
      }
      return detail(order);
    },
  );

  app.post(
    '/api/v1/orders/:id/pay',
    {
      schema: {
        tags: ['orders'],
        summary: 'Pay with another card for an order waiting for payment (needs_payment): a new hold, then its capture',
        description:
          'For an order whose capture was refused. Send a fresh Idempotency-Key per attempt: repeating a request with the same key answers with the order it paid. ' +
          '402: the new card was refused (the order still waits for payment; try another card) or its capture was refused too. ' +
          '409: the order is not waiting for payment (paid at the till, cancelled, expired) — a new hold made meanwhile is released — or another payment for it is in progress.',
        ...auth,
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: IDEMPOTENCY_KEY_MAX_LENGTH })) }),
        body: PlaceBody,
        response: { 200: OrderJson, ...errors(400, 401, 402, 404, 409, 503) },
      },
    },
    async (request) => {
      const order = await payAgain(deps, request.user, request.params.id, {
        idempotencyKey: request.headers['idempotency-key'] ?? '',
        payment: await choosePayment(deps, requireUser(request).id, request.body.payment).catch(namePaymentFields),
        saveCard: request.body.payment.save === true,
      }).catch(namePaymentFields);
      if (order.state === 'needs_payment') {
        throw new PaymentDeclinedError(sentences(order.payment_failure ?? 'The payment failed', PAY_AGAIN_HINT), 'capture_failed');
      }
      return detail(order);
    },
  );

  app.get(
    '/api/v1/stores/:store/pickup-times',
    {
      schema: {
        tags: ['orders'],
        summary: 'Pickup times you can choose now at a store (full slots left out), and the ETA if made now, for your basket',
        ...auth,
        params: Type.Object({ store: Type.String({ maxLength: 120 }) }),
        response: {
          200: Type.Object({
            store: Type.String(),
            open: Type.Boolean(),
            /** If making started now: minutes, and the ready time. */
            eta: Type.Object({ minutes: Type.Integer(), readyAt: Type.String({ format: 'date-time' }) }),
            busy: Type.Union([
              Type.Object({ extraMinutes: Type.Integer(), until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }),
              Type.Null(),
            ]),
            /** The slots are on the next opening day (the store is closed now, or has no time left today). */
            laterDay: Type.Boolean(),
            slots: Type.Array(Type.String({ format: 'date-time' })),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const store = await getStore(db, request.params.store);
      const basket = await viewBasket(db, { userId: user.id });
      const now = deps.clock();
      const load = basket.store?.id === store.id && basket.lines.length > 0 ? await orderLoad(db, store.id, basket.lines) : await oneDrinkLoad(db, store.id);
      const queue = await loadStoreQueue(db, store.id, now);
      const offer = pickupOffer(store, queue, load, now);
      const eta = await storeEtaNow(db, store, now, load);
      reply.header('cache-control', 'no-store');
      return {
        store: store.slug,
        open: isOpen(store, now),
        eta: { minutes: etaMinutes(eta.etaMs), readyAt: eta.readyAt.toISOString() },
        busy: eta.busy ? { extraMinutes: eta.busy.extraMinutes, until: eta.busy.until?.toISOString() ?? null } : null,
        laterDay: offer.laterDay,
        slots: offer.slots.map((s) => s.toISOString()),
      };
    },
  );

  app.post(
    '/api/v1/orders/:id/trigger',
    {
      schema: {
        tags: ['orders'],
        summary: 'Change when making starts (here, on my way, or a pickup time), until the card is charged',
        ...auth,
        params: IdParams,
        body: TriggerBody,
        response: { 200: OrderJson, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => detail(await changeTrigger(deps, request.user, request.params.id, triggerChoice(request.body))),
  );

  app.post(
    '/api/v1/orders/:id/cancel',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel before check-in; the hold is released',
        ...auth,
        params: IdParams,
        response: { 200: OrderJson, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => detail(await cancelOrder(deps, request.user, request.params.id)),
  );

  app.post(
    '/api/v1/orders/:id/reorder',
    orderAgainRoute({ tag: 'orders', summary: 'Order again: the same lines back in the basket, re-checked; what cannot be made is listed', params: IdParams }),
    async (request) => {
      const user = requireUser(request);
      return orderAgainJson(deps, user.id, await reorder(deps, user, request.params.id, request.body.mode));
    },
  );
}
