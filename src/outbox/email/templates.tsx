// Every email the cafe sends, each with an HTML and a plain-text part saying the
// same thing. Times are the store's local time; the store's address is spelled out.
import { formatPence } from '../../domain/money.js';
import { formatAddress } from '../../domain/store.js';
import type { AccountEmailTemplate, EmailTemplate } from '../enqueue.js';
import { formatStoreDateTime } from '../local-time.js';
import type { OrderForMessages, RefundForMessages } from '../order-snapshot.js';
import { Button, EmailLayout, LinesTable, linesText, renderHtml } from './layout.js';
import { cardBrandName, clause } from '../../domain/words.js';
import { VatTable, vatText } from './vat-receipt.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface OrderEmailInput {
  order: OrderForMessages;
  publicUrl: string;
  checkinWindowMs: number;
  /** The company's VAT number, printed on the receipt (decision 332). */
  vatNumber: string;
  /** Why a payment failed, when the gateway said. */
  reason?: string | undefined;
  /** The refund an 'order-refunded' email is about. */
  refund?: RefundForMessages | undefined;
}

export interface PasswordResetInput {
  firstName: string;
  resetUrl: string;
  ttlMs: number;
}

export type OrderTemplate = Exclude<EmailTemplate, 'password-reset' | AccountEmailTemplate>;

export interface AccountEmailInput {
  firstName: string;
  /** The confirmation link (verify-email, confirm-new-email). */
  url?: string | undefined;
  /** The address being confirmed or moved to. */
  newEmail?: string | undefined;
  ttlMs: number;
}

function hoursText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

function orderUrl(input: OrderEmailInput): string {
  return `${input.publicUrl.replace(/\/$/, '')}/orders/${encodeURIComponent(input.order.id)}`;
}

function cardText(order: OrderForMessages): string {
  if (!order.card) return 'your card';
  return `your ${cardBrandName(order.card.brand)} card ending ${order.card.last4}`;
}

interface Parts {
  subject: string;
  heading: string;
  /** Paragraphs, in order; shared by both parts. */
  paragraphs: string[];
  lines?: boolean;
  /** With the lines: the VAT table of a receipt, with this VAT number. */
  vat?: string;
  link?: { href: string; label: string };
  footer?: string[];
}

function assemble(order: OrderForMessages | null, parts: Parts): RenderedEmail {
  const html = renderHtml(
    <EmailLayout title={parts.subject}>
      <h1 style="font-size:20px;margin:0 0 12px;">{parts.heading}</h1>
      {parts.paragraphs.map((p) => (
        <p style="margin:0 0 12px;line-height:1.5;">{p}</p>
      ))}
      {parts.lines && order && <LinesTable lines={order.lines} totalPence={order.totalPence} />}
      {parts.vat && order && <VatTable lines={order.lines} vatNumber={parts.vat} />}
      {parts.link && <Button href={parts.link.href}>{parts.link.label}</Button>}
      {(parts.footer ?? []).map((p) => (
        <p style="margin:0 0 8px;font-size:13px;color:#7d6f63;line-height:1.5;">{p}</p>
      ))}
    </EmailLayout>,
  );
  const text = [
    parts.heading,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    ...(parts.lines && order ? [linesText(order.lines, order.totalPence), ''] : []),
    ...(parts.vat && order ? [vatText(order.lines, parts.vat), ''] : []),
    ...(parts.link ? [`${parts.link.label}: ${parts.link.href}`, ''] : []),
    ...(parts.footer ?? []).flatMap((p) => [p, '']),
    '-- ',
    'Alpaca Cafe · order ahead, collect in store · prices include VAT',
  ].join('\n');
  return { subject: parts.subject, text, html };
}

function storeLine(order: OrderForMessages): string {
  return `${order.store.name}, ${formatAddress(order.store)}`;
}

const orderTemplates: Record<OrderTemplate, (input: OrderEmailInput) => Parts> = {
  'order-placed': (input) => {
    const { order } = input;
    const tz = order.store.timezone;
    const deadline = new Date(order.placedAt.getTime() + input.checkinWindowMs);
    return {
      subject: `Order ${order.number} placed — collect from ${order.store.name}`,
      heading: `Thanks, ${order.customer.firstName} — order ${order.number} is placed`,
      paragraphs: [
        `This is not a receipt. We have put a hold of ${formatPence(order.totalPence)} on ${cardText(order)}; you'll be charged when you check in at the store by tapping "I'm here" on your order page.`,
        `Collect from ${storeLine(order)}.`,
        `Placed ${formatStoreDateTime(order.placedAt, tz)}. Please check in by ${formatStoreDateTime(deadline, tz)} (within ${hoursText(input.checkinWindowMs)}); after that the hold is released and the order expires.`,
      ],
      lines: true,
      link: { href: orderUrl(input), label: 'Open your order' },
    };
  },
  'payment-receipt': (input) => {
    const { order } = input;
    const paidAt = order.paidAt ?? order.placedAt;
    return {
      subject: `Receipt for order ${order.number} — ${formatPence(order.totalPence)}`,
      heading: `Receipt for order ${order.number}`,
      paragraphs: [
        `You paid ${formatPence(order.totalPence)} with ${cardText(order)} on ${formatStoreDateTime(paidAt, order.store.timezone)}.`,
        `We're making it now at ${storeLine(order)}. We'll email you when it's ready at the counter.`,
      ],
      lines: true,
      vat: input.vatNumber,
      link: { href: orderUrl(input), label: 'Follow your order' },
      footer: ['Prices include VAT. Keep this email as your receipt.'],
    };
  },
  'payment-failed': (input) => {
    const { order } = input;
    return {
      subject: `We couldn't take payment for order ${order.number}`,
      heading: `Payment for order ${order.number} didn't go through`,
      paragraphs: [
        `We tried to charge ${formatPence(order.totalPence)} to ${cardText(order)}, but the payment was refused${input.reason ? ` (${clause(input.reason)})` : ''}. You have not been charged.`,
        `Your order is waiting: pay with another card on your order page (the link below), or at the till at ${storeLine(order)} — staff can find it by its number, ${order.number}.`,
      ],
      lines: true,
      link: { href: orderUrl(input), label: 'Pay with another card' },
    };
  },
  'order-ready': (input) => {
    const { order } = input;
    return {
      subject: `Order ${order.number} is ready to collect`,
      heading: `Your order ${order.number} is ready`,
      paragraphs: [`Collect it from the counter at ${storeLine(order)} — just give your name, ${order.customer.firstName}.`],
      lines: true,
      link: { href: orderUrl(input), label: 'Open your order' },
    };
  },
  'order-expired': (input) => {
    const { order } = input;
    return {
      subject: `Order ${order.number} has expired — you have not been charged`,
      heading: `Order ${order.number} has expired`,
      paragraphs: [
        `You didn't check in at ${order.store.name} within ${hoursText(input.checkinWindowMs)} of ordering, so we've cancelled the order and released the hold of ${formatPence(order.totalPence)} on ${cardText(order)}. You have not been charged.`,
        'Depending on your bank, the hold can take a few days to disappear from your statement.',
      ],
      lines: true,
    };
  },
  'order-not-started': (input) => {
    const { order } = input;
    return {
      subject: `Order ${order.number} was not started — you have not been charged`,
      heading: `We could not start order ${order.number}`,
      paragraphs: [
        `When it was time to start making your order, ${order.store.name} could not make it (it was paused or closed, or an item sold out), so we did not charge ${cardText(order)}.`,
        `Open your order to choose another pickup time, start it when you arrive, or cancel it and release the hold of ${formatPence(order.totalPence)}.`,
      ],
      lines: true,
    };
  },
  'order-cancelled': (input) => {
    const { order } = input;
    return {
      subject: `Order ${order.number} is cancelled — you have not been charged`,
      heading: `Order ${order.number} is cancelled`,
      paragraphs: [
        `As you asked, we've cancelled your order from ${order.store.name} and released the hold of ${formatPence(order.totalPence)} on ${cardText(order)}. You have not been charged.`,
        'Depending on your bank, the hold can take a few days to disappear from your statement.',
      ],
      lines: true,
    };
  },
  'order-refunded': refundParts,
};

function refundParts(input: OrderEmailInput): Parts {
  const { order, refund } = input;
  const amount = formatPence(refund?.amountPence ?? 0);
  const whereTo =
    refund?.method === 'cash' ? 'You were refunded in cash at the counter.' : `It goes back to ${cardText(order)}; banks usually show it within 5 to 10 days.`;
  const what = refund && refund.lines.length > 0 ? [`Refunded: ${refund.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')}.`] : [];
  return {
    subject: `Refund of ${amount} for order ${order.number}`,
    heading: `We've refunded ${amount} for order ${order.number}`,
    paragraphs: [whereTo, ...what, ...(refund?.reason ? [`Reason: ${refund.reason}`] : [])],
    lines: true,
    link: { href: orderUrl(input), label: 'See your order' },
  };
}

export function renderOrderEmail(template: OrderTemplate, input: OrderEmailInput): RenderedEmail {
  return assemble(input.order, orderTemplates[template](input));
}

export function renderPasswordResetEmail(input: PasswordResetInput): RenderedEmail {
  return assemble(null, {
    subject: 'Reset your Alpaca Cafe password',
    heading: `Reset your password, ${input.firstName}`,
    paragraphs: [`Someone (we hope you) asked to reset the password of your Alpaca Cafe account. The link below works once, for ${hoursText(input.ttlMs)}.`],
    link: { href: input.resetUrl, label: 'Choose a new password' },
    footer: ["If you didn't ask, ignore this email: your password stays as it is."],
  });
}

const ACCOUNT_TEMPLATES: AccountEmailTemplate[] = ['verify-email', 'confirm-new-email', 'email-change-notice', 'login-throttled'];

export function isAccountTemplate(template: string): template is AccountEmailTemplate {
  return (ACCOUNT_TEMPLATES as string[]).includes(template);
}

export function renderAccountEmail(template: AccountEmailTemplate, input: AccountEmailInput): RenderedEmail {
  if (template === 'login-throttled') {
    return assemble(null, {
      subject: 'Someone is trying to log in to your Alpaca Cafe account',
      heading: `Hello ${input.firstName}`,
      paragraphs: [
        'There have been many failed attempts to log in to your Alpaca Cafe account, so we have paused logins to it for a few minutes.',
        'If this was you, wait a little and try again, or reset your password. If it was not, your account is safe: nobody got in. Choosing a new, longer password makes it safer still.',
      ],
    });
  }
  if (template === 'email-change-notice') {
    return assemble(null, {
      subject: 'Your Alpaca Cafe email address is changing',
      heading: `Hello ${input.firstName}`,
      paragraphs: [
        `Someone signed in to your Alpaca Cafe account asked to use ${input.newEmail ?? 'a new address'} instead of this one. It changes only once that address confirms it, by the link we sent there.`,
        'If this was not you, log in and change your password, then sign out everywhere else from your account page.',
      ],
    });
  }
  const link = input.url ?? '';
  if (template === 'confirm-new-email') {
    return assemble(null, {
      subject: 'Confirm your new Alpaca Cafe email address',
      heading: `Confirm your new address, ${input.firstName}`,
      paragraphs: [
        `Your Alpaca Cafe account will use ${input.newEmail ?? 'this address'} once you confirm it. The link works once, for ${hoursText(input.ttlMs)}.`,
      ],
      link: { href: link, label: 'Confirm this address' },
      footer: ["If you didn't ask, ignore this email: the account keeps its old address."],
    });
  }
  return assemble(null, {
    subject: 'Confirm your Alpaca Cafe email address',
    heading: `Welcome, ${input.firstName}`,
    paragraphs: [`Please confirm that this address is yours: receipts and password resets come here. The link works once, for ${hoursText(input.ttlMs)}.`],
    link: { href: link, label: 'Confirm my email' },
    footer: ["If you didn't make an Alpaca Cafe account, ignore this email."],
  });
}

export function isOrderTemplate(template: string): template is OrderTemplate {
  return Object.hasOwn(orderTemplates, template);
}
