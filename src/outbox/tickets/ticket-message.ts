// The ticket as published on MQTT (alpaca/stores/<slug>/tickets) and kept in the
// store's feed: structured fields for a kitchen display, plus the pre-rendered
// 42-column text for a plain printer. `messageId` is the outbox row's: a
// consumer that has seen it already has printed this ticket.
import { formatPence } from '../../domain/money.js';
import { formatStoreDateTime, formatTicketTime } from '../local-time.js';
import { customerShortName, type OrderForMessages } from '../order-snapshot.js';
import { formatTicket, type TicketData } from './ticket-format.js';

export interface TicketMessage {
  type: 'ticket';
  version: 1;
  messageId: string;
  orderId: string;
  orderNumber: string;
  /** "First L." */
  customer: string;
  store: { slug: string; name: string; timezone: string };
  lines: { quantity: number; name: string; options: string[]; unitPence: number; totalPence: number; price: string }[];
  totalPence: number;
  total: string;
  /** The customer's note to the barista (an allergy, say): print and show it prominently. Null when none. */
  note: string | null;
  /** A copy a barista asked for ("Reprint"), not the first print. */
  reprint: boolean;
  placedAt: string;
  paidAt: string | null;
  /** Store local time, e.g. 'Wed, 25 Nov 2026, 12:05 GMT'. */
  placedAtLocal: string;
  paidAtLocal: string | null;
  /** The 42-column receipt, newline-separated. */
  text: string;
}

export function ticketTopic(storeSlug: string): string {
  return `alpaca/stores/${storeSlug}/tickets`;
}

/** What formatTicket needs, from a published message (the printer's side). */
export function ticketDataFromMessage(message: TicketMessage): TicketData {
  const tz = message.store.timezone;
  return {
    orderNumber: message.orderNumber,
    customer: message.customer,
    storeName: message.store.name,
    lines: message.lines.map((l) => ({ quantity: l.quantity, name: l.name, options: l.options, totalPence: l.totalPence })),
    totalPence: message.totalPence,
    note: message.note ?? null,
    reprint: message.reprint === true,
    placedAtLocal: formatTicketTime(new Date(message.placedAt), tz),
    paidAtLocal: message.paidAt ? formatTicketTime(new Date(message.paidAt), tz) : null,
  };
}

export function buildTicketMessage(order: OrderForMessages, messageId: string, reprint = false): TicketMessage {
  const tz = order.store.timezone;
  const message: Omit<TicketMessage, 'text'> = {
    type: 'ticket',
    version: 1,
    messageId,
    orderId: order.id,
    orderNumber: order.number,
    customer: customerShortName(order.customer),
    store: { slug: order.store.slug, name: order.store.name, timezone: tz },
    lines: order.lines.map((l) => ({
      quantity: l.quantity,
      name: l.name,
      options: l.options,
      unitPence: l.unitPence,
      totalPence: l.totalPence,
      price: formatPence(l.totalPence),
    })),
    totalPence: order.totalPence,
    total: formatPence(order.totalPence),
    note: order.note,
    reprint,
    placedAt: order.placedAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    placedAtLocal: formatStoreDateTime(order.placedAt, tz),
    paidAtLocal: order.paidAt ? formatStoreDateTime(order.paidAt, tz) : null,
  };
  const full = { ...message, text: '' };
  return { ...full, text: formatTicket(ticketDataFromMessage(full)) };
}

/** Parses and checks a message off the wire; null when it isn't a ticket we understand. */
export function parseTicketMessage(raw: Buffer | string): TicketMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    return null;
  }
  const m = value as Partial<TicketMessage> | null;
  if (!m || m.type !== 'ticket' || typeof m.messageId !== 'string' || typeof m.orderNumber !== 'string') return null;
  if (!Array.isArray(m.lines) || typeof m.totalPence !== 'number' || !m.store || typeof m.placedAt !== 'string') return null;
  const lineOk = (l: unknown) => {
    const x = l as Record<string, unknown>;
    return (
      x &&
      typeof x['quantity'] === 'number' &&
      typeof x['name'] === 'string' &&
      Array.isArray(x['options']) &&
      (x['options'] as unknown[]).every((o) => typeof o === 'string') &&
      typeof x['totalPence'] === 'number' &&
      Number.isInteger(x['totalPence'])
    );
  };
  if (!m.lines.every(lineOk) || !Number.isInteger(m.totalPence)) return null;
  // Older senders had no note or reprint flag: read them as none.
  if (m.note !== undefined && m.note !== null && typeof m.note !== 'string') return null;
  return m as TicketMessage;
}
