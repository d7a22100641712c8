import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { centre, formatTicket, leftRight, TICKET_WIDTH, wrap, type TicketData } from '../../src/outbox/tickets/ticket-format.js';

const base: TicketData = {
  orderNumber: '1042',
  customer: 'Ada L.',
  storeName: 'Alpaca Cafe Colchester',
  lines: [{ quantity: 2, name: 'Latte', options: ['Milk: Oat', 'Shots: Double'], totalPence: 1050 }],
  totalPence: 1050,
  placedAtLocal: 'Wed 25 Nov 12:00',
  paidAtLocal: 'Wed 25 Nov 12:05',
};

const columns = (s: string) => [...s].length;

describe('ticket format (42 columns)', () => {
  it('never prints a line wider than 42 columns, whatever it is given', () => {
    const ticket = formatTicket({
      ...base,
      storeName: 'Alpaca Cafe at the Very Long Named Shopping Centre Food Court Upper Level',
      customer: 'Bartholomew-Maximilian-Alexander-Christopher W.',
      orderNumber: '12345678901234567890123',
      lines: [
        {
          quantity: 20,
          name: 'Supercalifragilisticexpialidociousandthensomemorelettersbeyondthewidth',
          options: ['Toppings: Whipped Cream, Chocolate Sprinkles, Cinnamon Dust, Marshmallows'],
          totalPence: 9_999_900,
        },
        { quantity: 1, name: 'Flat White', options: [], totalPence: 360 },
      ],
      totalPence: 10_000_260,
    });
    for (const line of ticket.split('\n')) assert.ok(columns(line) <= TICKET_WIDTH, `too wide (${columns(line)}): "${line}"`);
  });

  it('centres the header, spaces out the order number and names the customer', () => {
    const lines = formatTicket(base).split('\n');
    assert.equal(lines[0], '='.repeat(42));
    assert.equal(lines[1], `${' '.repeat(10)}ALPACA CAFE COLCHESTER`);
    assert.ok(lines.includes(`${' '.repeat(17)}1 0 4 2`), 'order number letter-spaced and centred');
    assert.ok(lines.includes(`${' '.repeat(18)}Ada L.`));
  });

  it('right-aligns line prices and the total at column 42', () => {
    const lines = formatTicket(base).split('\n');
    const item = lines.find((l) => l.startsWith('2 x Latte'))!;
    assert.equal(item, `2 x Latte${' '.repeat(42 - 9 - 6)}£10.50`);
    assert.equal(columns(item), 42);
    const total = lines.find((l) => l.startsWith('TOTAL'))!;
    assert.equal(total, `TOTAL${' '.repeat(42 - 5 - 6)}£10.50`);
    assert.ok(lines.includes('    + Milk: Oat'));
    assert.ok(lines.includes('    + Shots: Double'));
    assert.ok(lines.includes(`Placed${' '.repeat(42 - 6 - 16)}Wed 25 Nov 12:00`));
    assert.ok(lines.includes(`Paid${' '.repeat(42 - 4 - 16)}Wed 25 Nov 12:05`));
  });

  it('wraps a long product name under its first line, keeping the price on the first', () => {
    const lines = formatTicket({
      ...base,
      lines: [{ quantity: 1, name: 'Gingerbread Caramel Hazelnut Latte With Whipped Cream', options: [], totalPence: 495 }],
      totalPence: 495,
    }).split('\n');
    const first = lines.findIndex((l) => l.startsWith('1 x '));
    assert.ok(lines[first]!.endsWith('£4.95'));
    assert.equal(columns(lines[first]!), 42);
    assert.match(lines[first + 1]!, /^ {4}\S/, 'continuation is indented');
    assert.equal(
      `${lines[first]!.slice(0, 36).trim()} ${lines[first + 1]!.trim()}`.replace(/\s+/g, ' '),
      '1 x Gingerbread Caramel Hazelnut Latte With Whipped Cream',
    );
  });

  it('omits the paid line for an unpaid ticket and strips control characters (no printer commands)', () => {
    const ticket = formatTicket({ ...base, paidAtLocal: null, customer: 'Eve\u001b@\u001bd\u0007 X.' });
    assert.ok(!ticket.includes('Paid'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(ticket), 'only newlines as control characters');
    assert.ok(ticket.includes('Eve @ d X.'));
  });

  it("boxes the customer's note under NOTE before the items, and marks a reprint", () => {
    const note = 'Severe nut allergy: no almond milk, clean the steam wand please, thank you very much indeed';
    const text = formatTicket({ ...base, note, reprint: true });
    const rows = text.split('\n');
    const heading = rows.findIndex((r) => r.includes('!! NOTE !!'));
    assert.ok(heading > 0, text);
    assert.equal(rows[heading - 1], '*'.repeat(TICKET_WIDTH));
    assert.match(rows[heading + 1]!, /^SEVERE NUT ALLERGY/);
    assert.ok(rows.every((r) => [...r].length <= TICKET_WIDTH));
    assert.ok(heading < rows.findIndex((r) => r.includes('Latte')), 'the note comes before the items');
    assert.ok(rows.some((r) => r.trim() === '** REPRINT **'));
    assert.doesNotMatch(formatTicket({ ...base, note: '  ' }), /NOTE/);
    assert.doesNotMatch(formatTicket(base), /NOTE|REPRINT/);
  });

  it('wrap splits on spaces and mid-word only when a word is too long', () => {
    assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
    assert.deepEqual(wrap('abcdefghijk', 4), ['abcd', 'efgh', 'ijk']);
    assert.deepEqual(wrap('', 4), ['']);
    assert.equal(centre('ab', 6), '  ab');
    assert.equal(leftRight('Left side that is far too long', '£1.00', 12), 'Left s £1.00');
  });
});
