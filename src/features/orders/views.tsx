// The customer's order page: what was ordered, where it is up to, and the one
// thing to do next ("I'm here", or wait, or collect, or pay with another card). The [data-order-live]
// region is what /static/order-live.js swaps in when the state changes.
import type { ComponentChildren } from 'preact';
import { formatPence } from '../../domain/money.js';
import { isClosed, type OrderState } from '../../domain/order-lifecycle.js';
import { customerHistory, customerStateLabel, historyLabel, type LabelledOrder, STAFF_STATE_LABELS, STATE_LABELS } from '../../domain/order-state-words.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { formatAddress } from '../../domain/store.js';
import { optionWords, storeDateTime, storeTime } from './format.js';
import type { Order, OrderDetail, OrderLine, OrderStore } from './model.js';
import { RefundList } from './refund-views.js';
import { Message } from '../../web/message.js';
import { cardBrandName, sentences } from '../../domain/words.js';
import type { OrderTiming } from './order-timing.js';
import { OrderTimingPanel } from './timing-views.js';
import { VatReceiptPanel } from './receipt-views.js';
import { favouriteKey } from '../../domain/favourite-key.js';

/** What a line's "Save as favourite" star needs on the customer's own order page (decision 322). */
export interface FavouriteStar {
  csrf: ComponentChildren;
  store: string;
  returnTo: string;
  /** The customer's favourites (domain/favourite-key.ts): a line already among them says so instead. */
  saved?: ReadonlySet<string> | undefined;
}

function SaveLineAsFavourite({ line, star }: { line: OrderLine; star: FavouriteStar }) {
  if (star.saved?.has(favouriteKey(line.product, line.options))) {
    return (
      <a href="/favourites" class="favourite-saved">
        <span aria-hidden="true">★</span> Saved as a favourite
      </a>
    );
  }
  return (
    <form method="post" action={`/favourites?returnTo=${encodeURIComponent(star.returnTo)}`} class="inline-form">
      {star.csrf}
      <input type="hidden" name="store" value={star.store} />
      <input type="hidden" name="product" value={line.product} />
      <input type="hidden" name="quantity" value={line.quantity} />
      {line.options.map((o) => (
        <input type="hidden" name={`options.${o.group}`} value={o.slug} />
      ))}
      <button type="submit" class="button button--small button--quiet favourite-star" aria-label={`Save ${line.name} as a favourite`}>
        <span aria-hidden="true">☆</span> Favourite
      </button>
    </form>
  );
}

export function OrderLines({ lines, star }: { lines: OrderLine[]; star?: FavouriteStar | undefined }) {
  return (
    <ul class="checkout-lines order-lines">
      {lines.map((line) => (
        <li class="checkout-line">
          <div class="line-summary">
            <span class="line-summary__name">{line.name}</span>
            {line.options.length > 0 && <span class="line-summary__options">{optionWords(line.options)}</span>}
            {star && line.productId !== null && <SaveLineAsFavourite line={line} star={star} />}
          </div>
          <span class="muted">
            {line.quantity} × {formatPence(line.unitPence)}
          </span>
          <strong>{formatPence(line.totalPence)}</strong>
        </li>
      ))}
    </ul>
  );
}

const TAG_COLOURS: Record<OrderState, string> = {
  authorising: 'amber',
  declined: 'red',
  authorised: 'blue',
  capturing: 'amber',
  needs_payment: 'red',
  paid: 'green',
  ready: 'green',
  completed: 'neutral',
  expired: 'neutral',
  cancelled: 'neutral',
  refunded: 'neutral',
};

/**
 * The state as a coloured pill (same wording everywhere). Given the order and its store's time
 * zone, a held order says what it waits for ("Pickup at 12:10") instead of the bare state. On staff
 * pages (`staff`) it reads what the order waits for at the counter (STAFF_STATE_LABELS).
 */
export function StateTag({ state, order, timeZone, staff }: { state: OrderState; order?: LabelledOrder; timeZone?: string; staff?: boolean }) {
  const label = staff ? STAFF_STATE_LABELS[state] : order && timeZone ? customerStateLabel(order, timeZone) : STATE_LABELS[state];
  return <span class={`tag tag--${TAG_COLOURS[state]} order-state--${state}`}>{label}</span>;
}

function NextStep({ ctx, order, store }: { ctx: PageContext; order: Order; store: OrderStore }) {
  switch (order.state) {
    case 'authorising':
      return <p>We are confirming your payment with your bank. This page will update by itself.</p>;
    case 'authorised':
      return (
        <>
          <p>
            Your card is held for {formatPence(order.totalPence)}, not charged.{' '}
            {order.trigger.kind === 'here'
              ? `When you reach ${store.name}, tap "I'm here": we charge your card and start making your order.`
              : `If you are at ${store.name} sooner, tap "I'm here" to start now.`}
          </p>
          {/* Only a "when I'm here" order waits for the tap; the others start by themselves. */}
          {order.expiresAt && order.trigger.kind === 'here' && (
            <p class="muted">Check in by {storeDateTime(order.expiresAt, store.timezone)}, or the order expires and the hold is released.</p>
          )}
          <div class="actions">
            <form method="post" action={`/orders/${order.id}/check-in`} class="inline-form">
              <Csrf ctx={ctx} />
              <button type="submit" class="button button--primary button--large">
                I'm here
              </button>
            </form>
            {/* Asks first: a page of its own, so it works without JavaScript. */}
            <a class="button button--quiet" href={`/orders/${order.id}/cancel`}>
              Cancel order
            </a>
          </div>
        </>
      );
    case 'capturing':
      return <p>Taking payment… this takes a moment.</p>;
    case 'paid':
      return <p>Paid — thank you. The baristas are making your order; we'll show it here when it's ready.</p>;
    case 'ready':
      return (
        <Message kind="success">
          <p>
            <strong>Your order is ready at the counter.</strong> Ask for order {order.number}.
          </p>
        </Message>
      );
    case 'completed':
      return <p>Collected. Enjoy!</p>;
    case 'needs_payment':
      return (
        <Message kind="error">
          <p>{sentences("We couldn't take the payment", order.paymentFailure ?? 'Your bank refused it')}</p>
          <p>You have not been charged. Pay with another card below, or at the till — staff can find your order by its number, {order.number}.</p>
        </Message>
      );
    case 'declined':
      return (
        <Message kind="error">
          <p>
            {sentences('Your card was not accepted', order.paymentFailure ?? 'It was declined')} You have not been charged, and your basket still has your items
            — <a href="/checkout">try another card</a>.
          </p>
        </Message>
      );
    case 'expired':
      return <p>This order expired because it wasn't checked in in time. The hold on your card has been released.</p>;
    case 'cancelled':
      return <p>This order was cancelled. The hold on your card has been released.</p>;
    case 'refunded':
      return <p>This order was refunded in full{order.paidWith === 'card' ? ', back to the card you paid with' : ''}.</p>;
  }
}

/** The part of the page that changes with the order's state (swapped in live). */
export function OrderStatus({ ctx, detail, timing }: { ctx: PageContext; detail: OrderDetail; timing?: OrderTiming | undefined }) {
  const { order, store } = detail;
  return (
    <div data-order-live data-order-state={order.state}>
      <p class="order-state">
        <StateTag state={order.state} order={order} timeZone={store.timezone} />
      </p>
      <NextStep ctx={ctx} order={order} store={store} />
      {timing && <OrderTimingPanel order={order} timing={timing} timeZone={store.timezone} csrf={<Csrf ctx={ctx} />} />}
      {isClosed(order.state) && (
        <form method="post" action={`/orders/${order.id}/reorder`} class="inline-form">
          <Csrf ctx={ctx} />
          <button type="submit" class="button">
            Order again
          </button>
        </form>
      )}
      <h2 class="visually-hidden">History</h2>
      <ol class="order-events muted">
        {customerHistory(detail.events).map((e) => (
          <li>
            {storeTime(e.at, store.timezone)} — {historyLabel(e)}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function OrderPage({
  ctx,
  detail,
  clientSecret,
  stripeKey,
  payAgain,
  timing,
  vatNumber,
  favourites,
}: {
  ctx: PageContext;
  detail: OrderDetail;
  /** The customer's favourites as keys: lines already saved show "Saved as a favourite". */
  favourites?: ReadonlySet<string> | undefined;
  /** The company's VAT number: with it, a charged order shows its receipt with VAT (decision 332). */
  vatNumber?: string | undefined;
  timing?: OrderTiming | undefined;
  clientSecret?: string | null;
  stripeKey?: string | undefined;
  /** The "pay with another card" form, for an order waiting for payment. */
  payAgain?: ComponentChildren;
}) {
  const { order, store } = detail;
  const live = !isClosed(order.state);
  // Waiting for payment, the page must not reload by itself under a card being typed.
  const refresh = live && order.state !== 'needs_payment';
  return (
    <Layout
      ctx={ctx}
      title={`Order ${order.number}`}
      head={
        live ? (
          <>
            {/* Without JavaScript the page refreshes itself; with it, order-live.js updates it in place. */}
            {refresh && (
              <noscript>
                <meta http-equiv="refresh" content="15" />
              </noscript>
            )}
            <script src="/static/order-live.js" defer />
          </>
        ) : undefined
      }
    >
      <section class="panel" aria-labelledby="order-heading" data-order-events={live ? `/api/v1/orders/${order.id}/events?queue=true` : undefined}>
        <h1 id="order-heading">Order {order.number}</h1>
        <p>
          Collect from <strong>{store.name}</strong>, {formatAddress(store)}.
        </p>
        <div aria-live="polite">
          <OrderStatus ctx={ctx} detail={detail} timing={timing} />
        </div>
      </section>
      {payAgain && order.state === 'needs_payment' && <div data-order-pay>{payAgain}</div>}
      <section class="panel" aria-labelledby="items-heading">
        <h2 id="items-heading">Your order</h2>
        <OrderLines lines={detail.lines} star={{ csrf: <Csrf ctx={ctx} />, store: store.slug, returnTo: `/orders/${order.id}`, saved: favourites }} />
        {order.note && (
          <p class="order-note">
            <strong>Your note for the barista:</strong> {order.note}
          </p>
        )}
        <p class="basket-total">
          Total <strong>{formatPence(order.totalPence)}</strong>
        </p>
        {order.card.last4 && (
          <p class="muted">
            Card: {cardBrandName(order.card.brand)} ending {order.card.last4}
          </p>
        )}
      </section>
      {vatNumber && order.paidAt && <VatReceiptPanel lines={detail.lines} vatNumber={vatNumber} paidAt={storeDateTime(order.paidAt, store.timezone)} />}
      {detail.refunds.length > 0 && (
        <section class="panel" aria-labelledby="refunds-heading">
          <h2 id="refunds-heading">Refunds</h2>
          <RefundList refunds={detail.refunds} lines={detail.lines} timezone={store.timezone} />
        </section>
      )}
      {clientSecret && stripeKey && (
        <>
          <div data-stripe-next-action data-client-secret={clientSecret} data-publishable-key={stripeKey} />
          <script src="https://js.stripe.com/v3/" />
          <script src="/static/checkout-stripe.js" defer />
        </>
      )}
    </Layout>
  );
}

/** "Cancel order 1042?": the question before the cancel, with the way back as the easy choice. */
export function CancelOrderPage({ ctx, detail }: { ctx: PageContext; detail: OrderDetail }) {
  const { order, store } = detail;
  return (
    <Layout ctx={ctx} title={`Cancel order ${order.number}?`}>
      <section class="panel panel--narrow" aria-labelledby="cancel-heading">
        <h1 id="cancel-heading">Cancel order {order.number}?</h1>
        <p>
          Your order from {store.name} ({formatPence(order.totalPence)}) will not be made, and the hold on your card is released. You have not been charged.
        </p>
        <div class="actions">
          <form method="post" action={`/orders/${order.id}/cancel`} class="inline-form">
            <Csrf ctx={ctx} />
            <button type="submit" class="button button--danger">
              Yes, cancel the order
            </button>
          </form>
          <a class="button button--primary" href={`/orders/${order.id}`}>
            No, keep my order
          </a>
        </div>
      </section>
    </Layout>
  );
}
