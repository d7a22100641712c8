// The staff's order pages: needs attention, the order lookup, and one order with its history,
// refunds and the actions staff may take on it. Every action is a plain form (no JavaScript needed);
// cancelling asks for a tick first.
import type { ComponentChildren } from 'preact';
import { formatPence } from '../../domain/money.js';
import { minutesSince } from '../../domain/order-attention.js';
import { plural } from '../../domain/words.js';
import { eventDetailWords, historyLabel } from '../../domain/order-state-words.js';
import type { Store } from '../../domain/store.js';
import type { FieldErrors } from '../../domain/errors.js';
import { Csrf, FieldError, Layout, type PageContext } from '../../web/layout.js';
import { Message } from '../../web/message.js';
import { StaffNav, StaffStyles, type StaffTab } from '../../web/staff-nav.js';
import { type OrderDetail, OrderLines, RefundList, StateTag, storeDateTime, storeTime } from '../orders/index.js';
import type { Attention, StaffOrderRow } from './queries.js';

const shortName = (store: Store) => store.name.replace(/^Alpaca Cafe /, '');
const orderHref = (store: Store, id: string) => `/staff/${store.slug}/orders/${id}`;

function StaffPage({ ctx, store, title, tab, children }: { ctx: PageContext; store: Store; title: string; tab: StaffTab; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={`${title} · ${shortName(store)}`} wide head={<StaffStyles ctx={ctx} />}>
      <StaffNav ctx={ctx} store={store} current={tab} />
      {children}
    </Layout>
  );
}

function OrderTable({ store, orders, now, waiting = false }: { store: Store; orders: StaffOrderRow[]; now: Date; waiting?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="table staff-table">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col">State</th>
            <th scope="col" class="num">
              Total
            </th>
            <th scope="col">{waiting ? 'Waiting' : 'Placed'}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr data-order-id={o.id}>
              <td>
                <a href={orderHref(store, o.id)}>#{o.number}</a>
              </td>
              <td>{o.customer}</td>
              <td>
                <StateTag state={o.state} staff />
                {o.refundedPence > 0 && <span class="muted"> · {formatPence(o.refundedPence)} refunded</span>}
              </td>
              <td class="num">{formatPence(o.totalPence)}</td>
              <td>{waiting ? `${minutesSince(o.since, now)} min` : storeDateTime(o.createdAt, store.timezone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Pay at the till, or cancel (a tick confirms it, without JavaScript): the two ways staff settle an order whose payment was refused. */
export function UnpaidActions({ ctx, store, order }: { ctx: PageContext; store: Store; order: Pick<StaffOrderRow, 'id' | 'number' | 'totalPence'> }) {
  const base = orderHref(store, order.id);
  return (
    <div class="actions attention-actions">
      <form method="post" action={`${base}/pay-at-till`} class="inline-form">
        <Csrf ctx={ctx} />
        <button type="submit" class="button button--primary">
          Mark paid at the till ({formatPence(order.totalPence)})
        </button>
      </form>
      <form method="post" action={`${base}/cancel`} class="inline-form confirm-form">
        <Csrf ctx={ctx} />
        <label class="confirm-form__tick">
          <input type="checkbox" name="confirm" value="yes" required /> Yes, cancel order {order.number}
        </label>
        <button type="submit" class="button button--danger">
          Cancel and release the card
        </button>
      </form>
    </div>
  );
}

export function AttentionPage({
  ctx,
  store,
  attention,
  now,
  canRefund,
}: {
  ctx: PageContext;
  store: Store;
  attention: Attention;
  now: Date;
  canRefund: boolean;
}) {
  const total = attention.needsPayment.length + attention.stuck.length + attention.soldOut.length;
  return (
    <StaffPage ctx={ctx} store={store} title="Needs attention" tab="attention">
      <h1>Needs attention · {shortName(store)}</h1>
      <p class="muted">{total === 0 ? 'Nothing needs attention right now.' : `${plural(total, 'order')} ${total === 1 ? 'needs' : 'need'} someone.`}</p>

      <section class="panel" aria-labelledby="payment-heading">
        <h2 id="payment-heading">Payment refused ({attention.needsPayment.length})</h2>
        {attention.needsPayment.length === 0 ? (
          <p class="muted">No order is waiting for payment.</p>
        ) : (
          <ul class="attention-list">
            {attention.needsPayment.map((o) => (
              <li class="attention-item" data-order-id={o.id}>
                <h3>
                  <a href={orderHref(store, o.id)}>Order #{o.number}</a> · {o.customer} · {formatPence(o.totalPence)}
                </h3>
                <p>
                  The bank refused the charge{o.paymentFailure ? `: ${o.paymentFailure.replace(/\.$/, '')}` : ''}. Waiting {minutesSince(o.since, now)} min.
                </p>
                <p class="muted">Wait for the customer's new card (they can pay again from their order page), take payment at the till, or cancel it.</p>
                <UnpaidActions ctx={ctx} store={store} order={o} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="stuck-heading">
        <h2 id="stuck-heading">No answer from the bank ({attention.stuck.length})</h2>
        {attention.stuck.length === 0 ? (
          <p class="muted">No payment is stuck.</p>
        ) : (
          <>
            <p class="muted">We keep asking the bank by itself. If the customer is at the counter and it stays stuck, ask them to wait a minute.</p>
            <OrderTable store={store} orders={attention.stuck} now={now} waiting />
          </>
        )}
      </section>

      <section class="panel" aria-labelledby="soldout-heading">
        <h2 id="soldout-heading">Sold out after payment ({attention.soldOut.length})</h2>
        {attention.soldOut.length === 0 ? (
          <p class="muted">Every paid order can be made.</p>
        ) : (
          <ul class="attention-list">
            {attention.soldOut.map((line) => (
              <li class="attention-item" data-order-id={line.order.id}>
                <a href={orderHref(store, line.order.id)}>Order #{line.order.number}</a> · {line.order.customer}: {line.quantity} × {line.name}
                {line.option ? ` with ${line.option}: ${line.option} is sold out.` : ' is sold out.'}{' '}
                {canRefund ? (
                  <a class="button" href={`${orderHref(store, line.order.id)}?refundLine=${line.lineId}#refund`}>
                    Refund this line
                  </a>
                ) : (
                  <span class="muted">Ask a manager to refund it, or offer something else.</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="uncollected-heading">
        <h2 id="uncollected-heading">Not collected by closing, last 24 hours ({attention.uncollected.length})</h2>
        {attention.uncollected.length === 0 ? (
          <p class="muted">Every ready order was collected.</p>
        ) : (
          <OrderTable store={store} orders={attention.uncollected} now={now} />
        )}
      </section>
    </StaffPage>
  );
}

export function LookupPage({ ctx, store, query, orders }: { ctx: PageContext; store: Store; query: string; orders: StaffOrderRow[] }) {
  return (
    <StaffPage ctx={ctx} store={store} title="Orders" tab="orders">
      <h1>Orders · {shortName(store)}</h1>
      <form method="get" action={`/staff/${store.slug}/orders`} class="search-form">
        <label for="order-query">Order number or customer name</label>
        <input id="order-query" type="search" name="q" value={query} maxLength={100} autocomplete="off" />
        <button type="submit" class="button">
          Find
        </button>
      </form>
      <p class="muted" role="status">
        {query
          ? `${plural(orders.length, 'order')} matching "${query}" at ${shortName(store)}.`
          : `The latest ${plural(orders.length, 'order')} at ${shortName(store)}.`}
      </p>
      {orders.length > 0 && <OrderTable store={store} orders={orders} now={new Date()} />}
    </StaffPage>
  );
}

export interface RefundForm {
  reason: string;
  /** Quantity to refund by line id. */
  quantities: Record<number, number>;
  idempotencyKey: string;
  errors?: FieldErrors;
}

function RefundSection({ ctx, store, detail, form }: { ctx: PageContext; store: Store; detail: OrderDetail; form: RefundForm }) {
  const { order } = detail;
  const left = order.capturedPence - order.refundedPence;
  const refunded = new Map<number, number>();
  for (const r of detail.refunds) {
    if (r.status === 'failed') continue;
    for (const l of r.lines) refunded.set(l.position, (refunded.get(l.position) ?? 0) + l.quantity);
  }
  const errorText = form.errors ? Object.values(form.errors)[0] : undefined;
  return (
    <section class="panel" aria-labelledby="refund-heading" id="refund">
      <h2 id="refund-heading">Refund</h2>
      <p>
        {formatPence(left)} of {formatPence(order.capturedPence)} can still be refunded,{' '}
        {order.paidWith === 'till' ? 'in cash (it was paid at the till)' : 'back to the card'}.
      </p>
      {errorText && (
        <Message kind="error" class="error-summary">
          <p>{errorText}</p>
        </Message>
      )}
      <form method="post" action={`${orderHref(store, order.id)}/refunds`} class="refund-form">
        <Csrf ctx={ctx} />
        <input type="hidden" name="idempotencyKey" value={form.idempotencyKey} />
        <div class="table-wrap">
          <table class="table staff-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" class="num">
                  Ordered
                </th>
                <th scope="col" class="num">
                  Refunded
                </th>
                <th scope="col" class="num">
                  Refund now
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.lines.map((line) => {
                const remaining = line.quantity - (refunded.get(line.position) ?? 0);
                return (
                  <tr>
                    <td>
                      <label for={`qty-${line.id}`}>{line.name}</label> <span class="muted">{formatPence(line.unitPence)} each</span>
                    </td>
                    <td class="num">{line.quantity}</td>
                    <td class="num">{refunded.get(line.position) ?? 0}</td>
                    <td class="num">
                      <input
                        id={`qty-${line.id}`}
                        type="number"
                        name={`qty.${line.id}`}
                        min={0}
                        max={remaining}
                        value={String(form.quantities[line.id] ?? 0)}
                        disabled={remaining === 0}
                        class="qty-input"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div class={form.errors?.['reason'] ? 'field field--invalid' : 'field'}>
          <label for="refund-reason">Reason (the customer sees it)</label>
          <textarea
            id="refund-reason"
            name="reason"
            maxLength={500}
            rows={2}
            required
            aria-describedby="refund-reason-error"
            aria-invalid={form.errors?.['reason'] ? 'true' : undefined}
          >
            {form.reason}
          </textarea>
          <FieldError id="refund-reason-error" message={form.errors?.['reason']} />
        </div>
        <div class="actions">
          <button type="submit" name="scope" value="lines" class="button button--primary">
            Refund the items chosen
          </button>
          <button type="submit" name="scope" value="all" class="button">
            Refund everything left ({formatPence(left)})
          </button>
        </div>
      </form>
    </section>
  );
}

export function OrderPage({
  ctx,
  store,
  detail,
  customer,
  actors,
  canRefund,
  canSettle,
  refundForm,
}: {
  ctx: PageContext;
  store: Store;
  detail: OrderDetail;
  customer: string;
  actors: Map<string, string>;
  canRefund: boolean;
  canSettle: boolean;
  refundForm: RefundForm;
}) {
  const { order } = detail;
  const refundable = order.state === 'paid' || order.state === 'ready' || order.state === 'completed';
  return (
    <StaffPage ctx={ctx} store={store} title={`Order ${order.number}`} tab="orders">
      <p>
        <a href={`/staff/${store.slug}/orders`}>← Orders</a>
      </p>
      <section class="panel" aria-labelledby="order-heading">
        <h1 id="order-heading">
          Order #{order.number} · {customer}
        </h1>
        <p>
          <StateTag state={order.state} staff /> Placed {storeDateTime(order.createdAt, store.timezone)} · total {formatPence(order.totalPence)}
          {order.paidWith === 'till' && ' · paid at the till'}
          {order.card.last4 && order.paidWith !== 'till' && ` · ${order.card.brand ?? 'card'} ending ${order.card.last4}`}
          {order.refundedPence > 0 && ` · ${formatPence(order.refundedPence)} refunded`}
        </p>
        {order.state === 'needs_payment' && (
          <>
            <Message kind="error">
              <p>The bank refused the charge{order.paymentFailure ? `: ${order.paymentFailure}` : ''}.</p>
            </Message>
            {canSettle && <UnpaidActions ctx={ctx} store={store} order={order} />}
          </>
        )}
        <OrderLines lines={detail.lines} />
      </section>
      {detail.refunds.length > 0 && (
        <section class="panel" aria-labelledby="refunds-heading">
          <h2 id="refunds-heading">Refunds</h2>
          <RefundList refunds={detail.refunds} lines={detail.lines} timezone={store.timezone} staff />
        </section>
      )}
      {canRefund && refundable && order.capturedPence > order.refundedPence && <RefundSection ctx={ctx} store={store} detail={detail} form={refundForm} />}
      <section class="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol class="order-events">
          {detail.events.map((e) => (
            <li>
              {storeTime(e.at, store.timezone)} — {historyLabel(e)}
              <span class="muted">
                {' '}
                · {actors.get(e.actor) ?? e.actor}
                {e.detail && e.from !== e.to ? ` · ${eventDetailWords(e.detail)}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </StaffPage>
  );
}
