// Delivers a 'ticket' row: renders the paid order's ticket, keeps it in the
// store's feed, and publishes it to the store's MQTT topic when MQTT is configured.
import type { AppDeps } from '../../deps.js';
import { PermanentDeliveryError, type OutboxHandler } from '../handlers.js';
import { loadOrderForMessages } from '../order-snapshot.js';
import { recordTicket } from './ticket-feed.js';
import type { MqttTicketPublisher } from './mqtt-publisher.js';
import { buildTicketMessage, ticketTopic } from './ticket-message.js';

export function ticketHandler(deps: AppDeps, publisher: MqttTicketPublisher | null): OutboxHandler {
  return async (row) => {
    const orderId = row.payload['orderId'];
    if (typeof orderId !== 'string' && typeof orderId !== 'number') throw new PermanentDeliveryError('ticket without an orderId');
    const order = await loadOrderForMessages(deps.db.writer, String(orderId));
    if (!order) throw new PermanentDeliveryError(`order ${orderId} not found`);
    const ticket = buildTicketMessage(order, row.messageId, row.payload['reprint'] === true);
    // The feed is written first and is idempotent, so a retry after a failed
    // publish neither loses the feed entry nor duplicates it.
    await recordTicket(deps.db.writer, order.store.id, ticket);
    if (publisher) await publisher.publish(ticketTopic(order.store.slug), JSON.stringify(ticket));
  };
}
