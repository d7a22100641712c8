// One registry of what delivers each kind of outbox message. A kind with no
// handler is never claimed: its rows wait (pending) until a handler exists.
import type { OutboxKind } from './enqueue.js';
import type { ClaimedRow } from './queries.js';

/** Delivers one message; throws to have it retried later (or parked). */
export type OutboxHandler = (row: ClaimedRow) => Promise<void>;

export type HandlerRegistry = Partial<Record<OutboxKind, OutboxHandler>>;

/**
 * A failure that retrying cannot fix (the order is gone, the template is
 * unknown, the mail server refused the recipient for good): the row is parked
 * at once instead of using up its attempts.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
