// HTML routes for orders: place (from checkout), the order page, "I'm here",
// cancel and order again — Post/Redirect/Get throughout.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { AppError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/permissions.js';
import { formString } from '../../web/forms.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { showCheckout } from './checkout-page.js';
import { cancelOrder, checkIn } from './customer-actions.js';
import { placeOrder } from './place-order.js';
import { isOrderId, loadOrderDetail } from './queries.js';
import { reorder, reorderMessage } from './reorder.js';
import { OrderPage } from './views.js';

type IdParams = { Params: { id: string } };

export async function orderPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.post('/orders', async (request, reply) => {
    const user = requireUser(request);
    const body = request.body;
    const paymentMethod = formString(body, 'paymentMethod');
    const expiry = formString(body, 'expiry');
    try {
      const outcome = await placeOrder(deps, user, {
        idempotencyKey: formString(body, 'idempotencyKey'),
        payment: paymentMethod
          ? { kind: 'payment-method', paymentMethodId: paymentMethod }
          : { kind: 'card', card: { number: formString(body, 'cardNumber'), expiry, cvc: formString(body, 'cvc') } },
      });
      const flash = outcome.status === 'authorised'
        ? `Order ${outcome.order.number} placed. Tap "I'm here" when you reach the store.`
        : 'Your bank needs you to confirm this payment.';
      return redirectWithFlash(reply, `/orders/${outcome.order.id}`, flash);
    } catch (error) {
      // The card number is never echoed back; the expiry is harmless to keep.
      if (error instanceof ValidationError) return showCheckout(deps, request, reply, { status: 400, errors: error.fields, message: error.message, expiry });
      if (error instanceof AppError && error.status === 402) return showCheckout(deps, request, reply, { status: 402, message: `${error.message} You have not been charged; please try another card.` });
      if (error instanceof AppError && error.status === 409) return redirectWithFlash(reply, '/basket', error.message);
      throw error;
    }
  });

  app.get<IdParams>('/orders/:id', async (request, reply) => {
    const user = requireUser(request);
    const detail = isOrderId(request.params.id) ? await loadOrderDetail(deps.db.writer, request.params.id) : undefined;
    if (!detail) throw new NotFoundError('Order');
    authorize(user, 'order.customer', { ownerId: detail.order.userId });
    const pending = detail.order.state === 'authorising' && detail.order.paymentReference && deps.payments.clientSecret;
    const clientSecret = pending ? await deps.payments.clientSecret!(detail.order.paymentReference!).catch(() => null) : null;
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <OrderPage ctx={ctx} detail={detail} clientSecret={clientSecret} stripeKey={deps.config.stripePublishableKey} />);
  });

  async function act(reply: FastifyReply, orderId: string, work: () => Promise<string>) {
    try {
      return redirectWithFlash(reply, `/orders/${orderId}`, await work());
    } catch (error) {
      if (error instanceof AppError && (error.status === 409 || error.status === 503)) return redirectWithFlash(reply, `/orders/${orderId}`, error.message);
      throw error;
    }
  }

  app.post<IdParams>('/orders/:id/check-in', async (request, reply) => {
    requireUser(request);
    return act(reply, request.params.id, async () => {
      const order = await checkIn(deps, request.user, request.params.id);
      if (order.state === 'paid') return 'Payment taken — your order is being made.';
      if (order.state === 'payment_failed') return 'We could not take the payment. Please see a member of staff.';
      return 'You are checked in.';
    });
  });

  app.post<IdParams>('/orders/:id/cancel', async (request, reply) => {
    requireUser(request);
    return act(reply, request.params.id, async () => {
      await cancelOrder(deps, request.user, request.params.id);
      return 'Order cancelled. The hold on your card has been released.';
    });
  });

  app.post<IdParams>('/orders/:id/reorder', async (request, reply) => {
    const user = requireUser(request);
    const result = await reorder(deps, user, request.params.id);
    return redirectWithFlash(reply, '/basket', reorderMessage(result));
  });
}
