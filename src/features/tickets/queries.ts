// The store's ticket feed: every ticket as it was rendered for the store (written by the
// outbox's ticket handler, src/outbox/tickets/ticket-feed.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface FeedTicket {
  messageId: string;
  orderId: string;
  orderNumber: string;
  text: string;
  createdAt: Date;
}

export async function recentTickets(db: Kysely<DB>, storeId: number, limit = 50): Promise<FeedTicket[]> {
  const rows = await db
    .selectFrom('store_tickets')
    .select(['message_id', 'order_id', 'order_number', 'text', 'created_at'])
    .where('store_id', '=', storeId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ messageId: r.message_id, orderId: r.order_id, orderNumber: r.order_number, text: r.text, createdAt: r.created_at }));
}
