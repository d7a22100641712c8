// Where rendered emails go: an SMTP server (SMTP_URL) or, with none configured,
// files in DATA_DIR/mail for the dev mailbox. Both name the message by the
// outbox row's message id, so a resent email can be recognised (SMTP: the
// Message-ID header) or lands on the same file (mailbox).
import nodemailer from 'nodemailer';
import { PermanentDeliveryError } from '../handlers.js';
import { mailOptions, type OutgoingMail } from './compose.js';
import type { FileMailbox } from './file-mailbox.js';

export type { OutgoingMail };

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: ReturnType<typeof nodemailer.createTransport>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    // One connection per message (no pool): nothing stays open between drains,
    // and a restarted mail server is simply reached on the next try.
    this.transporter = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transporter.sendMail(mailOptions(mail, this.from));
    } catch (error) {
      // The server refused this recipient or message for good (5xx): retrying
      // sends the same thing again, so park it for a person to look at.
      const e = error as { permanent?: boolean; code?: string; response?: string; message?: string };
      if (e.permanent && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')) {
        throw new PermanentDeliveryError(`mail server refused the message: ${e.response ?? e.message ?? 'unknown'}`);
      }
      throw error;
    }
  }

  close(): void {
    this.transporter.close();
  }
}

export class FileTransport implements MailTransport {
  readonly kind = 'file' as const;
  constructor(
    private readonly mailbox: FileMailbox,
    private readonly from: string,
    private readonly clock: () => Date,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.mailbox.write({ ...mail, from: this.from, date: this.clock().toISOString() });
  }

  close(): void {}
}
