// Basket pages: add from the product form, change quantity, remove.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { formatPence } from '../../domain/money.js';
import { resolveCustomisation } from '../../domain/customisation.js';
import { formString } from '../../web/forms.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { choiceFromForm, quantityFromForm, selectedFor } from '../menu/form-choice.js';
import { loadMenuProducts } from '../menu/queries.js';
import { ProductPage } from '../menu/views.js';
import { findStore } from '../../db/stores.js';
import { addLine, ownerOf, removeLine, setLineQuantity, viewBasket } from './service.js';
import { BasketPage } from './views.js';

type LineParams = { id: string };

function lineId(raw: string): number {
  return /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : -1;
}

export async function basketPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get('/basket', async (request, reply) => {
    const [ctx, basket] = await Promise.all([pageContext(deps, request, reply), viewBasket(db, ownerOf(request))]);
    return sendPage(reply, <BasketPage ctx={ctx} basket={basket} />);
  });

  app.post('/basket/lines', async (request, reply) => {
    const storeSlug = formString(request.body, 'store');
    const productSlug = formString(request.body, 'product');
    const choice = choiceFromForm(request.body);
    const quantity = quantityFromForm(request.body);
    let lineId: number | null;
    try {
      lineId = await addLine(db, ownerOf(request), { store: storeSlug || undefined, product: productSlug, options: choice, quantity });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Show the product form again with each problem beside its field.
      const store = storeSlug ? await findStore(db, storeSlug) : undefined;
      const [product] = store ? await loadMenuProducts(db, store.id, { productSlugs: [productSlug] }) : [];
      if (!store || !product) return redirectWithFlash(reply, '/stores', Object.values(error.fields ?? {})[0] ?? error.message);
      const priced = resolveCustomisation(product, choice);
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <ProductPage ctx={ctx} store={store} product={product} state={{
        selected: selectedFor(product, choice, false), quantity: formString(request.body, 'quantity'),
        linePence: priced.ok && Number.isInteger(quantity) ? priced.unitPence * quantity : null, errors: error.fields,
      }} />, 400);
    }
    const basket = await viewBasket(db, ownerOf(request));
    const added = basket.lines.find((l) => l.id === lineId);
    const what = added ? `${quantity} × ${added.name}${added.optionNames.length ? ` (${added.optionNames.join(', ')})` : ''}` : 'Item';
    return redirectWithFlash(reply, `/stores/${basket.store?.slug ?? storeSlug}`,
      `Added ${what} to your basket. Basket total ${formatPence(basket.totalPence)}.`);
  });

  app.post<{ Params: LineParams }>('/basket/lines/:id', async (request, reply) => {
    try {
      await setLineQuantity(db, ownerOf(request), lineId(request.params.id), quantityFromForm(request.body));
      return redirectWithFlash(reply, '/basket', 'Quantity updated.');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return redirectWithFlash(reply, '/basket', error.fields?.['quantity'] ?? error.message);
    }
  });

  app.post<{ Params: LineParams }>('/basket/lines/:id/remove', async (request, reply) => {
    await removeLine(db, ownerOf(request), lineId(request.params.id));
    return redirectWithFlash(reply, '/basket', 'Item removed.');
  });
}
