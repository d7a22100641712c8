// The customer's favourites: each saved drink with its options, "Order again" and "Remove".
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import type { Favourite } from './service.js';

export function FavouritesPage({ ctx, favourites, hasStore }: { ctx: PageContext; favourites: Favourite[]; hasStore: boolean }) {
  return (
    <Layout ctx={ctx} title="Your favourites">
      <section class="panel">
        <h1>Your favourites</h1>
        {favourites.length === 0 ? (
          <div class="empty">
            <p>No favourites yet.</p>
            <p class="muted">Tap "☆ Save as favourite" on a drink as you customise it, or on a line of a past order.</p>
          </div>
        ) : (
          <>
            {!hasStore && (
              <p>
                <a href="/stores?returnTo=/favourites">Choose a store</a> to order a favourite.
              </p>
            )}
            <ul class="favourites">
              {favourites.map((f) => (
                <li class="favourite" data-favourite-id={f.id}>
                  <div class="line-summary">
                    <span class="line-summary__name">
                      <span aria-hidden="true">★ </span>
                      {f.quantity} × {f.name}
                    </span>
                    {f.optionNames.length > 0 && <span class="line-summary__options">{f.optionNames.join(' · ')}</span>}
                  </div>
                  <div class="actions">
                    {hasStore && (
                      <form method="post" action={`/favourites/${f.id}/order`} class="inline-form">
                        <Csrf ctx={ctx} />
                        <button type="submit" class="button button--small button--primary" aria-label={`Order ${f.name} again`}>
                          Order again
                        </button>
                      </form>
                    )}
                    <form method="post" action={`/favourites/${f.id}/remove`} class="inline-form">
                      <Csrf ctx={ctx} />
                      <button type="submit" class="button button--small button--quiet" aria-label={`Remove ${f.name} from favourites`}>
                        Remove
                      </button>
                    </form>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Layout>
  );
}
