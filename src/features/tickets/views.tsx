// The store's ticket feed: each ticket exactly as the printer prints it.
import { Layout, type PageContext } from '../../web/layout.js';
import type { Store } from '../../domain/store.js';
import { StaffNav, StaffStyles } from '../../web/staff-nav.js';
import type { FeedTicket } from './queries.js';

const shortName = (store: Store) => store.name.replace(/^Alpaca Cafe /, '');

export function TicketFeedPage({
  ctx,
  store,
  tickets,
  printer,
  refreshSeconds,
}: {
  ctx: PageContext;
  store: Store;
  tickets: FeedTicket[];
  printer: boolean;
  refreshSeconds: number;
}) {
  return (
    <Layout
      ctx={ctx}
      title={`Tickets · ${shortName(store)}`}
      wide
      head={
        <>
          <StaffStyles ctx={ctx} />
          <meta http-equiv="refresh" content={String(refreshSeconds)} />
        </>
      }
    >
      <StaffNav ctx={ctx} store={store} current="tickets" />
      <h1>Tickets at {shortName(store)}</h1>
      <p class="muted">
        {printer
          ? 'Tickets also go to the store printer over MQTT; this page keeps a copy of each for reprinting.'
          : 'No printer is connected (MQTT is not configured), so tickets appear here.'}
        {` The page refreshes every ${refreshSeconds} seconds.`}
      </p>
      {tickets.length === 0 ? (
        <p>No tickets yet. A ticket appears here when a customer checks in and pays.</p>
      ) : (
        <ol class="ticket-feed" reversed>
          {tickets.map((t) => (
            <li class="ticket-feed__item" id={`ticket-${t.orderNumber}`}>
              <h2 class="visually-hidden">Order {t.orderNumber}</h2>
              <pre class="ticket" style="font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre;overflow-x:auto;">
                {t.text}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
