// The kitchen display: a page for a tablet on the counter (1024×768 and up; a phone stacks the
// columns). To make | ready | the all-day counts and the last bumped orders. Each ticket shows
// its age against the store's thresholds, a scheduled order's due time, the customer's note in a
// box nobody can miss, and big buttons: bump a line, bump the order, recall, collected, undo,
// reprint. It works without JavaScript (forms, each with its own Idempotency-Key, and a refresh
// every 20 s); /static/queue.js makes it live and keeps taps through a network blip.
import { randomUUID } from 'node:crypto';
import { waitedMinutes, waitLevel } from '../../domain/queue-wait.js';
import { formatLocalTime } from '../../domain/store-time.js';
import { Csrf, Layout, type PageContext } from '../../web/layout.js';
import { shortStoreName } from '../../web/staff-context.js';
import type { Store } from '../../domain/store.js';
import { type Queue, type Ticket, undoable } from './queue.js';

interface TicketProps {
  ctx: PageContext;
  store: Store;
  ticket: Ticket;
  now: Date;
  thresholds: Queue['thresholds'];
}

/** A tap as a form: posts to the page route, carrying a key made now (a resent form is the same tap). */
function TapButton({
  ctx,
  action,
  tap,
  label,
  hidden,
  primary,
}: {
  ctx: PageContext;
  action: string;
  tap: string;
  label: string;
  hidden: string;
  primary?: boolean;
}) {
  return (
    <form method="post" action={action} class="tap" data-tap={tap}>
      <Csrf ctx={ctx} />
      <input type="hidden" name="idempotencyKey" value={randomUUID()} />
      <button type="submit" class={primary ? 'button button--primary tap__button' : 'button tap__button'}>
        {label}
        <span class="visually-hidden"> {hidden}</span>
      </button>
    </form>
  );
}

function Due({ ticket, store }: { ticket: Ticket; store: Store }) {
  if (!ticket.due) return null;
  const time = formatLocalTime(ticket.due.at, store.timezone);
  return (
    <p class={`ticket__due ticket__due--${ticket.due.kind}`} data-due>
      {ticket.due.kind === 'pickup' ? `Pickup ${time}` : `Arriving ~${time}`}
    </p>
  );
}

export function TicketNote({ note }: { note: string | null }) {
  if (!note) return null;
  return (
    <p class="ticket__note" data-note>
      <strong>Note:</strong> {note}
    </p>
  );
}

function TicketCard({ ctx, store, ticket, now, thresholds }: TicketProps) {
  const minutes = waitedMinutes(ticket.waitingSince, now);
  const ready = ticket.state === 'ready';
  const base = `/staff/${store.slug}/queue/${ticket.id}`;
  const who = `— order ${ticket.number} for ${ticket.customer}`;
  return (
    <li
      class={`ticket ticket--${waitLevel(minutes, thresholds)}${ticket.note ? ' ticket--has-note' : ''}`}
      data-order-id={ticket.id}
      data-number={ticket.number}
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
      <Due ticket={ticket} store={store} />
      <TicketNote note={ticket.note} />
      <ul class="ticket__lines">
        {ticket.lines.map((l) => (
          <li class={l.bumped ? 'ticket__line ticket__line--done' : 'ticket__line'} data-line={l.position}>
            <span class="ticket__line-text">
              <span class="ticket__qty">{l.quantity} ×</span> <span class="ticket__item">{l.name}</span>
              {l.bumped && <span class="ticket__done-mark"> done</span>}
              {l.options.length > 0 && <span class="ticket__options">{l.options.join(' · ')}</span>}
            </span>
            {!ready && !l.bumped && (
              <TapButton ctx={ctx} action={`${base}/lines/${l.position}/bump`} tap="bump_line" label="Done" hidden={`${l.name} ${who}`} />
            )}
          </li>
        ))}
      </ul>
      <div class="ticket__actions">
        {ready ? (
          <>
            <TapButton ctx={ctx} action={`${base}/collected`} tap="collect" label="Collected" hidden={who} primary />
            <TapButton ctx={ctx} action={`${base}/recall`} tap="recall" label="Recall" hidden={who} />
          </>
        ) : (
          <TapButton ctx={ctx} action={`${base}/ready`} tap="bump" label="Ready" hidden={who} primary />
        )}
        <TapButton ctx={ctx} action={`${base}/reprint`} tap="reprint" label="Reprint" hidden={who} />
      </div>
    </li>
  );
}

function AllDay({ queue }: { queue: Queue }) {
  return (
    <section class="queue__panel" aria-labelledby="all-day-heading">
      <h2 id="all-day-heading">All day</h2>
      <ul class="all-day" data-all-day>
        {queue.allDay.map((d) => (
          <li>
            <span class="all-day__count">{d.quantity}</span> <span class="all-day__name">{d.name}</span>
            <ul class="all-day__variants">
              {d.variants.map((v) => (
                <li>
                  <span class="all-day__count">{v.quantity}</span> {v.options.length > 0 ? v.options.join(' · ') : 'as it comes'}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p class="muted" data-empty="all-day" hidden={queue.allDay.length > 0}>
        Nothing waiting.
      </p>
    </section>
  );
}

function Recent({ ctx, store, queue, now }: { ctx: PageContext; store: Store; queue: Queue; now: Date }) {
  return (
    <section class="queue__panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Last bumped</h2>
      <ol class="recent" data-recent>
        {queue.recent.map((t) => {
          const base = `/staff/${store.slug}/queue/${t.id}`;
          const who = `— order ${t.number} for ${t.customer}`;
          return (
            <li class="recent__item" data-order-id={t.id} data-number={t.number}>
              <span class="recent__what">
                <strong>#{t.number}</strong> {t.customer}
                <span class="muted"> {t.state === 'ready' ? 'on the counter' : 'collected'}</span>
              </span>
              {t.state === 'ready' && <TapButton ctx={ctx} action={`${base}/recall`} tap="recall" label="Recall" hidden={who} />}
              {undoable(t, now) && <TapButton ctx={ctx} action={`${base}/undo-collected`} tap="undo_collect" label="Undo collected" hidden={who} />}
            </li>
          );
        })}
      </ol>
      <p class="muted" data-empty="recent" hidden={queue.recent.length > 0}>
        Nothing bumped yet.
      </p>
    </section>
  );
}

export function QueuePage({ ctx, store, queue, now }: { ctx: PageContext; store: Store; queue: Queue; now: Date }) {
  const { thresholds } = queue;
  return (
    <Layout
      ctx={ctx}
      title={`Queue · ${shortStoreName(store.name)}`}
      wide
      head={
        <>
          <link rel="stylesheet" href="/static/queue.css" />
          <noscript>
            <meta http-equiv="refresh" content="20" />
          </noscript>
          <script src="/static/queue.js" defer />
        </>
      }
    >
      <div
        class="queue"
        data-queue
        data-store={store.slug}
        data-now={now.toISOString()}
        data-amber={thresholds.amberMinutes}
        data-red={thresholds.redMinutes}
        data-timezone={store.timezone}
      >
        <header class="queue__bar">
          <h1>Queue · {shortStoreName(store.name)}</h1>
          <p class="queue__status" role="status" data-live-status>
            Live updates need JavaScript; this page refreshes every 20 seconds.
          </p>
          <label class="queue__sound" hidden data-sound-toggle-label>
            <input type="checkbox" data-sound-toggle /> Sound for new orders
          </label>
        </header>
        <p class="queue__offline" role="alert" hidden data-offline-banner>
          <strong>Offline:</strong> can't reach the server. Showing the queue as last seen; taps are kept and sent when the connection is back.{' '}
          <span data-pending-count />
        </p>
        <p class="queue__notice" role="status" hidden data-tap-notice />
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
                <TicketCard ctx={ctx} store={store} ticket={t} now={now} thresholds={thresholds} />
              ))}
            </ol>
            <p class="muted queue__empty" data-empty="making" hidden={queue.making.length > 0}>
              Nothing to make.
            </p>
          </section>
          <section class="queue__column queue__column--ready" aria-labelledby="ready-heading">
            <h2 id="ready-heading">
              Ready{' '}
              <span class="badge" data-count="ready">
                {queue.ready.length}
              </span>
            </h2>
            <ol class="tickets" data-column="ready">
              {queue.ready.map((t) => (
                <TicketCard ctx={ctx} store={store} ticket={t} now={now} thresholds={thresholds} />
              ))}
            </ol>
            <p class="muted queue__empty" data-empty="ready" hidden={queue.ready.length > 0}>
              Nothing waiting.
            </p>
          </section>
          <div class="queue__side">
            <AllDay queue={queue} />
            <Recent ctx={ctx} store={store} queue={queue} now={now} />
          </div>
        </div>
      </div>
    </Layout>
  );
}
