// The receipt email with VAT (decision 332), as sent over SMTP and parsed back with mailparser:
// both parts carry net, VAT and total per rate in whole pence and the VAT number.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import { renderOrderEmail } from '../../src/outbox/email/templates.js';
import { mailOptions } from '../../src/outbox/email/compose.js';
import { messageOrder } from './message-order.js';

// Three £3.40 lattes and a £2.60 croissant: £12.80, VAT from the total 213 (not 57 × 3 + 43 = 214).
const order = messageOrder({
  state: 'paid',
  lines: [
    { name: 'Latte', options: ['Milk: Oat'], quantity: 3, unitPence: 340, totalPence: 1020, vatRatePercent: 20 },
    { name: 'Butter Croissant', options: [], quantity: 1, unitPence: 260, totalPence: 260, vatRatePercent: 20 },
  ],
  totalPence: 1280,
});

describe('the receipt email shows VAT', () => {
  it('per rate from the VAT-inclusive total, with the VAT number, in both parts', async () => {
    const mail = renderOrderEmail('payment-receipt', { order, publicUrl: 'https://alpaca.example', checkinWindowMs: 12 * 3_600_000, vatNumber: 'GB987654321' });
    const out = await nodemailer
      .createTransport({ streamTransport: true, buffer: true })
      .sendMail(mailOptions({ messageId: 'receipt-vat', template: 'payment-receipt', to: 'ada@example.com', ...mail }, 'Alpaca Cafe <orders@alpaca.example>'));
    const parsed = await simpleParser(out.message as Buffer);
    assert.match(parsed.text ?? '', /VAT \(VAT no\. GB 987 6543 21\)\n {2}20 %: net £10\.67 {2}VAT £2\.13 {2}total £12\.80/);
    const html = parsed.html || '';
    assert.match(html, /VAT no\. GB 987 6543 21/);
    assert.match(html, /<td[^>]*>20 %<\/td><td[^>]*>£10\.67<\/td><td[^>]*>£2\.13<\/td><td[^>]*>£12\.80<\/td>/);
  });

  it('is only on the receipt: a hold is not a receipt', () => {
    const placed = renderOrderEmail('order-placed', { order, publicUrl: 'https://alpaca.example', checkinWindowMs: 12 * 3_600_000, vatNumber: 'GB987654321' });
    assert.doesNotMatch(placed.text, /VAT no\./);
  });
});
