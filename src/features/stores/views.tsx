// The home page and the store chooser.
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { dayName, shortTime } from '../../domain/opening-hours.js';
import { formatAddress, type Store } from '../../domain/store.js';
import { orderingState } from '../../domain/ordering-state.js';
import { hoursOnDate, specialDayOn } from '../../domain/special-days.js';
import { localDate } from '../../domain/store-time.js';
import { specialDayNotices, when } from '../../web/store-state.js';

/** Today's hours, holiday hours included ("08:00–14:00 (Christmas Eve)"); null when closed all day. */
function todaysHours(store: Store, now: Date): string | null {
  const date = localDate(now, store.timezone);
  const today = hoursOnDate(store.hours, store.specialDays ?? [], date);
  const reason = specialDayOn(store.specialDays ?? [], date)?.reason;
  return today ? `${shortTime(today.opens)}–${shortTime(today.closes)}${reason ? ` (${reason})` : ''}` : null;
}

/** "Closed today (Christmas)", or "Closed today" on a day the week has no hours. */
function closedToday(store: Store, now: Date): string {
  const reason = specialDayOn(store.specialDays ?? [], localDate(now, store.timezone))?.reason;
  return `Closed today${reason ? ` (${reason})` : ''}`;
}

/** "Closed now · opens Thursday at 07:00 · today 09:00–16:00", or "Closed today (Christmas) · opens …". */
function closedText(store: Store, now: Date, opensAt: Date | null): string {
  const hours = todaysHours(store, now);
  const opens = opensAt ? ` · opens ${when(opensAt, store.timezone, now)}` : '';
  return hours === null ? `${closedToday(store, now)}${opens}` : `Closed now${opens} · today ${hours}`;
}

/** Closed, paused or busy on the chooser, before anything is typed (issue 9 item 3). */
function StoreStatus({ store, now }: { store: Store; now: Date }) {
  const state = orderingState(store, now);
  switch (state.kind) {
    case 'paused':
      return (
        <span class="status status--busy">
          Busy — not taking orders{state.until ? ` until ${when(state.until, store.timezone, now).replace(/^at /, '')}` : ' for now'}
        </span>
      );
    case 'busy':
      return (
        <span class="status status--busy">
          Open now · busy, orders take about {state.extraMinutes} min longer
          {state.until ? ` until ${when(state.until, store.timezone, now).replace(/^at /, '')}` : ''}
        </span>
      );
    case 'closed':
      return <span class="status status--closed">{closedText(store, now, state.opensAt)}</span>;
    case 'open':
      return <span class="status status--open">Open now · {todaysHours(store, now) ?? ''}</span>;
  }
}

export function StoreCard({
  ctx,
  store,
  now,
  returnTo,
  heading: Heading = 'h3',
}: {
  ctx: PageContext;
  store: Store;
  now: Date;
  returnTo?: string;
  /** The card's heading level: one below the page's list heading (h3 on home, h2 under the chooser's h1). */
  heading?: 'h2' | 'h3';
}) {
  const chosen = ctx.store?.slug === store.slug;
  return (
    <li class={chosen ? 'store-card store-card--chosen' : 'store-card'}>
      <Heading class="store-card__name">{store.name.replace(/^Alpaca Cafe /, '')}</Heading>
      <p class="store-card__address">{formatAddress(store)}</p>
      <p>
        <StoreStatus store={store} now={now} />
      </p>
      {specialDayNotices(store, now).map((notice) => (
        <p class="store-card__special" data-special-day>
          {notice}
        </p>
      ))}
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
          Order your coffee ahead and say when to start it: when you tap <strong>I'm here</strong> at the counter, when you're on your way, or for a pickup
          time. Your card is only charged when we start making it.
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
            <StoreCard ctx={ctx} store={s} now={now} returnTo={returnTo} heading="h2" />
          ))}
        </ul>
      </section>
    </Layout>
  );
}
