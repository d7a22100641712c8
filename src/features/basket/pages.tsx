// Basket pages: add from the product form, change quantity, remove.
import { StoreStateMessage } from '../../web/store-state.js';
import { orderingState } from '../../domain/ordering-state.js';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { formatPence } from '../../domain/money.js';
import { resolveCustomisation } from '../../domain/customisation.js';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { ProductForm, productFormMessages, QUANTITY_MESSAGE, selectedFor, loadMenuProducts, ProductPage } from '../menu/index.js';
import { lineEditPages } from './edit-pages.js';
import { lineId } from './line-id.js';
import { findStore } from '../../db/stores.js';
import { addLine, ownerOf, removeLine, setLineQuantity, viewBasket } from './service.js';
import { QuantityBody } from './schemas.js';
import { BasketPage } from './views.js';
import { success } from '../../web/message.js';

type LineParams = { id: string };

export async function basketPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get('/basket', async (request, reply) => {
    const [ctx, basket] = await Promise.all([pageContext(deps, request, reply), viewBasket(db, ownerOf(request))]);
    const now = deps.clock();
    const storeState = basket.store ? <StoreStateMessage store={basket.store} state={orderingState(basket.store, now)} now={now} returnTo="/basket" /> : null;
    return sendPage(reply, <BasketPage ctx={ctx} basket={basket} storeState={storeState} />);
  });

  app.post(
    '/basket/lines',
    formRoute({
      schema: ProductForm,
      messages: productFormMessages,
      async action({ store, product, options = {}, quantity }, request) {
        const addedId = await addLine(db, ownerOf(request), { store, product, options, quantity });
        const basket = await viewBasket(db, ownerOf(request));
        const added = basket.lines.find((l) => l.id === addedId);
        const what = added ? `${quantity} × ${added.name}${added.optionNames.length ? ` (${added.optionNames.join(', ')})` : ''}` : 'Item';
        return {
          redirect: `/stores/${basket.store?.slug ?? store}`,
          flash: success(`Added ${what} to your basket. Basket total ${formatPence(basket.totalPence)}.`),
        };
      },
      // Show the product form again with each problem beside its field.
      async invalid(request, reply, { errors, message, values, partial }) {
        const store = partial.store ? await findStore(db, partial.store) : undefined;
        const [product] = store && partial.product ? await loadMenuProducts(db, store.id, { productSlugs: [partial.product] }) : [];
        if (!store || !product) return { redirect: '/stores', flash: Object.values(errors)[0] ?? message };
        const choice = partial.options ?? {};
        const priced = resolveCustomisation(product, choice);
        const ctx = await pageContext(deps, request, reply);
        return (
          <ProductPage
            ctx={ctx}
            store={store}
            product={product}
            state={{
              selected: selectedFor(product, choice, false),
              quantity: values['quantity'] ?? '',
              linePence: priced.ok && partial.quantity !== undefined ? priced.unitPence * partial.quantity : null,
              errors,
            }}
          />
        );
      },
    }),
  );

  app.post<{ Params: LineParams }>(
    '/basket/lines/:id',
    formRoute({
      schema: QuantityBody,
      messages: { quantity: QUANTITY_MESSAGE },
      async action({ quantity }, request) {
        await setLineQuantity(db, ownerOf(request), lineId(request.params.id), quantity);
        return { redirect: '/basket', flash: success('Quantity updated.') };
      },
      invalid: () => ({ redirect: '/basket' }),
    }),
  );

  await app.register(lineEditPages, { deps });

  app.post<{ Params: LineParams }>('/basket/lines/:id/remove', async (request, reply) => {
    await removeLine(db, ownerOf(request), lineId(request.params.id));
    return redirectWithFlash(reply, '/basket', success('Item removed.'));
  });
}
