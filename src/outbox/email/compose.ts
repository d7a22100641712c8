// The one place a rendered email becomes a message for nodemailer, shared by
// the SMTP transport and the dev file mailbox so both send the same bytes.
import type { SendMailOptions } from 'nodemailer';
import { messageIdHeader } from './message-id.js';

export interface OutgoingMail {
  /** The outbox row's message id (a UUID). */
  messageId: string;
  template: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * RFC 5322 allows CR and LF only together. The templates join lines with "\n";
 * nodemailer writes its own headers with CRLF but copies body lines as given,
 * so a message would mix the two. Normalised here, once, for every part.
 */
export function crlf(body: string): string {
  return body.replace(/\r?\n|\r/g, '\r\n');
}

export function mailOptions(mail: OutgoingMail, from: string, date?: Date): SendMailOptions {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: crlf(mail.text),
    html: crlf(mail.html),
    ...(date ? { date } : {}),
    messageId: messageIdHeader(mail.messageId, from),
    headers: { 'X-Alpaca-Template': mail.template },
  };
}
