// The store's state where a customer decides (menu, basket, checkout), from domain/ordering-state.ts,
// through the one message component: closed and paused are warnings with the way on (when it
// opens; wait or choose another store, the basket moves), busy is news (a few minutes longer).
import type { Store } from '../domain/store.js';
import type { OrderingState } from '../domain/ordering-state.js';
import { Message } from './message.js';
import { describeSpecialDay, upcomingSpecialDays } from '../domain/special-days.js';
import { localDate, zoneFormat } from '../domain/store-time.js';

/** How far ahead customers are told about holiday hours and closures. */
const SPECIAL_DAYS_NOTICE_DAYS = 21;

/** "at 07:00" today, "Thursday at 07:00" another day, on the store's clock. */
export function when(at: Date, timeZone: string, now: Date): string {
  const date = zoneFormat('store-state date', timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const sameDay = date.format(at) === date.format(now);
  const time = zoneFormat('store-state time', timeZone, { hour: '2-digit', minute: '2-digit' }).format(at);
  return sameDay ? `at ${time}` : `${zoneFormat('store-state weekday', timeZone, { weekday: 'long' }).format(at)} at ${time}`;
}

/** Why an order can't be placed now, in one sentence (the disabled "Place order" says it), or null. */
export function orderingRefusal(store: Store, state: OrderingState, now: Date): string | null {
  const name = store.name.replace(/^Alpaca Cafe /, '');
  if (state.kind === 'closed') {
    const closed = state.reason ? `${name} is closed right now (${state.reason}).` : `${name} is closed right now.`;
    return state.opensAt ? `${closed} It opens ${when(state.opensAt, store.timezone, now)}.` : closed;
  }
  if (state.kind === 'paused') {
    return `${name} is very busy and has paused new orders${state.until ? ` until ${when(state.until, store.timezone, now).replace(/^at /, '')}` : ' for now'}.`;
  }
  return null;
}

export function StoreStateMessage({ store, state, now, returnTo }: { store: Store; state: OrderingState; now: Date; returnTo: string }) {
  if (state.kind === 'open') return null;
  if (state.kind === 'busy') {
    return (
      <Message kind="info" data={{ 'store-state': state.kind }}>
        <p>
          {store.name.replace(/^Alpaca Cafe /, '')} is busy: orders take about {state.extraMinutes} minutes longer
          {state.until ? ` until ${when(state.until, store.timezone, now).replace(/^at /, '')}` : ''}.
        </p>
      </Message>
    );
  }
  const choose = `/stores?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <Message kind="warning" data={{ 'store-state': state.kind }}>
      <p>{orderingRefusal(store, state, now)}</p>
      {state.kind === 'closed' ? (
        <p>
          You can order now for a pickup time after it opens, or <a href={choose}>choose a store that is open</a>.
        </p>
      ) : (
        <p>
          You can wait, or <a href={choose}>choose another store</a> — your basket moves with you and each item is checked there.
        </p>
      )}
    </Message>
  );
}

/** Holiday hours and closures in the next three weeks, as customers read them: "Closed 25 Dec (Christmas)". */
export function specialDayNotices(store: Store, now: Date): string[] {
  return upcomingSpecialDays(store.specialDays ?? [], localDate(now, store.timezone), SPECIAL_DAYS_NOTICE_DAYS).map(describeSpecialDay);
}

export function UpcomingSpecialDays({ store, now }: { store: Store; now: Date }) {
  const notices = specialDayNotices(store, now);
  if (notices.length === 0) return null;
  return (
    <Message kind="info" data={{ 'special-days': store.slug }}>
      <p>Holiday hours at {store.name.replace(/^Alpaca Cafe /, '')}:</p>
      <ul>
        {notices.map((n) => (
          <li>{n}</li>
        ))}
      </ul>
    </Message>
  );
}
