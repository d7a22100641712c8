import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmailTemplate } from '../../src/outbox/enqueue.js';
import { renderOrderEmail, renderPasswordResetEmail, type OrderTemplate } from '../../src/outbox/email/templates.js';
import { messageOrder as order } from './message-order.js';

const input = (o = order()) => ({ order: o, publicUrl: 'https://alpaca.example', checkinWindowMs: 12 * 3_600_000, vatNumber: 'GB123456789' });

describe('email templates', () => {
  it('order placed: says it is not a receipt, when the card is charged, and where the store is', () => {
    const mail = renderOrderEmail('order-placed', input());
    for (const part of [mail.text, mail.html]) {
      assert.match(part, /not a receipt/);
      assert.match(part, /charged when you check in/);
      assert.match(part, /112 High Street, Colchester, CO1 1DN/);
      assert.match(part, /09:05 BST/, 'the store’s local time');
      assert.match(part, /21:05 BST/, 'the check-in deadline, 12 hours on');
      assert.match(part, /Visa card ending 4242/);
      assert.match(part, /£9\.30/);
    }
    assert.match(mail.subject, /1042/);
    assert.match(mail.html, /href="https:\/\/alpaca\.example\/orders\/6f1c1a52-5a3b-4f51-9a51-0d7b6f0d2c11"/);
  });

  it('escapes what customers and admins typed in the HTML part, keeps it readable in the text part', () => {
    const mail = renderOrderEmail('order-placed', input(order({ customer: { firstName: '<b>Eve</b>', lastInitial: 'X', email: 'e@example.com' } })));
    assert.ok(!mail.html.includes('<img src=x'), 'no raw tag from a product name');
    assert.ok(mail.html.includes('&lt;img src=x onerror=alert(1)>') || mail.html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!mail.html.includes('<b>Eve</b>'));
    assert.ok(mail.text.includes('Latte <img src=x onerror=alert(1)>'), 'plain text is plain');
  });

  it('uses GMT in winter', () => {
    const mail = renderOrderEmail('payment-receipt', input(order({ paidAt: new Date('2026-11-25T12:05:00Z') })));
    assert.match(mail.text, /12:05 GMT/);
    assert.match(mail.text, /You paid £9\.30/);
  });

  it('every order template renders both parts with the order number', () => {
    const templates: OrderTemplate[] = ['order-placed', 'payment-receipt', 'payment-failed', 'order-ready', 'order-expired', 'order-cancelled'];
    for (const template of templates) {
      const mail = renderOrderEmail(template, { ...input(), reason: 'Your card was declined.' });
      assert.ok(mail.subject.includes('1042'), template);
      assert.ok(mail.text.includes('1042') && mail.html.includes('1042'), template);
      assert.ok(mail.html.startsWith('<!doctype html>'), template);
    }
    assert.match(renderOrderEmail('payment-failed', { ...input(), reason: 'Your card was declined.' }).text, /Your card was declined/);
    assert.match(renderOrderEmail('order-expired', input()).text, /have not been charged/);
    assert.match(renderOrderEmail('order-cancelled', input()).text, /have not been charged/);
    assert.match(renderOrderEmail('order-ready', input()).text, /ready/);
  });

  it('a refund says how much, where it goes, what was refunded and why', () => {
    const card = renderOrderEmail('order-refunded', {
      ...input(),
      refund: { amountPence: 340, method: 'gateway', reason: 'Oat milk ran out', lines: [{ name: 'Latte', quantity: 1 }] },
    });
    assert.equal(card.subject, 'Refund of £3.40 for order 1042');
    assert.match(card.text, /goes back to your Visa card ending 4242/);
    assert.match(card.text, /Refunded: 1 × Latte\./);
    assert.match(card.text, /Reason: Oat milk ran out/);
    const cash = renderOrderEmail('order-refunded', { ...input(), refund: { amountPence: 930, method: 'cash', reason: 'Wrong order', lines: [] } });
    assert.match(cash.text, /refunded in cash at the counter/);
    assert.doesNotMatch(cash.text, /Refunded:/);
  });

  it('password reset: the link, how long it works, and what to do if you did not ask', () => {
    const template: EmailTemplate = 'password-reset';
    const mail = renderPasswordResetEmail({ firstName: 'Ada', resetUrl: 'https://alpaca.example/password-reset/confirm?token=abc&x=1', ttlMs: 3_600_000 });
    assert.equal(typeof template, 'string');
    assert.match(mail.text, /https:\/\/alpaca\.example\/password-reset\/confirm\?token=abc&x=1/);
    assert.match(mail.html, /href="https:\/\/alpaca\.example\/password-reset\/confirm\?token=abc&amp;x=1"/);
    assert.match(mail.text, /1 hour/);
    assert.match(mail.text, /ignore this email/);
  });
});
