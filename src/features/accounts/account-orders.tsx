// The order history block on the account page: each past order with its state,
// total and "Order again". The route loads the orders first (rendering is synchronous).
import type { AppDeps } from '../../deps.js';
import { formatPence } from '../../domain/money.js';
import { Csrf, type PageContext } from '../../web/layout.js';
import { storeDateTime, listUserOrders, type OrderDetail, StateTag } from '../orders/index.js';

export function loadAccountOrders(deps: AppDeps, userId: number): Promise<OrderDetail[]> {
  return listUserOrders(deps.db.pageReads, userId);
}

export function AccountOrders({ orders, ctx }: { orders: OrderDetail[]; ctx: PageContext }) {
  if (orders.length === 0) return <p class="muted">You have not placed any orders yet.</p>;
  return (
    <ul class="account-orders">
      {orders.map(({ order, store, lines }) => (
        <li class="account-order" data-order-id={order.id}>
          <a href={`/orders/${order.id}`}>
            <strong>Order {order.number}</strong>
          </a>
          <span class="muted">
            {' '}
            · {store.name} · {storeDateTime(order.createdAt, store.timezone)}
          </span>
          <p>
            <StateTag state={order.state} order={order} timeZone={store.timezone} /> {lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')} ·{' '}
            <strong>{formatPence(order.totalPence)}</strong>
          </p>
          <form method="post" action={`/orders/${order.id}/reorder`} class="inline-form">
            <Csrf ctx={ctx} />
            <button type="submit" class="button button--small">
              Order again
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
