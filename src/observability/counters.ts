// What happened in this process, for Prometheus: counters (and the live-stream gauge and histogram)
// incremented where the thing happens — the order transition, the payment gateway, the outbox
// drainer, the MQTT publisher, the SSE stream — and exposed on /metrics next to each app's own
// registry (features/metrics). One registry per process: an instance runs one app; tests that run
// several apps in one process compare before and after (decision 705).
// A counter counts inside the transaction that records the change, so a transaction that is rolled
// back and re-run (a serialization failure, a failover) may count a change twice; rates are right
// to within those rare repeats.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();
const registers = [processRegistry];

export const ordersPlaced = new Counter({
  name: 'alpaca_orders_placed_total',
  help: 'Orders placed (the first event of an order)',
  registers,
});

export const orderTransitions = new Counter({
  name: 'alpaca_order_transitions_total',
  help: 'Order state changes, by the state left (none for a new order) and the state entered',
  labelNames: ['from', 'to'] as const,
  registers,
});

/** `declined`: the bank said no (the customer's problem); `configuration`: a wrong key, a permission or an invalid request (ours); `transient`: network, 5xx, rate limit (retried). */
export type PaymentErrorKind = 'declined' | 'configuration' | 'transient';
export const paymentErrors = new Counter({
  name: 'alpaca_payment_errors_total',
  help: 'Payment provider calls that failed, by kind: declined, configuration (wrong key, permission, invalid request: not retried) or transient (retried)',
  labelNames: ['operation', 'kind'] as const,
  registers,
});

export const outboxDeliveries = new Counter({
  name: 'alpaca_outbox_deliveries_total',
  help: 'Outbox delivery attempts by message kind and outcome: delivered, retry (failed, tried again later) or parked (failed for good)',
  labelNames: ['kind', 'outcome'] as const,
  registers,
});

export const mqttPublishes = new Counter({
  name: 'alpaca_mqtt_publishes_total',
  help: 'Printer tickets published to the MQTT broker, by outcome: ok or failed',
  labelNames: ['outcome'] as const,
  registers,
});

export const sseStreams = new Gauge({
  name: 'alpaca_sse_streams',
  help: 'Live streams (Server-Sent Events) open on this instance, by route',
  labelNames: ['route'] as const,
  registers,
});

export const sseStreamDuration = new Histogram({
  name: 'alpaca_sse_stream_duration_seconds',
  help: 'How long live streams stayed open, by route (observed when a stream ends)',
  labelNames: ['route'] as const,
  buckets: [1, 10, 30, 60, 300, 900, 1800, 3600, 4 * 3600],
  registers,
});
