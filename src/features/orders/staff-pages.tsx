// A plain page for the store's counter: paid orders to make, ready orders to
// hand over, with a button each. (The full live queue belongs to the barista feature.)
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { AppError } from '../../domain/errors.js';
import { formatPence } from '../../domain/money.js';
import { storeGuard } from '../../web/guards.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { getStore, type Store } from '../stores/queries.js';
import { storeTime } from './format.js';
import { listStoreOrders, type OrderDetail } from './queries.js';
import { markCollected, markReady } from './staff-actions.js';
import { OrderLines } from './views.js';

type Params = { Params: { store: string; id?: string } };

function StaffOrder({ ctx, detail, store }: { ctx: PageContext; detail: OrderDetail; store: Store }) {
  const { order } = detail;
  const ready = order.state === 'ready';
  return (
    <li class="staff-order" data-order-id={order.id}>
      <h3>Order {order.number} · {order.customer_first_name} {order.customer_last_initial}.</h3>
      <p class="muted">Paid {order.paid_at ? storeTime(order.paid_at, store.timezone) : ''} · {formatPence(order.total_pence)}</p>
      <OrderLines lines={detail.lines} />
      <form method="post" action={`/staff/${store.slug}/orders/${order.id}/${ready ? 'collected' : 'ready'}`} class="inline-form">
        <Csrf ctx={ctx} />
        <button type="submit" class={ready ? 'button' : 'button button--primary'}>
          {ready ? `Collected (order ${order.number})` : `Ready (order ${order.number})`}
        </button>
      </form>
    </li>
  );
}

function StaffOrdersPage({ ctx, store, orders }: { ctx: PageContext; store: Store; orders: OrderDetail[] }) {
  const paid = orders.filter((o) => o.order.state === 'paid');
  const ready = orders.filter((o) => o.order.state === 'ready');
  return (
    <Layout ctx={ctx} title={`Orders · ${store.name}`} wide head={<meta http-equiv="refresh" content="20" />}>
      <h1>Orders at {store.name}</h1>
      <section class="panel" aria-labelledby="to-make">
        <h2 id="to-make">To make ({paid.length})</h2>
        {paid.length === 0 ? <p class="muted">Nothing to make.</p> : <ol class="staff-orders">{paid.map((d) => <StaffOrder ctx={ctx} detail={d} store={store} />)}</ol>}
      </section>
      <section class="panel" aria-labelledby="to-collect">
        <h2 id="to-collect">Waiting at the counter ({ready.length})</h2>
        {ready.length === 0 ? <p class="muted">Nothing waiting.</p> : <ol class="staff-orders">{ready.map((d) => <StaffOrder ctx={ctx} detail={d} store={store} />)}</ol>}
      </section>
    </Layout>
  );
}

export async function staffOrderPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get<Params>('/staff/:store/orders', { preHandler: storeGuard('queue.view') }, async (request, reply) => {
    const store = await getStore(deps.db.writer, request.params.store);
    const orders = await listStoreOrders(deps.db.writer, store.id, ['paid', 'ready']);
    return sendPage(reply, <StaffOrdersPage ctx={await pageContext(deps, request, reply)} store={store} orders={orders} />);
  });

  for (const [step, action, done] of [['ready', markReady, 'is ready'], ['collected', markCollected, 'was collected']] as const) {
    app.post<Params>(`/staff/:store/orders/:id/${step}`, { preHandler: storeGuard('order.advance') }, async (request, reply) => {
      const back = `/staff/${request.params.store}/orders`;
      try {
        const order = await action(deps, request.user, request.params.id ?? '');
        return redirectWithFlash(reply, back, `Order ${order.number} ${done}.`);
      } catch (error) {
        if (error instanceof AppError && error.status === 409) return redirectWithFlash(reply, back, error.message);
        throw error;
      }
    });
  }
}
