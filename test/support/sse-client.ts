// A small Server-Sent Events client for tests: connects with fetch to a
// listening app, parses frames, and waits for the first event that matches.
import { HANG_MS } from './hang.js';
import { observeStream } from './contract.js';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  /** Resolves with the first event (already received or arriving) that matches, or rejects after timeoutMs. */
  next(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  events: SseEvent[];
  /** Resolves with Date.now() when the server ends the stream (not when close() aborts it). */
  ended: Promise<number>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let seen = 0;
  let markEnded: (at: number) => void = () => {};
  const ended = new Promise<number>((resolve) => {
    markEnded = resolve;
  });

  const deliver = (event: SseEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };

  const contentType = response.headers.get('content-type') ?? '';
  // The API contract check (contract.ts): an error answer now, a stream's events when it is closed.
  if (!response.ok) observeStream({ method: 'GET', url, status: response.status, contentType, body: await response.text() });

  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: SseEvent = { id: null, event: 'message', data: '' };
            let hasData = false;
            for (const line of frame.split('\n')) {
              if (line.startsWith(':')) continue;
              const [field, ...rest] = line.split(':');
              const value = rest.join(':').replace(/^ /, '');
              if (field === 'id') event.id = value;
              else if (field === 'event') event.event = value;
              else if (field === 'data') {
                event.data += (hasData ? '\n' : '') + value;
                hasData = true;
              }
            }
            if (hasData) deliver(event);
          }
        }
        markEnded(Date.now());
      } catch {
        // aborted by close()
      }
    })();
  }

  return {
    status: response.status,
    events,
    ended,
    next(match, timeoutMs = HANG_MS) {
      const already = events.slice(seen).find(match);
      if (already) {
        seen = events.indexOf(already) + 1;
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching SSE event within ${timeoutMs} ms (got ${events.length})`)), timeoutMs);
        waiters.push({
          match,
          resolve: (event) => {
            clearTimeout(timer);
            seen = events.indexOf(event) + 1;
            resolve(event);
          },
        });
      });
    },
    close() {
      if (response.ok && !controller.signal.aborted) observeStream({ method: 'GET', url, status: response.status, contentType, body: '', events });
      controller.abort();
    },
  };
}
