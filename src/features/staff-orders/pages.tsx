// The staff's order pages under /staff/:store/: needs attention, the order lookup, one order, and
// its actions (refund, paid at the till, cancel), each a form with Post/Redirect/Get. Every route
// names its permission; an order of another store is not found, whatever the URL says.
import { MAX_LINES } from '../../domain/limits.js';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { can } from '../../domain/permissions.js';
import { formRoute } from '../../web/form-route.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { failure, success } from '../../web/message.js';
import { getStore } from '../../db/stores.js';
import { read } from '../../db/unit-of-work.js';
import { cancelUnpaid, loadOrderDetail, markPaidAtTill, REFUND_REASON_MAX, refundOrder } from '../orders/index.js';
import { actorNames, loadAttention, lookupOrders } from './queries.js';
import { AttentionPage, LookupPage, OrderPage, type RefundForm } from './views.js';

type StoreParams = { store: string };
type OrderParams = { store: string; id: string };

const RefundFormSchema = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: REFUND_REASON_MAX }),
  scope: Type.Union([Type.Literal('lines'), Type.Literal('all')]),
  qty: Type.Optional(Type.Record(Type.String({ pattern: '^[0-9]{1,12}$' }), Type.Integer({ minimum: 0, maximum: 20 }), { maxProperties: MAX_LINES })),
  idempotencyKey: Type.Optional(Type.String({ maxLength: 100 })),
});

const CancelForm = Type.Object({ confirm: Type.Optional(Type.Literal('yes')) });

export async function staffOrderPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  /** The order, only if it is this store's (404 otherwise: another store's order is not revealed). */
  async function storeOrder(storeSlug: string, id: string) {
    const store = await getStore(db, storeSlug);
    const detail = await read(db, (r) => loadOrderDetail(r, id));
    if (!detail || detail.order.storeId !== store.id) throw new NotFoundError('Order');
    return { store, detail };
  }

  async function orderPage(request: FastifyRequest<{ Params: OrderParams }>, reply: FastifyReply, form?: RefundForm) {
    const { store, detail } = await storeOrder(request.params.store, request.params.id);
    const scope = { storeId: store.id };
    const [ctx, actors, user] = await Promise.all([
      pageContext(deps, request, reply),
      actorNames(
        db,
        detail.events.map((e) => e.actor),
      ),
      db.selectFrom('users').select(['first_name', 'last_name']).where('id', '=', detail.order.userId).executeTakeFirstOrThrow(),
    ]);
    const refundLine = Number((request.query as { refundLine?: string } | undefined)?.refundLine);
    const line = detail.lines.find((l) => l.id === refundLine);
    const refundForm: RefundForm = form ?? {
      reason: line ? `${line.name} sold out after payment` : '',
      quantities: line ? { [line.id]: line.quantity } : {},
      idempotencyKey: randomUUID(),
    };
    return (
      <OrderPage
        ctx={ctx}
        store={store}
        detail={detail}
        customer={`${user.first_name} ${user.last_name}`}
        actors={actors}
        canRefund={can(request.user, 'order.refund', scope)}
        canSettle={can(request.user, 'order.advance', scope)}
        refundForm={refundForm}
      />
    );
  }

  app.get<{ Params: StoreParams }>('/staff/:store/attention', { preValidation: storeGuard('queue.view') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const now = deps.clock();
    const [ctx, attention] = await Promise.all([pageContext(deps, request, reply), read(db, (r) => loadAttention(r, store.id, now))]);
    return sendPage(
      reply,
      <AttentionPage ctx={ctx} store={store} attention={attention} now={now} canRefund={can(request.user, 'order.refund', { storeId: store.id })} />,
    );
  });

  app.get<{ Params: StoreParams; Querystring: { q?: string } }>(
    '/staff/:store/orders',
    { preValidation: storeGuard('queue.view'), schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }) } },
    async (request, reply) => {
      const store = await getStore(db, request.params.store);
      const query = (request.query.q ?? '').trim();
      const [ctx, orders] = await Promise.all([pageContext(deps, request, reply), read(db, (r) => lookupOrders(r, store.id, query))]);
      return sendPage(reply, <LookupPage ctx={ctx} store={store} query={query} orders={orders} />);
    },
  );

  app.get<{ Params: OrderParams }>('/staff/:store/orders/:id', { preValidation: storeGuard('queue.view') }, async (request, reply) =>
    sendPage(reply, await orderPage(request, reply)),
  );

  app.post<{ Params: OrderParams }>(
    '/staff/:store/orders/:id/refunds',
    { preValidation: storeGuard('order.refund') },
    formRoute({
      schema: RefundFormSchema,
      messages: { reason: 'Say why the order is refunded.', 'qty.*': 'Choose a quantity from 0 to 20.', scope: 'Choose what to refund.' },
      async action({ reason, scope, qty = {}, idempotencyKey }, request) {
        const { store, detail } = await storeOrder(request.params.store, request.params.id);
        const lines = Object.entries(qty)
          .filter(([, quantity]) => quantity > 0)
          .map(([lineId, quantity]) => ({ lineId: Number(lineId), quantity }));
        if (scope === 'lines' && lines.length === 0) throw new ValidationError({ qty: 'Choose how many of an item to refund, or refund everything left.' });
        const { refund } = await refundOrder(deps, request.user, detail.order.id, { reason, lines: scope === 'all' ? undefined : lines, idempotencyKey });
        const method = refund.method === 'cash' ? 'Give it back in cash.' : 'It goes back to the card.';
        return {
          redirect: `/staff/${store.slug}/orders/${detail.order.id}`,
          flash: success(`Refunded £${(refund.amountPence / 100).toFixed(2)} on order ${detail.order.number}. ${method}`),
        };
      },
      // A 409 (nothing left, or a refund made at the same moment) is shown on the form too.
      rerender: (error) => error.status === 409,
      async invalid(request, reply, { values, errors, message, partial }) {
        const quantities: Record<number, number> = {};
        for (const [key, value] of Object.entries(values)) {
          const m = /^qty\.(\d+)$/.exec(key);
          if (m) quantities[Number(m[1])] = Number(value) || 0;
        }
        const form: RefundForm = {
          reason: values['reason'] ?? '',
          quantities,
          idempotencyKey: partial.idempotencyKey ?? randomUUID(),
          errors: Object.keys(errors).length > 0 ? errors : { form: message },
        };
        return orderPage(request, reply, form);
      },
    }),
  );

  app.post<{ Params: OrderParams }>('/staff/:store/orders/:id/pay-at-till', { preValidation: storeGuard('order.advance') }, async (request, reply) => {
    const { store, detail } = await storeOrder(request.params.store, request.params.id);
    const order = await markPaidAtTill(deps, request.user, detail.order.id);
    return redirectWithFlash(
      reply,
      `/staff/${store.slug}/orders/${order.id}`,
      success(`Order ${order.number} is paid at the till and on the queue. The card hold is released.`),
    );
  });

  app.post<{ Params: OrderParams }>(
    '/staff/:store/orders/:id/cancel',
    { preValidation: storeGuard('order.advance') },
    formRoute({
      schema: CancelForm,
      async action({ confirm }, request) {
        const { store, detail } = await storeOrder(request.params.store, request.params.id);
        if (confirm !== 'yes') {
          return {
            redirect: `/staff/${store.slug}/orders/${detail.order.id}`,
            flash: `Order ${detail.order.number} was not cancelled: tick "Yes, cancel" first.`,
          };
        }
        const order = await cancelUnpaid(deps, request.user, detail.order.id);
        return {
          redirect: `/staff/${store.slug}/attention`,
          flash: success(`Order ${order.number} is cancelled and the card hold released. The customer is emailed.`),
        };
      },
      invalid: (request) => ({
        redirect: `/staff/${request.params.store}/orders/${request.params.id}`,
        flash: failure('Tick "Yes, cancel" to cancel the order.'),
      }),
    }),
  );
}
