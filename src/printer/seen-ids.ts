// The message ids a printer has already printed, so a ticket the broker
// delivers again (QoS 1 is at-least-once; the app may resend after a crash) is
// printed once. Kept in a file, so a restarted printer still knows.
import fs from 'node:fs';
import path from 'node:path';

export class SeenIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  private appended = 0;

  /** `file` null: remember in memory only (for as long as the process runs). */
  constructor(
    private readonly file: string | null,
    private readonly keep = 2000,
  ) {
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const id of text.split('\n').filter(Boolean).slice(-keep)) this.remember(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.remember(id);
    if (!this.file) return;
    fs.appendFileSync(this.file, `${id}\n`);
    // Now and then rewrite the file with only the ids still remembered.
    if (++this.appended >= this.keep) {
      fs.writeFileSync(`${this.file}.tmp`, `${this.order.join('\n')}\n`);
      fs.renameSync(`${this.file}.tmp`, this.file);
      this.appended = 0;
    }
  }

  private remember(id: string): void {
    this.ids.add(id);
    this.order.push(id);
    while (this.order.length > this.keep) this.ids.delete(this.order.shift()!);
  }
}
