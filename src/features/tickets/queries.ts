// The store's ticket feed: every ticket as it was rendered for the store.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TicketMessage } from '../../outbox/tickets/ticket-message.js';

export interface FeedTicket {
  messageId: string;
  orderId: string;
  orderNumber: string;
  text: string;
  createdAt: Date;
}

/** Idempotent by message id: a redelivered ticket is still one entry. */
export async function recordTicket(db: Kysely<DB>, storeId: number, ticket: TicketMessage): Promise<void> {
  await db
    .insertInto('store_tickets')
    .values({
      store_id: storeId,
      message_id: ticket.messageId,
      order_id: ticket.orderId,
      order_number: ticket.orderNumber,
      payload: sql<string>`cast(${JSON.stringify(ticket)} as text)::jsonb`,
      text: ticket.text,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
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
  return rows.map((r) => ({ messageId: r.message_id, orderId: r.order_id, orderNumber: r.order_number, text: r.text, createdAt: new Date(r.created_at) }));
}
