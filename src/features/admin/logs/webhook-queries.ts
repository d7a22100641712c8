// Received Stripe events as the admin's webhook log shows them, newest first.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { LOG_PAGE_SIZE } from './outbox-queries.js';

export interface WebhookEntry {
  eventId: string;
  type: string;
  payload: unknown;
  receivedAt: Date;
  processedAt: Date | null;
  result: string | null;
}

export async function listWebhookEvents(db: Kysely<DB>, page: number): Promise<{ entries: WebhookEntry[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('stripe_webhook_events')
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('event_id')
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > LOG_PAGE_SIZE,
    entries: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      eventId: r.event_id,
      type: r.type,
      payload: r.payload,
      receivedAt: r.received_at,
      processedAt: r.processed_at,
      result: r.result,
    })),
  };
}
