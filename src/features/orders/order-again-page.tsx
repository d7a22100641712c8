// One-tap "Order again" as a page form, shared by the history (an order) and favourites: into an
// empty basket it goes straight through; into one that holds something it first asks "replace
// basket" or "add" on a page of its own (decision 321). No JavaScript needed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { formatPence } from '../../domain/money.js';
import { ORDER_AGAIN_MODES, type OrderAgainMode } from '../../domain/order-again.js';
import { plural } from '../../domain/words.js';
import { decodeForm } from '../../web/form-decode.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { success, warning } from '../../web/message.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { viewBasket, type BasketView } from '../basket/index.js';
import { BasketNotEmptyError, refillBasket, reorderMessage, type RefillSource } from './reorder.js';

export const OrderAgainBody = Type.Object({ mode: Type.Optional(Type.Union(ORDER_AGAIN_MODES.map((m) => Type.Literal(m)))) });

export function OrderAgainChoice({
  ctx,
  action,
  back,
  basket,
  source,
}: {
  ctx: PageContext;
  action: string;
  back: string;
  basket: BasketView;
  source: RefillSource;
}) {
  const what = source.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ');
  return (
    <Layout ctx={ctx} title="Replace your basket?">
      <section class="panel stack order-again-choice">
        <h1>Your basket already has {plural(basket.itemCount, 'item')}</h1>
        <p>
          It holds {basket.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')} ({formatPence(basket.totalPence)}). Order again: {what}
          {source.store.id !== basket.store?.id ? ` from ${source.store.name}` : ''}.
        </p>
        <div class="actions">
          {(['replace', 'add'] as const).map((mode) => (
            <form method="post" action={action} class="inline-form">
              <Csrf ctx={ctx} />
              <input type="hidden" name="mode" value={mode} />
              <button type="submit" class={mode === 'replace' ? 'button button--primary' : 'button'}>
                {mode === 'replace' ? 'Replace basket' : 'Add to basket'}
              </button>
            </form>
          ))}
        </div>
        <p>
          <a href={back}>Keep my basket as it is</a>
        </p>
      </section>
    </Layout>
  );
}

/** The POST handler's body: refill with the chosen mode, or show the question; then the basket. */
export async function orderAgainFromPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  { source, action, back }: { source: RefillSource; action: string; back: string },
): Promise<FastifyReply> {
  const user = requireUser(request);
  const decoded = decodeForm(OrderAgainBody, request.body);
  const mode: OrderAgainMode | undefined = decoded.ok ? decoded.value.mode : undefined;
  try {
    const result = await refillBasket(deps, user, source, mode);
    return redirectWithFlash(reply, '/basket', result.problems.length > 0 ? warning(reorderMessage(result)) : success(reorderMessage(result)));
  } catch (error) {
    if (!(error instanceof BasketNotEmptyError)) throw error;
    const [ctx, basket] = await Promise.all([pageContext(deps, request, reply), viewBasket(deps.db.writer, { userId: user.id })]);
    return sendPage(reply, <OrderAgainChoice ctx={ctx} action={action} back={back} basket={basket} source={source} />);
  }
}
