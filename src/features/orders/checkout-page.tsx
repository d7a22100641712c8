// Checkout: viewing it changes nothing; it only reads the basket. The "Place
// order" form posts to /orders (pages.tsx), which shows this page again when placing fails.
import { orderingRefusal, StoreStateMessage } from '../../web/store-state.js';
import { canOrderNow, orderingState } from '../../domain/ordering-state.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { FieldErrors } from '../../domain/errors.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { viewBasket } from '../basket/index.js';
import { PaymentForm, type TypedCard } from './payment-form.js';
import { listSavedCards } from '../saved-cards/index.js';
import { CheckoutPage } from './checkout-views.js';
import { info, warning } from '../../web/message.js';
import { loadStoreQueue, orderLoad, storeEtaNow } from '../../db/store-eta.js';
import { isOpen } from '../../domain/store.js';
import { pickupOffer } from './triggers.js';
import { TimingFields, type TimingValues } from './timing-views.js';

export interface CheckoutProblem {
  status: number;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  card?: TypedCard | undefined;
  /** The note as typed, kept when the form is shown again. */
  note?: string | undefined;
  /** What was chosen for when making starts, to show again. */
  timing?: TimingValues | undefined;
  /** The saved card chosen ("new" for the card fields) and "save this card", to show again. */
  savedCard?: string | undefined;
  saveCard?: boolean | undefined;
}

/** Renders checkout (again, with the problem and what was typed when a placement failed), or sends the customer back to the basket. */
export async function showCheckout(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, problem?: CheckoutProblem) {
  const user = requireUser(request);
  const basket = await viewBasket(deps.db.writer, { userId: user.id });
  if (basket.lines.length === 0) return redirectWithFlash(reply, '/basket', info('Your basket is empty.'));
  // Sent here from the basket with a problem: fix it there. After a refused placement the page is
  // shown again instead, with the problem and what was typed.
  if (basket.hasProblems && !problem) return redirectWithFlash(reply, '/basket', warning('Some items need your attention before checkout.'));
  const ctx = await pageContext(deps, request, reply);
  // The store's state before anything is typed: closed or paused disables "Place order" and says why,
  // except that a closed store still takes an order for a pickup time after it opens.
  const store = basket.store!;
  const now = deps.clock();
  const state = orderingState(store, now);
  const load = await orderLoad(deps.db.writer, store.id, basket.lines);
  const queue = await loadStoreQueue(deps.db.writer, store.id, now);
  // "If we start now" only when it can start now: closed or paused, the pickup time or the notice says when.
  const eta = canOrderNow(state) ? await storeEtaNow(deps.db.writer, store, now, load) : undefined;
  const offer = pickupOffer(store, queue, load, now);
  const pickupWhenClosed = state.kind === 'closed' && offer.slots.length > 0;
  const blocked = canOrderNow(state) || pickupWhenClosed ? undefined : (orderingRefusal(store, state, now) ?? undefined);
  const timing = <TimingFields offer={offer} timeZone={store.timezone} open={isOpen(store, now)} values={problem?.timing} errors={problem?.errors} />;
  const cards = await listSavedCards(deps, user.id);
  const payment = (
    <PaymentForm
      ctx={ctx}
      savedCards={cards}
      chosenCard={problem?.savedCard}
      offerSave
      saveChecked={problem?.saveCard}
      totalPence={basket.totalPence}
      gateway={deps.config.paymentGateway}
      stripePublishableKey={deps.config.stripePublishableKey}
      errors={problem?.errors}
      message={problem?.message}
      card={problem?.card}
      blocked={blocked}
      customerNote={problem?.note}
      timing={timing}
    />
  );
  const storeState = <StoreStateMessage store={store} state={state} now={now} returnTo="/checkout" />;
  return sendPage(reply, <CheckoutPage ctx={ctx} basket={basket} payment={payment} storeState={storeState} eta={eta} />, problem?.status ?? 200);
}

export async function checkoutPage(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get('/checkout', async (request, reply) => showCheckout(deps, request, reply));
}
