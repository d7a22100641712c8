// The development mailbox: each email as DATA_DIR/mail/<message id>.json (what
// the dev mailbox page lists) and .eml (open it in any mail program). Written
// under the message id, so an email sent twice is still one file.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { mailOptions } from './compose.js';

export interface StoredMail {
  messageId: string;
  template: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** When it was "sent" (ISO). */
  date: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content);
  await fs.rename(tmp, file);
}

export class FileMailbox {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'mail');
  }

  async write(mail: StoredMail): Promise<void> {
    if (!UUID.test(mail.messageId)) throw new Error(`not a message id: ${mail.messageId}`);
    await fs.mkdir(this.dir, { recursive: true });
    const raw = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mailOptions(mail, mail.from, new Date(mail.date)));
    await writeAtomically(path.join(this.dir, `${mail.messageId}.eml`), raw.message as Buffer);
    await writeAtomically(path.join(this.dir, `${mail.messageId}.json`), JSON.stringify(mail, null, 2));
  }

  /** Newest first. */
  async list(limit = 200): Promise<StoredMail[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const mails = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.read(n.slice(0, -'.json'.length))));
    return mails
      .filter((m): m is StoredMail => m !== null)
      .sort((a, b) => b.date.localeCompare(a.date) || a.messageId.localeCompare(b.messageId))
      .slice(0, limit);
  }

  /** One message by id, or null (unknown id, or not a message id at all — never a path). */
  async read(messageId: string): Promise<StoredMail | null> {
    if (!UUID.test(messageId)) return null;
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, `${messageId}.json`), 'utf8')) as StoredMail;
    } catch {
      return null;
    }
  }

  async raw(messageId: string): Promise<Buffer | null> {
    if (!UUID.test(messageId)) return null;
    try {
      return await fs.readFile(path.join(this.dir, `${messageId}.eml`));
    } catch {
      return null;
    }
  }
}
