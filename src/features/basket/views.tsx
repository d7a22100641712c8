// The basket page.
import type { ComponentChildren } from 'preact';
import { formatPence } from '../../domain/money.js';
import { MAX_QUANTITY } from '../../domain/customisation.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import type { BasketLineView, BasketView } from './model.js';
import { Message } from '../../web/message.js';

export function LineSummary({ line }: { line: BasketLineView }) {
  return (
    <div class="line-summary">
      <span class="line-summary__name">{line.name}</span>
      {line.optionNames.length > 0 && <span class="line-summary__options">{line.optionNames.join(' · ')}</span>}
      {line.problems.length > 0 && (
        <ul class="line-problems" role="alert">
          {line.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function LineRow({ ctx, line }: { ctx: PageContext; line: BasketLineView }) {
  return (
    <li class={line.problems.length > 0 ? 'basket-line basket-line--problem' : 'basket-line'} data-line-id={line.id}>
      <LineSummary line={line} />
      <div class="basket-line__controls">
        {/* The stepper works without JavaScript: − and + are forms of their own that set the quantity
            one lower or higher; the box between them belongs to the "Update" form through form=. */}
        <form method="post" action={`/basket/lines/${line.id}`} id={`qty-form-${line.id}`} class="inline-form">
          <Csrf ctx={ctx} />
        </form>
        <div class="stepper">
          <form method="post" action={`/basket/lines/${line.id}`} class="inline-form">
            <Csrf ctx={ctx} />
            <input type="hidden" name="quantity" value={line.quantity - 1} />
            <button type="submit" class="stepper__button" disabled={line.quantity <= 1} aria-label={`One fewer ${line.name}`}>
              −
            </button>
          </form>
          <label for={`qty-${line.id}`} class="visually-hidden">
            Quantity of {line.name}
          </label>
          <input
            id={`qty-${line.id}`}
            form={`qty-form-${line.id}`}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_QUANTITY}
            value={line.quantity}
            class="qty-input"
          />
          <form method="post" action={`/basket/lines/${line.id}`} class="inline-form">
            <Csrf ctx={ctx} />
            <input type="hidden" name="quantity" value={line.quantity + 1} />
            <button type="submit" class="stepper__button" disabled={line.quantity >= MAX_QUANTITY} aria-label={`One more ${line.name}`}>
              +
            </button>
          </form>
          <button type="submit" form={`qty-form-${line.id}`} class="button button--small">
            Update
          </button>
        </div>
        <a class="button button--small button--quiet" href={`/basket/lines/${line.id}/edit`} aria-label={`Edit ${line.name}`}>
          Edit
        </a>
        <form method="post" action={`/basket/lines/${line.id}/remove`} class="inline-form">
          <Csrf ctx={ctx} />
          <button type="submit" class="button button--small button--quiet" aria-label={`Remove ${line.name}`}>
            Remove
          </button>
        </form>
      </div>
      <div class="basket-line__price">
        <span class="muted">
          {line.quantity} × {formatPence(line.unitPence)}
        </span>
        <strong data-line-total>{formatPence(line.totalPence)}</strong>
      </div>
    </li>
  );
}

export function BasketPage({
  ctx,
  basket,
  children,
  storeState,
}: {
  ctx: PageContext;
  basket: BasketView;
  children?: ComponentChildren;
  /** The store's state (closed, paused, busy), shown before checkout. */
  storeState?: ComponentChildren;
}) {
  const storeName = basket.store?.name.replace(/^Alpaca Cafe /, '');
  return (
    <Layout ctx={ctx} title="Your basket">
      <section class="panel">
        <h1>Your basket</h1>
        {basket.store ? (
          <p>
            Collecting from <strong>{storeName}</strong> · <a href="/stores?returnTo=/basket">Change store</a>
          </p>
        ) : (
          <p>
            <a href="/stores?returnTo=/basket">Choose a store</a> to start your order.
          </p>
        )}
        {storeState}
        {children}
        {basket.lines.length === 0 ? (
          <div class="empty">
            <p>Your basket is empty.</p>
            {basket.store && (
              <p>
                <a class="button button--primary" href={`/stores/${basket.store.slug}`}>
                  Browse the menu
                </a>
              </p>
            )}
          </div>
        ) : (
          <>
            <ul class="basket-lines">
              {basket.lines.map((l) => (
                <LineRow ctx={ctx} line={l} />
              ))}
            </ul>
            <p class="basket-total">
              Total <strong data-basket-total>{formatPence(basket.totalPence)}</strong>
            </p>
            {basket.hasProblems && (
              <Message kind="warning">
                <p>Some items can't be made at this store. Remove them or change store to check out.</p>
              </Message>
            )}
            <div class="actions">
              {basket.store && (
                <a class="button" href={`/stores/${basket.store.slug}`}>
                  Add more
                </a>
              )}
              {basket.hasProblems ? (
                <span class="button button--primary button--disabled" aria-disabled="true">
                  Checkout
                </span>
              ) : (
                <a class="button button--primary" href="/checkout">
                  Checkout
                </a>
              )}
            </div>
          </>
        )}
      </section>
    </Layout>
  );
}
