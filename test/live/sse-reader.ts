// A Server-Sent Events reader over node:http for the live tests: counts heartbeats and sees the stream end.
import http from 'node:http';
import { HANG_MS } from '../support/hang.js';

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private request: http.ClientRequest | null = null;

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        client.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        res.on('end', () => {
          client.ended = true;
          client.wake();
        });
        resolve(client);
      });
      client.request.on('error', (error) => {
        if (!client.status) return reject(error);
        client.ended = true;
        client.wake();
      });
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let index: number;
    while ((index = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, index);
      this.buffer = this.buffer.slice(index + 2);
      const event: SseEvent = {};
      let isComment = true;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        isComment = false;
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        if (field === 'id' || field === 'event' || field === 'data') event[field] = value;
      }
      if (isComment) this.comments++;
      else if (event.data !== undefined) this.events.push(event);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves when `predicate` holds, or rejects after `timeoutMs`. */
  async until(predicate: (client: SseClient) => boolean, timeoutMs = HANG_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  states(): string[] {
    return this.events.filter((e) => e.event === 'order').map((e) => JSON.parse(e.data!).state as string);
  }

  close(): void {
    this.request?.destroy();
  }
}
