// HTML routes for orders: place (from checkout), the order page, "I'm here",
// cancel and order again — Post/Redirect/Get throughout.
import { declareFormSchema } from '../../web/route-catalogue.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { authorize } from '../../domain/permissions.js';
import Type from 'typebox';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { failure, type Flash, info, success } from '../../web/message.js';
import { sentences } from '../../domain/words.js';
import { requireUser } from '../../web/session.js';
import { type CheckoutProblem, showCheckout } from './checkout-page.js';
import { PaymentForm } from './payment-form.js';
import { payAgain } from './pay-again.js';
import type { OrderDetail } from './model.js';
import type { PageContext } from '../../web/layout.js';
import { formatPence } from '../../domain/money.js';
import { cancelOrder, checkIn } from './customer-actions.js';
import { PlaceBody } from './api.js';
import { choosePayment } from './payment-choice.js';
import { listSavedCards, type SavedCard } from '../saved-cards/index.js';
import { placeOrder } from './place-order.js';
import { isOrderId, loadOrderDetail } from './queries.js';
import { orderSource } from './reorder.js';
import { OrderAgainBody, orderAgainFromPage } from './order-again-page.js';
import { CancelOrderPage, OrderPage } from './views.js';
import { nextState } from '../../domain/order-lifecycle.js';
import { changeTrigger, triggerChoice } from './triggers.js';
import { orderTiming } from './order-timing.js';
import { favouriteKeys } from '../../db/favourite-keys.js';

/** What the customer does next, by how making starts. */
function placedWords(kind: 'here' | 'on_my_way' | 'pickup'): string {
  if (kind === 'on_my_way') return 'We start making it so it is ready when you arrive, and charge your card then.';
  if (kind === 'pickup') return 'We start making it in time for your pickup time, and charge your card then.';
  return 'Tap "I\'m here" when you reach the store.';
}

type IdParams = { Params: { id: string } };

const lineProducts = (detail: OrderDetail) => [...new Set(detail.lines.map((line) => line.product))];

const canCustomerCancel = (state: Parameters<typeof nextState>[0]) => nextState(state, 'cancel', 'customer') !== null;

/** The checkout form: the API's payment fields under the names the page uses, and the page's idempotency key. */
const payment = PlaceBody.properties.payment.properties;
const PlaceOrderForm = Type.Object({
  idempotencyKey: Type.String({ maxLength: 255 }),
  cardNumber: payment.card,
  expiry: payment.expiry,
  cvc: payment.cvc,
  paymentMethod: payment.paymentMethod,
  savedCard: Type.Optional(Type.String({ maxLength: 12 })),
  saveCard: Type.Boolean({ default: false }),
  note: PlaceBody.properties.note,
  when: Type.Optional(Type.Union([Type.Literal('here'), Type.Literal('on_my_way'), Type.Literal('pickup')])),
  arrivalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 180 })),
  pickupSlot: Type.Optional(Type.String({ maxLength: 40 })),
});

/** The order page's "change when we start" form. */
const TimingForm = Type.Object({
  when: Type.Union([Type.Literal('here'), Type.Literal('on_my_way'), Type.Literal('pickup')]),
  arrivalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 180 })),
  pickupSlot: Type.Optional(Type.String({ maxLength: 40 })),
});

const TIMING_MESSAGES = {
  when: 'Choose when we should start making your order.',
  arrivalMinutes: 'Enter how many minutes until you arrive, from 1 to 180.',
  pickupSlot: 'Choose a pickup time from the list.',
};

export async function orderPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.post(
    '/orders',
    formRoute({
      schema: PlaceOrderForm,
      messages: TIMING_MESSAGES,
      // Refusals shown on the checkout page (402) or back at the basket (409), not on an error page.
      rerender: (error) => error.status === 402 || error.status === 409,
      async action(form, request) {
        const user = requireUser(request);
        const outcome = await placeOrder(deps, user, {
          idempotencyKey: form.idempotencyKey,
          payment: await choosePayment(deps, user.id, {
            card: form.cardNumber,
            expiry: form.expiry,
            cvc: form.cvc,
            paymentMethod: form.paymentMethod,
            savedCard: form.savedCard,
          }),
          saveCard: form.saveCard,
          note: form.note,
          trigger: triggerChoice({ kind: form.when, arrivalMinutes: form.arrivalMinutes, slot: form.pickupSlot }),
        });
        const flash =
          outcome.status === 'authorised'
            ? success(`Order ${outcome.order.number} placed. ${placedWords(outcome.order.trigger_kind)}`)
            : info('Your bank needs you to confirm this payment.');
        return { redirect: `/orders/${outcome.order.id}`, flash };
      },
      // Every refusal shows checkout again with what was typed (card details too: the page is
      // no-store and goes only to this customer), so nothing has to be typed twice (decision 315).
      invalid(request, reply, { status, errors, message, values }) {
        const card = { number: values['cardNumber'], expiry: values['expiry'], cvc: values['cvc'] };
        const note = values['note'] ?? '';
        // The choice of when making starts is kept on every refusal, a declined card's too.
        const timing = { when: values['when'], arrivalMinutes: values['arrivalMinutes'], pickupSlot: values['pickupSlot'] };
        if (status === 402) {
          // The bank refused that card: its details are of no more use, and the next try is another card.
          return showCheckout(deps, request, reply, {
            status,
            message: sentences(message, 'You have not been charged. Please try another card'),
            note,
            timing,
          });
        }
        return showCheckout(deps, request, reply, {
          status,
          errors,
          message,
          card,
          note,
          timing,
          savedCard: values['savedCard'],
          saveCard: values['saveCard'] === 'on',
        });
      },
    }),
  );

  app.get<IdParams>('/orders/:id', async (request, reply) => {
    const user = requireUser(request);
    const detail = isOrderId(request.params.id) ? await loadOrderDetail(deps.db.pageReads, request.params.id) : undefined;
    if (!detail) throw new NotFoundError('Order');
    authorize(user, 'order.customer', { ownerId: detail.order.userId });
    const pending = detail.order.state === 'authorising' && detail.order.paymentReference && deps.payments.clientSecret;
    // Without the secret the page still shows the order and its state; the customer can reload.
    const clientSecret = pending
      ? await deps.payments.clientSecret!(detail.order.paymentReference!).catch((error: unknown) => {
          request.log.warn({ err: error, orderId: detail.order.id }, 'could not fetch the 3-D Secure client secret');
          return null;
        })
      : null;
    const ctx = await pageContext(deps, request, reply);
    const timing = await orderTiming(deps.db.writer, detail.order, deps.clock());
    const cards = detail.order.state === 'needs_payment' ? await listSavedCards(deps, user.id, deps.db.pageReads) : [];
    const favourites = await favouriteKeys(deps.db.pageReads, user.id, lineProducts(detail));
    return sendPage(
      reply,
      <OrderPage
        ctx={ctx}
        detail={detail}
        clientSecret={clientSecret}
        stripeKey={deps.config.stripePublishableKey}
        payAgain={payAgainForm(ctx, detail, cards)}
        timing={timing}
        vatNumber={deps.config.vatNumber}
        favourites={favourites}
      />,
    );
  });

  /** "Pay with another card" on the order page of an order waiting for payment (decision 317). */
  function payAgainForm(ctx: PageContext, detail: OrderDetail, cards: SavedCard[], problem?: CheckoutProblem & { savedCard?: string | undefined }) {
    if (detail.order.state !== 'needs_payment') return undefined;
    return (
      <PaymentForm
        ctx={ctx}
        savedCards={cards}
        chosenCard={problem?.savedCard}
        totalPence={detail.order.totalPence}
        gateway={deps.config.paymentGateway}
        stripePublishableKey={deps.config.stripePublishableKey}
        errors={problem?.errors}
        message={problem?.message}
        card={problem?.card}
        action={`/orders/${detail.order.id}/pay`}
        offerSave
        saveChecked={problem?.saveCard}
        heading="Pay with another card"
        submitLabel={`Pay ${formatPence(detail.order.totalPence)}`}
        note={`We charge ${formatPence(detail.order.totalPence)} to this card now, and your order goes to the baristas.`}
      />
    );
  }

  app.post<IdParams>(
    '/orders/:id/pay',
    formRoute({
      schema: PlaceOrderForm,
      // Refusals are shown on the order page again, with what was typed (a declined card's details aside).
      rerender: (error) => error.status === 402 || error.status === 409,
      async action(form, request) {
        const order = await payAgain(deps, requireUser(request), request.params.id, {
          idempotencyKey: form.idempotencyKey,
          payment: await choosePayment(deps, requireUser(request).id, {
            card: form.cardNumber,
            expiry: form.expiry,
            cvc: form.cvc,
            paymentMethod: form.paymentMethod,
            savedCard: form.savedCard,
          }),
          saveCard: form.saveCard,
        });
        const to = `/orders/${order.id}`;
        // Refused again: the page's own "We couldn't take the payment" names the new reason; a flash saying it too would say it twice.
        if (order.state === 'needs_payment') return { redirect: to };
        return { redirect: to, flash: success(`Paid with the card ending ${order.card_last4 ?? '…'} — your order is being made.`) };
      },
      async invalid(request, reply, { status, errors, message, values }) {
        const user = requireUser(request);
        const detail = isOrderId(request.params.id) ? await loadOrderDetail(deps.db.writer, request.params.id) : undefined;
        if (!detail) throw new NotFoundError('Order');
        authorize(user, 'order.customer', { ownerId: detail.order.userId });
        // No longer waiting for payment (paid at the till, cancelled): its page says what happened.
        if (detail.order.state !== 'needs_payment') return { redirect: `/orders/${detail.order.id}`, flash: failure(message) };
        const card = status === 402 ? undefined : { number: values['cardNumber'], expiry: values['expiry'], cvc: values['cvc'] };
        const ctx = await pageContext(deps, request, reply);
        const cards = await listSavedCards(deps, user.id);
        const favourites = await favouriteKeys(deps.db.writer, user.id, lineProducts(detail));
        return (
          <OrderPage
            ctx={ctx}
            detail={detail}
            favourites={favourites}
            payAgain={payAgainForm(ctx, detail, cards, {
              status,
              errors,
              message,
              card,
              savedCard: values['savedCard'],
              saveCard: values['saveCard'] === 'on',
            })}
          />
        );
      },
    }),
  );

  /** Runs a customer action and goes back to the order page, with a flash unless the page itself says what happened. */
  async function act(reply: FastifyReply, orderId: string, work: () => Promise<Flash | null>) {
    try {
      const flash = await work();
      return flash === null ? reply.redirect(`/orders/${orderId}`, 303) : redirectWithFlash(reply, `/orders/${orderId}`, flash);
    } catch (error) {
      if (error instanceof AppError && (error.status === 409 || error.status === 503))
        return redirectWithFlash(reply, `/orders/${orderId}`, failure(error.message));
      throw error;
    }
  }

  app.post<IdParams>('/orders/:id/check-in', async (request, reply) => {
    requireUser(request);
    return act(reply, request.params.id, async () => {
      const order = await checkIn(deps, request.user, request.params.id);
      if (order.state === 'paid') return success('Payment taken — your order is being made.');
      // The page says it (an error with the reason and the next step, and the pay-again form): once is enough.
      if (order.state === 'needs_payment') return null;
      return info('You are checked in.');
    });
  });

  // The question before the cancel (a page, so it works without JavaScript). An order that can no
  // longer be cancelled goes back to its page, which says where it is up to.
  app.get<IdParams>('/orders/:id/cancel', async (request, reply) => {
    const user = requireUser(request);
    const detail = isOrderId(request.params.id) ? await loadOrderDetail(deps.db.writer, request.params.id) : undefined;
    if (!detail) throw new NotFoundError('Order');
    authorize(user, 'order.customer', { ownerId: detail.order.userId });
    if (!canCustomerCancel(detail.order.state)) {
      return redirectWithFlash(reply, `/orders/${detail.order.id}`, info('This order can no longer be cancelled.'));
    }
    return sendPage(reply, <CancelOrderPage ctx={await pageContext(deps, request, reply)} detail={detail} />);
  });

  app.post<IdParams>(
    '/orders/:id/trigger',
    formRoute<typeof TimingForm, IdParams>({
      schema: TimingForm,
      messages: TIMING_MESSAGES,
      rerender: (error) => error.status === 409,
      async action(form, request) {
        const order = await changeTrigger(
          deps,
          request.user,
          request.params.id,
          triggerChoice({ kind: form.when, arrivalMinutes: form.arrivalMinutes, slot: form.pickupSlot }),
        );
        return { redirect: `/orders/${order.id}`, flash: success(`Changed. ${placedWords(order.trigger_kind)}`) };
      },
      invalid(request, _reply, { errors, message }) {
        // Only an order's own page to go back to: an id that is none (say, non-ASCII) is no Location header (decision 521).
        if (!isOrderId(request.params.id)) throw new NotFoundError('Order');
        return { redirect: `/orders/${request.params.id}`, flash: failure(Object.values(errors)[0] ?? message) };
      },
    }),
  );

  app.post<IdParams>('/orders/:id/cancel', async (request, reply) => {
    requireUser(request);
    return act(reply, request.params.id, async () => {
      await cancelOrder(deps, request.user, request.params.id);
      return success('Order cancelled. The hold on your card has been released.');
    });
  });

  app.post<IdParams>(
    '/orders/:id/reorder',
    declareFormSchema(async (request, reply) => {
      const source = await orderSource(deps, requireUser(request), request.params.id);
      return orderAgainFromPage(deps, request, reply, { source, action: `/orders/${request.params.id}/reorder`, back: `/orders/${request.params.id}` });
    }, OrderAgainBody),
  );
}
