// The printed ticket: a 42-column receipt, the width of an 80 mm ESC/POS
// printer in its normal font. Pure: the app pre-renders it into the MQTT
// message and the feed, and the printer renders it again from the same data.
import { formatPence } from '../../domain/money.js';

export const TICKET_WIDTH = 42;

export interface TicketLine {
  quantity: number;
  name: string;
  options: string[];
  totalPence: number;
}

export interface TicketData {
  orderNumber: string;
  customer: string;
  storeName: string;
  lines: TicketLine[];
  totalPence: number;
  /** The customer's note to the barista: boxed in stars, above the items, so nobody misses an allergy. */
  note?: string | null | undefined;
  /** A copy asked for by a barista: marked so it is not made twice by mistake. */
  reprint?: boolean | undefined;
  /** Already in the store's local time, e.g. 'Wed 25 Nov 12:05'. */
  placedAtLocal: string;
  paidAtLocal: string | null;
}

/** Counts what a printer prints: code points, not UTF-16 units. */
const width = (s: string) => [...s].length;

/** Control characters would reach the printer as commands (ESC …): never print them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** Splits text into lines of at most `max` columns, on spaces where it can, mid-word where it must. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of printable(text).split(' ').filter(Boolean)) {
    let rest = [...word];
    if (current && width(current) + 1 + rest.length <= max) {
      current += ` ${word}`;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    while (rest.length > max) {
      lines.push(rest.slice(0, max).join(''));
      rest = rest.slice(max);
    }
    current = rest.join('');
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}

export function centre(text: string, columns = TICKET_WIDTH): string {
  const pad = Math.max(0, Math.floor((columns - width(text)) / 2));
  return ' '.repeat(pad) + text;
}

/** Left text and a right-aligned amount on one line (the left side is cut if it must be). */
export function leftRight(left: string, right: string, columns = TICKET_WIDTH): string {
  const room = columns - width(right) - 1;
  const l = [...left].slice(0, Math.max(0, room)).join('');
  return l + ' '.repeat(columns - width(l) - width(right)) + right;
}

/** 'A1042' → 'A 1 0 4 2': bigger to the eye on a printer with one font size. */
function spaced(text: string, columns: number): string {
  const letters = [...printable(text)].join(' ');
  return width(letters) <= columns ? letters : printable(text);
}

function itemLines(line: TicketLine, columns: number): string[] {
  const price = formatPence(line.totalPence);
  const indent = '    ';
  // The first row holds the price; the name wraps under it with a hanging indent.
  const firstRoom = columns - width(price) - 1;
  const head = `${line.quantity} x ${printable(line.name)}`;
  const first = wrap(head, firstRoom);
  const rows = [leftRight(first[0]!, price, columns)];
  const rest = first.slice(1).join(' ');
  if (rest) rows.push(...wrap(rest, columns - indent.length).map((r) => indent + r));
  for (const option of line.options) {
    const [o, ...more] = wrap(option, columns - indent.length - 2);
    rows.push(`${indent}+ ${o}`, ...more.map((m) => `${indent}  ${m}`));
  }
  return rows;
}

/** The note in a box of stars, under a heading a barista can't miss. */
function noteLines(note: string | null | undefined, columns: number): string[] {
  if (!note || printable(note) === '') return [];
  return [rule('*', columns), centre('!! NOTE !!', columns), ...wrap(note.toUpperCase(), columns), rule('*', columns)];
}

function rule(c: string, columns: number): string {
  return c.repeat(columns);
}

export function formatTicket(ticket: TicketData, columns = TICKET_WIDTH): string {
  const rule = (c: string) => c.repeat(columns);
  const rows = [
    rule('='),
    ...wrap(ticket.storeName.toUpperCase(), columns).map((r) => centre(r, columns)),
    '',
    centre('ORDER', columns),
    centre(spaced(ticket.orderNumber, columns), columns),
    '',
    ...wrap(ticket.customer, columns).map((r) => centre(r, columns)),
    ...(ticket.reprint ? [centre('** REPRINT **', columns)] : []),
    ...noteLines(ticket.note, columns),
    rule('-'),
    ...ticket.lines.flatMap((l) => itemLines(l, columns)),
    rule('-'),
    leftRight('TOTAL', formatPence(ticket.totalPence), columns),
    rule('-'),
    leftRight('Placed', printable(ticket.placedAtLocal), columns),
    ...(ticket.paidAtLocal ? [leftRight('Paid', printable(ticket.paidAtLocal), columns)] : []),
    rule('='),
  ];
  return `${rows.map((r) => r.trimEnd()).join('\n')}\n`;
}
