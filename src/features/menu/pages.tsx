// The menu page and the product page. A product opened without a store asks
// for one first, then comes back to the product.
import { declareFormSchema } from '../../web/route-catalogue.js';
import { StoreStateMessage, UpcomingSpecialDays } from '../../web/store-state.js';
import { canOrderNow, orderingState } from '../../domain/ordering-state.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { resolveCustomisation } from '../../domain/customisation.js';
import { decodeForm } from '../../web/form-decode.js';
import { pageContext } from '../../web/page-context.js';
import { RAW_SLOT, renderWithRaw, sendHtml, sendPage } from '../../web/render.js';
import { render } from 'preact-render-to-string';
import type { MenuCache, MenuSnapshot } from './menu-cache.js';
import { MenuBody, MenuPage, ProductPage } from './views.js';
import { productFormMessages, ProductPreview, selectedFor } from './form-choice.js';

import { storeEtaNow } from '../../db/store-eta.js';
import { favouriteKeys } from '../../db/favourite-keys.js';
import { allergenFit, withSafeChoice } from '../../domain/allergens.js';
import { type AllergenFilter, FilterQuery, filterMenu, readAllergenFilter } from './allergen-filter.js';

type StoreParams = { store: string };
type ProductParams = { store: string; product: string };

export async function menuPages(app: FastifyInstance, { deps, menuCache }: { deps: AppDeps; menuCache: MenuCache }) {
  app.get<{ Params: StoreParams; Querystring: Record<string, unknown> }>(
    '/stores/:store',
    declareFormSchema(async (request, reply) => {
      // The store and its menu as read once for this catalogue version (menu-cache.ts): the store's
      // rows (hours, special days, pause, busy mode) bump the version too (migration 605).
      const [ctx, snapshot] = await Promise.all([pageContext(deps, request, reply), menuCache.snapshot(request.params.store)]);
      const { store } = snapshot;
      // Its state moves with the clock, so it is worked out per request, outside the kept HTML.
      const now = deps.clock();
      const state = orderingState(store, now);
      const notice = (
        <>
          <StoreStateMessage store={store} state={state} now={now} returnTo={ctx.path} />
          <UpcomingSpecialDays store={store} now={now} />
        </>
      );
      // How long a drink ordered now takes (not kept: it moves with the queue).
      const eta = canOrderNow(state) ? await storeEtaNow(deps.db.reader, store, now, snapshot.oneDrink) : null;
      // The allergen filter is applied to the cached menu on the way out (decision 331).
      const filter = readAllergenFilter(request.query);
      const body = await menuBody(snapshot, filter);
      return sendHtml(reply, renderWithRaw(<MenuPage ctx={ctx} store={store} notice={notice} eta={eta} children={RAW_SLOT} />, body), filter.error ? 400 : 200);
    }, FilterQuery),
  );

  /**
   * The menu under the header, rendered once per catalogue version and filter of at most one
   * allergen (15 per store and version; wider filters and refused ones are rendered per request, so
   * what is kept stays bounded whatever is asked).
   */
  async function menuBody(snapshot: MenuSnapshot, filter: AllergenFilter): Promise<string> {
    const make = (s: MenuSnapshot) => {
      const { shown, hidden } = filterMenu(s.products, filter.avoid);
      return render(<MenuBody store={s.store} categories={s.categories} products={shown} filter={filter} hidden={hidden} />);
    };
    if (filter.error || filter.avoid.length > 1) return make(snapshot);
    const kept = await menuCache.derive(snapshot.store.slug, `page-body:${filter.avoid.join(',')}`, make);
    // derive takes the newest snapshot again: at most a version ahead of the header read above.
    return kept.value;
  }

  /** The product page; `form` is a no-JavaScript "Update total" (its fields, priced on the server). */
  async function productPage(request: FastifyRequest<{ Params: ProductParams }>, reply: FastifyReply, form: unknown, filterFields: unknown) {
    const { store, products } = await menuCache.snapshot(request.params.store);
    const product = products.find((p) => p.slug === request.params.product);
    if (!product) throw new NotFoundError('Product');
    const ctx = await pageContext(deps, request, reply);

    const preview = decodeForm(ProductPreview, form, { messages: productFormMessages });
    const submitted = 'quantity' in preview.values;
    const input = preview.ok ? preview.value : preview.partial;
    // Opened from a filtered menu: safe options are preselected, until the customer chooses (decision 331).
    const filter = readAllergenFilter(filterFields);
    const fit = allergenFit(product, filter.avoid);
    const choice = submitted ? (input.options ?? {}) : withSafeChoice(input.options ?? {}, fit);
    const quantity = submitted ? input.quantity : 1;
    const result = resolveCustomisation(product, choice);
    const errors = submitted && !preview.ok ? preview.errors : {};
    if (submitted && !result.ok) Object.assign(errors, result.fields);
    const linePence = result.ok && quantity !== undefined ? result.unitPence * quantity : null;
    const favourites = ctx.user ? [...(await favouriteKeys(deps.db.pageReads, ctx.user.id, [product.slug]))] : undefined;
    return sendPage(
      reply,
      <ProductPage
        ctx={ctx}
        store={store}
        product={product}
        state={{
          selected: selectedFor(product, choice, !submitted),
          quantity: submitted ? preview.values['quantity']! : '1',
          linePence,
          errors: Object.keys(errors).length > 0 ? errors : undefined,
        }}
        avoid={filter.avoid}
        fit={fit}
        filterError={filter.error}
        favourites={favourites}
      />,
      // An allergen that is not one of the 14 is refused, as the menu refuses it: never silently dropped.
      filter.error ? 400 : 200,
    );
  }

  app.get<{ Params: ProductParams }>(
    '/stores/:store/products/:product',
    declareFormSchema((request, reply) => productPage(request, reply, {}, request.query), FilterQuery),
  );

  // "Update total" without JavaScript posts the form here: the server prices it and changes nothing.
  // A POST, not a GET, so the form's CSRF token never lands in a URL (and so in logs and history).
  app.post<{ Params: ProductParams }>(
    '/stores/:store/products/:product',
    declareFormSchema((request, reply) => productPage(request, reply, request.body, request.body), ProductPreview, FilterQuery),
  );

  app.get<{ Params: { product: string } }>('/products/:product', async (request, reply) => {
    // The store the visitor's basket is bound to: the same answer as the header's (web/page-context.ts).
    const { store } = await request.server.basketBadge(request);
    const slug = encodeURIComponent(request.params.product);
    if (store) return reply.redirect(`/stores/${store.slug}/products/${slug}`, 303);
    return reply.redirect(`/stores?returnTo=${encodeURIComponent(`/products/${slug}`)}`, 303);
  });
}
