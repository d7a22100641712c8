// The checkout page: the order summary, where to collect, and how to pay.
import type { ComponentChildren } from 'preact';
import { formatPence } from '../../domain/money.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { type BasketView, LineSummary } from '../basket/index.js';
import { formatAddress } from '../../domain/store.js';
import type { StoreEta } from '../../db/store-eta.js';
import { EtaLine } from './timing-views.js';

export function CheckoutPage({
  ctx,
  basket,
  payment,
  storeState,
  eta,
}: {
  ctx: PageContext;
  basket: BasketView;
  payment?: ComponentChildren;
  storeState?: ComponentChildren;
  eta?: StoreEta | undefined;
}) {
  const store = basket.store!;
  return (
    <Layout ctx={ctx} title="Checkout">
      <section class="panel" aria-labelledby="summary-heading">
        <h1 id="summary-heading">Checkout</h1>
        {storeState}
        <p>
          Collect from <strong>{store.name}</strong>, {formatAddress(store)}.
        </p>
        <ul class="checkout-lines">
          {basket.lines.map((l) => (
            <li class="checkout-line">
              <LineSummary line={l} />
              <span class="muted">
                {l.quantity} × {formatPence(l.unitPence)}
              </span>
              <strong>{formatPence(l.totalPence)}</strong>
            </li>
          ))}
        </ul>
        <p class="basket-total">
          Total <strong data-checkout-total>{formatPence(basket.totalPence)}</strong>
        </p>
        {eta && <EtaLine eta={eta} timeZone={store.timezone} />}
        <p class="muted">Your card is held now and charged only when we start making your order.</p>
        <p>
          <a href="/basket">Edit basket</a>
        </p>
      </section>
      {payment}
    </Layout>
  );
}
