// An order as the email templates and tickets see it (OrderForMessages), for tests that render
// messages without a database. Override what a test is about.
import type { OrderForMessages } from '../../src/outbox/order-snapshot.js';

export function messageOrder(overrides: Partial<OrderForMessages> = {}): OrderForMessages {
  return {
    id: '6f1c1a52-5a3b-4f51-9a51-0d7b6f0d2c11',
    number: '1042',
    state: 'authorised',
    customer: { firstName: 'Ada', lastInitial: 'L', email: 'ada@example.com' },
    store: {
      id: 1,
      slug: 'colchester',
      name: 'Alpaca Cafe Colchester',
      addressLine1: '112 High Street',
      addressLine2: null,
      town: 'Colchester',
      postcode: 'CO1 1DN',
      phone: '',
      timezone: 'Europe/London',
      paused: false,
      pausedUntil: null,
      drinksPerSlot: 12,
      busyExtra: null,
      hours: [],
    },
    lines: [{ name: 'Latte <img src=x onerror=alert(1)>', options: ['Milk: Oat'], quantity: 2, unitPence: 465, totalPence: 930, vatRatePercent: 20 }],
    totalPence: 930,
    placedAt: new Date('2026-07-01T08:05:00Z'), // 09:05 BST
    paidAt: new Date('2026-07-01T08:20:00Z'),
    card: { brand: 'visa', last4: '4242' },
    paymentFailure: null,
    note: null,
    ...overrides,
  };
}
