// The home page and the store chooser.
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { dayName, localDayAndTime, shortTime } from '../../domain/opening-hours.js';
import { formatAddress, isOpen, isPaused, type Store } from '../../domain/store.js';

function todaysHours(store: Store, now: Date): string {
  const { isoDay } = localDayAndTime(now, store.timezone);
  const today = store.hours.find((h) => h.isoDay === isoDay);
  return today ? `${shortTime(today.opens)}–${shortTime(today.closes)}` : 'Closed today';
}

function StoreStatus({ store, now }: { store: Store; now: Date }) {
  if (isPaused(store, now)) return <span class="status status--busy">Busy — not taking orders</span>;
  return isOpen(store, now) ? (
    <span class="status status--open">Open now · {todaysHours(store, now)}</span>
  ) : (
    <span class="status status--closed">Closed · today {todaysHours(store, now)}</span>
  );
}

export function StoreCard({ ctx, store, now, returnTo }: { ctx: PageContext; store: Store; now: Date; returnTo?: string }) {
  const chosen = ctx.store?.slug === store.slug;
  return (
    <li class={chosen ? 'store-card store-card--chosen' : 'store-card'}>
      <h3>{store.name.replace(/^Alpaca Cafe /, '')}</h3>
      <p class="store-card__address">{formatAddress(store)}</p>
      <p>
        <StoreStatus store={store} now={now} />
      </p>
      <details class="hours">
        <summary>Opening hours</summary>
        <table>
          <tbody>
            {store.hours.map((h) => (
              <tr>
                <th scope="row">{dayName(h.isoDay)}</th>
                <td>
                  {shortTime(h.opens)}–{shortTime(h.closes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <form method="post" action="/stores/choose">
        <Csrf ctx={ctx} />
        <input type="hidden" name="store" value={store.slug} />
        {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
        <button class="button button--primary" type="submit" aria-label={`Order from ${store.name}`}>
          {chosen ? 'Continue ordering here' : 'Order from here'}
        </button>
      </form>
    </li>
  );
}

export function HomePage({ ctx, stores, now }: { ctx: PageContext; stores: Store[]; now: Date }) {
  return (
    <Layout ctx={ctx} title="Order ahead">
      <section class="hero">
        <h1>Skip the queue.</h1>
        <p>
          Order your coffee ahead, tap <strong>I'm here</strong> when you arrive, and collect it from the counter. Your card is only charged when you check in.
        </p>
        {ctx.store && (
          <p>
            <a class="button button--primary" href={`/stores/${ctx.store.slug}`}>
              See the {ctx.store.name.replace(/^Alpaca Cafe /, '')} menu
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="stores-heading">
        <h2 id="stores-heading">Choose your store</h2>
        <ul class="store-list">
          {stores.map((s) => (
            <StoreCard ctx={ctx} store={s} now={now} />
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function ChooseStorePage({ ctx, stores, now, returnTo }: { ctx: PageContext; stores: Store[]; now: Date; returnTo: string }) {
  return (
    <Layout ctx={ctx} title="Choose a store">
      <section aria-labelledby="choose-heading">
        <h1 id="choose-heading">Which store will you collect from?</h1>
        <p>Menus and prices can differ a little between stores, so we ask first.</p>
        <ul class="store-list">
          {stores.map((s) => (
            <StoreCard ctx={ctx} store={s} now={now} returnTo={returnTo} />
          ))}
        </ul>
      </section>
    </Layout>
  );
}
