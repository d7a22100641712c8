// The store's menu and the product page with its customisation form.
import type { ComponentChildren } from 'preact';
import type { StoreEta } from '../../db/store-eta.js';
import { etaMinutes } from '../../domain/order-eta.js';
import { formatLocalTime } from '../../domain/store-time.js';
import type { FieldErrors } from '../../domain/errors.js';
import { formatDelta, formatPence } from '../../domain/money.js';
import { isProductAvailable, MAX_QUANTITY, type MenuGroup, type MenuProduct } from '../../domain/customisation.js';
import { Csrf, FieldError, Layout, type PageContext } from '../../web/layout.js';
import type { MenuCategory } from './queries.js';
import type { Store } from '../../domain/store.js';
import { Message } from '../../web/message.js';
import { type Allergen, type AllergenFit, allergenWords } from '../../domain/allergens.js';
import { type AllergenFilter, type FilteredProduct, withFilter } from './allergen-filter.js';
import { AllergenFilterPanel, DrinkAllergens, OptionAllergens, selectedAllergens } from './allergen-views.js';
import { favouriteKey } from '../../domain/favourite-key.js';

function shortName(store: Store): string {
  return store.name.replace(/^Alpaca Cafe /, '');
}

function ProductImage({ product }: { product: MenuProduct }) {
  const src = product.imageUrl ?? `/static/icons/${product.categorySlug}.svg`;
  return <img class="product-image" src={src} alt="" width="96" height="96" loading="lazy" />;
}

/**
 * The menu page's frame: the layout (who is signed in, the basket, the CSRF token) and the store's
 * header (its state and ETA, which move with the clock and the queue). `children` is the menu itself
 * (MenuBody), which the route renders once per catalogue version and filter (decision 605).
 */
export function MenuPage({
  ctx,
  store,
  notice,
  eta = null,
  children,
}: {
  ctx: PageContext;
  store: Store;
  /** The store's state (closed, paused, busy), shown before anything is chosen. */
  notice: ComponentChildren;
  /** How long a drink ordered now would take (decision 303). */
  eta?: StoreEta | null;
  children: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={`${shortName(store)} menu`} wide>
      <header class="menu-header">
        <h1>{shortName(store)} menu</h1>
        <p class="muted">
          {store.addressLine1}, {store.town} · <a href={`/stores?returnTo=${encodeURIComponent(ctx.path)}`}>Change store</a>
        </p>
        {notice}
        {eta && (
          <p class="eta" data-eta-minutes={etaMinutes(eta.etaMs)}>
            A drink ordered now: ready in about <strong>{etaMinutes(eta.etaMs)} min</strong> ({formatLocalTime(eta.readyAt, store.timezone)}).
          </p>
        )}
      </header>
      {children}
    </Layout>
  );
}

/**
 * The menu under the header: the allergen filter, the category links and the products. It depends
 * only on the catalogue (one version) and the filter, never on who asks or when, so the route keeps
 * it rendered (decision 605).
 */
export function MenuBody({
  store,
  categories,
  products,
  filter = { avoid: [] },
  hidden = 0,
}: {
  store: Store;
  categories: MenuCategory[];
  /** What the allergen filter leaves on the menu, each with how it fits (decision 331). */
  products: FilteredProduct[];
  filter?: AllergenFilter;
  /** How many products the filter hid. */
  hidden?: number;
}) {
  const sections = categories.map((c) => ({ category: c, items: products.filter((p) => p.product.categorySlug === c.slug) })).filter((s) => s.items.length > 0);
  const menuPath = `/stores/${store.slug}`;
  return (
    <>
      <AllergenFilterPanel action={menuPath} filter={filter} hidden={hidden} />
      <nav class="category-nav" aria-label="Menu categories">
        {sections.map((s) => (
          <a href={`#${s.category.slug}`}>{s.category.name}</a>
        ))}
      </nav>
      {sections.map(({ category, items }) => (
        <section class="menu-section" id={category.slug} aria-labelledby={`${category.slug}-heading`}>
          <h2 id={`${category.slug}-heading`}>{category.name}</h2>
          <p class="muted">{category.description}</p>
          <ul class="product-grid">
            {items.map(({ product: p, fit }) => {
              const available = isProductAvailable(p);
              return (
                <li class={available ? 'product-card' : 'product-card product-card--unavailable'}>
                  <a href={withFilter(`${menuPath}/products/${p.slug}`, filter.avoid)} class="product-card__link">
                    <ProductImage product={p} />
                    <span class="product-card__body">
                      <span class="product-card__name">{p.name}</span>
                      <span class="product-card__desc">{p.description}</span>
                      <span class="product-card__price">
                        {p.groups.length > 0 ? 'from ' : ''}
                        {formatPence(p.pricePence)}
                        {!available && <span class="tag tag--unavailable">Unavailable here today</span>}
                      </span>
                      {fit.kind === 'adaptable' && fit.via.length > 0 && (
                        <span class="tag tag--blue product-card__adaptable">Can be made without {allergenWords(fit.via)}</span>
                      )}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}

function groupHint(group: MenuGroup): string {
  if (group.selection === 'single') return group.required ? 'Choose 1' : 'Optional, choose 1';
  return group.required ? `Choose up to ${group.maxChoices}` : `Optional, up to ${group.maxChoices}`;
}

function OptionGroupField({
  group,
  selected,
  error,
  avoid,
}: {
  group: MenuGroup;
  selected: Set<string>;
  error?: string | undefined;
  avoid: readonly Allergen[];
}) {
  const name = `options.${group.slug}`;
  const errorId = `${group.slug}-error`;
  return (
    <fieldset
      class={error ? 'option-group field--invalid' : 'option-group'}
      data-group={group.slug}
      data-selection={group.selection}
      data-max={group.maxChoices}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>
        {group.name} <span class="muted">{groupHint(group)}</span>
      </legend>
      <div class="option-list">
        {group.options.map((o) => {
          const id = `opt-${o.slug}`;
          return (
            <label class={o.available ? 'option' : 'option option--unavailable'} for={id}>
              <input
                id={id}
                type={group.selection === 'single' ? 'radio' : 'checkbox'}
                name={name}
                value={o.slug}
                checked={selected.has(o.slug)}
                disabled={!o.available}
                data-delta={o.priceDeltaPence}
                data-allergens={o.allergens.join(' ')}
              />
              <span class="option__name">
                {o.name}
                <OptionAllergens option={o} avoid={avoid} />
              </span>
              <span class="option__price">{o.available ? formatDelta(o.priceDeltaPence) : 'Unavailable'}</span>
            </label>
          );
        })}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

export interface ProductFormState {
  selected: Record<string, Set<string>>;
  quantity: string;
  linePence: number | null;
  errors?: FieldErrors | undefined;
}

/** The product form editing a basket line in place (basket/pages.tsx) rather than adding one. */
export interface EditingLine {
  lineId: number;
}

export function ProductPage({
  ctx,
  store,
  product,
  state,
  editing,
  avoid = [],
  fit = { kind: 'free' },
  filterError,
  favourites,
}: {
  ctx: PageContext;
  store: Store;
  product: MenuProduct;
  state: ProductFormState;
  editing?: EditingLine | undefined;
  /** Allergens the customer filtered the menu by (decision 331): flagged, and kept through "Update total". */
  avoid?: readonly Allergen[];
  fit?: AllergenFit;
  /** The page was asked to leave out something that is not one of the 14 allergens (400). */
  filterError?: string | undefined;
  /** The customer's favourites of this product as keys (domain/favourite-key.ts): the drink as chosen, if among them, says so. */
  favourites?: readonly string[] | undefined;
}) {
  const available = isProductAvailable(product);
  const chosen = Object.entries(state.selected).flatMap(([group, slugs]) => [...slugs].map((slug) => ({ group, slug })));
  const isFavourite = favourites?.includes(favouriteKey(product.slug, chosen)) ?? false;
  const editAction = editing ? `/basket/lines/${editing.lineId}/edit` : null;
  // Where "Update total" (no JavaScript) posts to be priced: never where the form saves.
  const action = editing ? `/basket/lines/${editing.lineId}/preview` : `/stores/${store.slug}/products/${product.slug}`;
  const errors = state.errors ?? {};
  return (
    <Layout ctx={ctx} title={product.name}>
      <p class="breadcrumb">
        {editing ? (
          <a href="/basket">← Your basket</a>
        ) : (
          <a href={`${withFilter(`/stores/${store.slug}`, avoid)}#${product.categorySlug}`}>← {shortName(store)} menu</a>
        )}
      </p>
      <article class="panel product">
        <div class="product__head">
          <ProductImage product={product} />
          <div>
            <h1>{product.name}</h1>
            <p class="product__price">{formatPence(product.pricePence)}</p>
            <p>{product.description}</p>
            {!available && (
              <Message kind="warning">
                <p>
                  {product.name} is not available at {shortName(store)} right now.
                </p>
              </Message>
            )}
            {filterError && (
              <Message kind="error">
                <p>
                  The allergen filter was not applied: it named something that is not one of the 14 allergens. Choose them from the list on the{' '}
                  <a href={`/stores/${store.slug}`}>{shortName(store)} menu</a>.
                </p>
              </Message>
            )}
            {fit.kind === 'impossible' && (
              <Message kind="warning">
                <p>
                  {product.name} contains {allergenWords(fit.because)} whatever you choose, so it can’t be made without {allergenWords(fit.because)} here.
                </p>
              </Message>
            )}
            {fit.kind === 'adaptable' && fit.via.length > 0 && (
              <Message kind="info">
                <p>
                  Can be made without {allergenWords(fit.via)}: we have chosen options without {allergenWords(avoid)} for you.
                </p>
              </Message>
            )}
          </div>
        </div>
        <form
          method="post"
          action={editAction ?? '/basket/lines'}
          class="product-form stack"
          data-base-price={product.pricePence}
          data-allergens={product.allergens.join(' ')}
          data-product={product.slug}
          data-favourite-keys={favourites ? JSON.stringify(favourites) : undefined}
          novalidate
        >
          <Csrf ctx={ctx} />
          <input type="hidden" name="store" value={store.slug} />
          <input type="hidden" name="product" value={product.slug} />
          {avoid.map((a) => (
            <input type="hidden" name="without" value={a} />
          ))}
          {errors['product'] && <FieldError id="product-error" message={errors['product']} />}
          {product.groups.map((g) => (
            <OptionGroupField group={g} selected={state.selected[g.slug] ?? new Set()} error={errors[`options.${g.slug}`]} avoid={avoid} />
          ))}
          <DrinkAllergens contains={selectedAllergens(product, state.selected)} avoid={avoid} />
          <div class={errors['quantity'] ? 'field field--invalid quantity-field' : 'field quantity-field'}>
            <label for="quantity">Quantity</label>
            <input
              id="quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_QUANTITY}
              value={state.quantity}
              aria-invalid={errors['quantity'] ? 'true' : undefined}
              aria-describedby={errors['quantity'] ? 'quantity-error' : undefined}
            />
            <FieldError id="quantity-error" message={errors['quantity']} />
          </div>
          <div class="order-bar">
            <p class="line-total">
              Total{' '}
              <output data-line-total aria-live="polite">
                {state.linePence === null ? '—' : formatPence(state.linePence)}
              </output>
            </p>
            <div class="actions">
              <button class="button js-hidden" type="submit" formaction={action} formnovalidate>
                Update total
              </button>
              <button class="button button--primary" type="submit" disabled={!available}>
                {editing ? 'Save changes' : 'Add to basket'}
              </button>
              {ctx.user && (
                // The drink as customised, saved as a favourite (decision 322): the same fields, another address.
                // Already a favourite as chosen: says so instead (app.js swaps the two as the choice changes).
                <>
                  <button
                    class="button button--quiet favourite-star"
                    type="submit"
                    formaction={`/favourites?returnTo=${encodeURIComponent(ctx.path)}`}
                    hidden={isFavourite}
                  >
                    <span aria-hidden="true">☆</span> Save as favourite
                  </button>
                  <a class="button button--quiet favourite-saved" href="/favourites" hidden={!isFavourite}>
                    <span aria-hidden="true">★</span> Saved as a favourite
                  </a>
                </>
              )}
            </div>
          </div>
        </form>
      </article>
    </Layout>
  );
}
