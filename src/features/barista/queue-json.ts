// The queue as JSON: the API's answer and the live stream's `queue` event share it.
import Type from 'typebox';
import { formatLocalTime } from '../../domain/store-time.js';
import type { Queue, Ticket } from './queue.js';
import { undoable } from './queue.js';

export const TicketJson = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('paid'), Type.Literal('ready'), Type.Literal('completed')]),
  customer: Type.String({ description: '"First L."' }),
  note: Type.Union([Type.String(), Type.Null()], { description: "The customer's note to the barista (an allergy, say)" }),
  waitingSince: Type.String({ description: 'When making started: the check-in, or a scheduled order’s moment (ISO 8601)' }),
  readyAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
  /** Collected under a minute ago: "Collected" can still be undone. */
  undoable: Type.Boolean(),
  due: Type.Union([
    Type.Object({
      kind: Type.Union([Type.Literal('on_my_way'), Type.Literal('pickup')], { description: "on_my_way: the customer's arrival estimate; pickup: their slot" }),
      at: Type.String(),
      /** In the store's local time, e.g. "10:35". */
      local: Type.String(),
    }),
    Type.Null(),
  ]),
  lines: Type.Array(
    Type.Object({
      position: Type.Integer(),
      name: Type.String(),
      quantity: Type.Integer(),
      options: Type.Array(Type.String()),
      bumped: Type.Boolean(),
    }),
  ),
});

export const QueueJson = Type.Object({
  store: Type.String(),
  /** The server's clock, so a tablet with a wrong clock still counts minutes right. */
  now: Type.String(),
  amberAfterMinutes: Type.Integer(),
  redAfterMinutes: Type.Integer(),
  making: Type.Array(TicketJson),
  ready: Type.Array(TicketJson),
  /** The last 10 orders bumped, newest first (recall, or undo a "Collected"). */
  recent: Type.Array(TicketJson),
  /** Drinks waiting to be made, by customisation. */
  allDay: Type.Array(
    Type.Object({
      name: Type.String(),
      quantity: Type.Integer(),
      variants: Type.Array(Type.Object({ options: Type.Array(Type.String()), quantity: Type.Integer() })),
    }),
  ),
});

export function ticketJson(ticket: Ticket, now: Date, timezone: string) {
  return {
    id: ticket.id,
    number: ticket.number,
    state: ticket.state,
    customer: ticket.customer,
    note: ticket.note,
    waitingSince: ticket.waitingSince.toISOString(),
    readyAt: ticket.readyAt?.toISOString() ?? null,
    completedAt: ticket.completedAt?.toISOString() ?? null,
    undoable: undoable(ticket, now),
    due: ticket.due ? { kind: ticket.due.kind, at: ticket.due.at.toISOString(), local: formatLocalTime(ticket.due.at, timezone) } : null,
    lines: ticket.lines,
  };
}

export function queueJson(store: { slug: string; timezone: string }, queue: Queue, now: Date) {
  const json = (t: Ticket) => ticketJson(t, now, store.timezone);
  return {
    store: store.slug,
    now: now.toISOString(),
    amberAfterMinutes: queue.thresholds.amberMinutes,
    redAfterMinutes: queue.thresholds.redMinutes,
    making: queue.making.map(json),
    ready: queue.ready.map(json),
    recent: queue.recent.map(json),
    allDay: queue.allDay,
  };
}
