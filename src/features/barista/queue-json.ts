// The queue as JSON: the API's answer and the live stream's `queue` event share it.
import Type from 'typebox';
import { AMBER_AFTER_MINUTES, RED_AFTER_MINUTES } from '../../domain/queue-wait.js';
import type { Queue, Ticket } from './queue.js';

export const TicketJson = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('paid'), Type.Literal('ready')]),
  customer: Type.String({ description: '"First L."' }),
  waitingSince: Type.String({ description: 'When the customer checked in (ISO 8601)' }),
  readyAt: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(Type.Object({ name: Type.String(), quantity: Type.Integer(), options: Type.Array(Type.String()) })),
});

export const QueueJson = Type.Object({
  store: Type.String(),
  /** The server's clock, so a tablet with a wrong clock still counts minutes right. */
  now: Type.String(),
  amberAfterMinutes: Type.Integer(),
  redAfterMinutes: Type.Integer(),
  making: Type.Array(TicketJson),
  ready: Type.Array(TicketJson),
});

export function ticketJson(ticket: Ticket) {
  return {
    id: ticket.id,
    number: ticket.number,
    state: ticket.state,
    customer: ticket.customer,
    waitingSince: ticket.waitingSince.toISOString(),
    readyAt: ticket.readyAt?.toISOString() ?? null,
    lines: ticket.lines,
  };
}

export function queueJson(storeSlug: string, queue: Queue, now: Date) {
  return {
    store: storeSlug,
    now: now.toISOString(),
    amberAfterMinutes: AMBER_AFTER_MINUTES,
    redAfterMinutes: RED_AFTER_MINUTES,
    making: queue.making.map(ticketJson),
    ready: queue.ready.map(ticketJson),
  };
}
