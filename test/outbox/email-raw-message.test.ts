// Every email the app sends, built into the full raw message the way the app
// sends it (SMTP's message options through nodemailer's stream transport, and
// the dev file mailbox's .eml), must be RFC 5322 clean: CRLF line endings only.
// A real parser (mailparser) then reads the subject, sender, recipient and text.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import nodemailer from 'nodemailer';
import { FileMailbox } from '../../src/outbox/email/file-mailbox.js';
import { mailOptions } from '../../src/outbox/email/compose.js';
import { renderOrderEmail, renderPasswordResetEmail, type OrderTemplate, type RenderedEmail } from '../../src/outbox/email/templates.js';
import { messageOrder } from './message-order.js';

const FROM = 'Alpaca Cafe <orders@alpaca.example>';
const TO = 'ada@example.com';

const order = messageOrder({
  customer: { firstName: 'Ada', lastInitial: 'L', email: TO },
  // Options make the lines table span two lines per item in the text part.
  lines: [
    { name: 'Latte', options: ['Milk: Oat', 'Shots: Double'], quantity: 2, unitPence: 465, totalPence: 930, vatRatePercent: 20 },
    { name: 'Flat white', options: [], quantity: 1, unitPence: 380, totalPence: 380, vatRatePercent: 20 },
  ],
  totalPence: 1310,
  paymentFailure: 'card declined',
});

const ORDER_TEMPLATES: OrderTemplate[] = ['order-placed', 'payment-receipt', 'payment-failed', 'order-ready', 'order-expired', 'order-cancelled'];

const rendered: [string, RenderedEmail][] = [
  ...ORDER_TEMPLATES.map((t): [string, RenderedEmail] => [
    t,
    renderOrderEmail(t, { order, publicUrl: 'https://alpaca.example', checkinWindowMs: 12 * 3_600_000, vatNumber: 'GB123456789' }),
  ]),
  ['password-reset', renderPasswordResetEmail({ firstName: 'Ada', resetUrl: 'https://alpaca.example/password-reset/confirm?token=abc', ttlMs: 3_600_000 })],
];

const MESSAGE_ID = '0b9d7c4e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

function bareLineFeeds(raw: string): number {
  return raw.match(/(?<!\r)\n/g)?.length ?? 0;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** The text part with its line endings set aside, to compare words with the rendered text. */
function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trimEnd());
}

async function assertClean(name: string, raw: string, mail: RenderedEmail): Promise<void> {
  assert.equal(bareLineFeeds(raw), 0, `${name}: bare LF in the raw message`);
  const parsed = await simpleParser(raw);
  assert.equal(parsed.subject, mail.subject, `${name}: subject`);
  assert.deepEqual(addresses(parsed.from), ['orders@alpaca.example'], `${name}: from`);
  assert.deepEqual(addresses(parsed.to), [TO], `${name}: to`);
  assert.ok(parsed.text, `${name}: a text part`);
  assert.deepEqual(lines(parsed.text).filter(Boolean), lines(mail.text).filter(Boolean), `${name}: the text part survives`);
  assert.ok(parsed.html && parsed.html.includes(mail.subject.split(' ')[0] ?? ''), `${name}: an HTML part`);
}

describe('raw email messages are RFC 5322 clean (CRLF only) and parse back', () => {
  const tmpDirs: string[] = [];
  after(async () => {
    await Promise.all(tmpDirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  for (const [template, mail] of rendered) {
    it(`${template}: as sent over SMTP`, async () => {
      const out = await nodemailer
        .createTransport({ streamTransport: true, buffer: true })
        .sendMail(mailOptions({ messageId: MESSAGE_ID, template, to: TO, ...mail }, FROM));
      await assertClean(template, (out.message as Buffer).toString('utf8'), mail);
    });

    it(`${template}: as written to the dev file mailbox`, async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-mail-'));
      tmpDirs.push(dir);
      const mailbox = new FileMailbox(dir);
      await mailbox.write({ messageId: MESSAGE_ID, template, to: TO, from: FROM, date: '2026-07-01T08:05:00.000Z', ...mail });
      const raw = await mailbox.raw(MESSAGE_ID);
      assert.ok(raw, 'the .eml was written');
      await assertClean(template, raw.toString('utf8'), mail);
    });
  }
});
