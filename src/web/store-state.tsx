// The store's state where a customer decides (menu, basket, checkout), from domain/ordering-state.ts,
// through the one message component: closed and paused are warnings with the way on (when it
// opens; wait or choose another store, the basket moves), busy is news (a few minutes longer).
import type { Store } from '../domain/store.js';
import type { OrderingState } from '../domain/ordering-state.js';
import { Message } from './message.js';
import { zoneFormat } from '../domain/store-time.js';

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
    return state.opensAt ? `${name} is closed right now. It opens ${when(state.opensAt, store.timezone, now)}.` : `${name} is closed right now.`;
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
