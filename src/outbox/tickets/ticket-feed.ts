// Writing a delivered ticket into its store's feed (store_tickets), which the staff ticket page
// (src/features/tickets) shows: the in-app printer when none is attached.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TicketMessage } from './ticket-message.js';

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
