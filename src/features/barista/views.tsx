// The barista queue: a page for a tablet on the counter. Two columns — to make,
// and ready for collection — of tickets with big buttons. It works without
// JavaScript (forms, and a refresh every 20 s); /static/queue.js makes it live.
import { AMBER_AFTER_MINUTES, RED_AFTER_MINUTES, waitedMinutes, waitLevel } from '../../domain/queue-wait.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { StaffNav, StaffStyles } from '../../web/staff-nav.js';
import type { Store } from '../../domain/store.js';
import type { Queue, Ticket } from './queue.js';

const shortName = (store: Store) => store.name.replace(/^Alpaca Cafe /, '');

function TicketCard({ ctx, store, ticket, now }: { ctx: PageContext; store: Store; ticket: Ticket; now: Date }) {
  const minutes = waitedMinutes(ticket.waitingSince, now);
  const ready = ticket.state === 'ready';
  const step = ready ? 'collected' : 'ready';
  return (
    <li
      class={`ticket ticket--${waitLevel(minutes)}`}
      data-order-id={ticket.id}
      data-waiting-since={ticket.waitingSince.toISOString()}
      aria-labelledby={`ticket-${ticket.id}`}
    >
      <header class="ticket__head">
        <h3 id={`ticket-${ticket.id}`}>
          <span class="ticket__number">#{ticket.number}</span> <span class="ticket__customer">{ticket.customer}</span>
        </h3>
        <span class="ticket__wait" data-wait>
          {minutes} min
        </span>
      </header>
      <ul class="ticket__lines">
        {ticket.lines.map((l) => (
          <li>
            <span class="ticket__qty">{l.quantity} ×</span> <span class="ticket__item">{l.name}</span>
            {l.options.length > 0 && <span class="ticket__options">{l.options.join(' · ')}</span>}
          </li>
        ))}
      </ul>
      <form method="post" action={`/staff/${store.slug}/queue/${ticket.id}/${step}`} class="ticket__action" data-step={step}>
        <Csrf ctx={ctx} />
        <button type="submit" class={ready ? 'button ticket__button' : 'button button--primary ticket__button'}>
          {ready ? 'Collected' : 'Ready'}
          <span class="visually-hidden">
            {' '}
            — order {ticket.number} for {ticket.customer}
          </span>
        </button>
      </form>
    </li>
  );
}

export function QueuePage({ ctx, store, queue, now }: { ctx: PageContext; store: Store; queue: Queue; now: Date }) {
  return (
    <Layout
      ctx={ctx}
      title={`Queue · ${shortName(store)}`}
      wide
      head={
        <>
          <StaffStyles />
          <link rel="stylesheet" href="/static/queue.css" />
          <noscript>
            <meta http-equiv="refresh" content="20" />
          </noscript>
          <script src="/static/queue.js" defer />
        </>
      }
    >
      <StaffNav ctx={ctx} store={store} current="queue" />
      <div class="queue" data-queue data-store={store.slug} data-now={now.toISOString()} data-amber={AMBER_AFTER_MINUTES} data-red={RED_AFTER_MINUTES}>
        <header class="queue__bar">
          <h1>Queue · {shortName(store)}</h1>
          <p class="queue__status" role="status" data-live-status>
            Live updates need JavaScript; this page refreshes every 20 seconds.
          </p>
          <label class="queue__sound" hidden data-sound-toggle-label>
            <input type="checkbox" data-sound-toggle /> Sound for new orders
          </label>
        </header>
        <div class="queue__columns">
          <section class="queue__column" aria-labelledby="making-heading">
            <h2 id="making-heading">
              To make{' '}
              <span class="badge" data-count="making">
                {queue.making.length}
              </span>
            </h2>
            <ol class="tickets" data-column="making">
              {queue.making.map((t) => (
                <TicketCard ctx={ctx} store={store} ticket={t} now={now} />
              ))}
            </ol>
            <p class="muted queue__empty" data-empty="making" hidden={queue.making.length > 0}>
              Nothing to make.
            </p>
          </section>
          <section class="queue__column queue__column--ready" aria-labelledby="ready-heading">
            <h2 id="ready-heading">
              Ready for collection{' '}
              <span class="badge" data-count="ready">
                {queue.ready.length}
              </span>
            </h2>
            <ol class="tickets" data-column="ready">
              {queue.ready.map((t) => (
                <TicketCard ctx={ctx} store={store} ticket={t} now={now} />
              ))}
            </ol>
            <p class="muted queue__empty" data-empty="ready" hidden={queue.ready.length > 0}>
              Nothing waiting.
            </p>
          </section>
        </div>
      </div>
    </Layout>
  );
}
