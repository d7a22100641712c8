// Everything that delivers the outbox in one process: the handler registry,
// the mail transport, the MQTT connection and the drainer. main.ts starts it;
// tests build it and call drainOnce() themselves.
import type { AppDeps } from '../deps.js';
import { OutboxDrainer, type DrainerLog, type DrainResult } from './drainer.js';
import { emailHandler } from './email/handler.js';
import { FileMailbox } from './email/file-mailbox.js';
import { FileTransport, SmtpTransport, type MailTransport } from './email/transport.js';
import type { HandlerRegistry } from './handlers.js';
import { MqttTicketPublisher } from './tickets/mqtt-publisher.js';
import { ticketHandler } from './tickets/handler.js';
import { paymentVoidHandler } from './payment-void-handler.js';
import { describeError } from './handlers.js';

export interface Outbox {
  drainer: OutboxDrainer;
  mail: MailTransport;
  /** Null when MQTT_URL is unset: tickets then only go to the in-app feed. */
  publisher: MqttTicketPublisher | null;
  drainOnce(): Promise<DrainResult>;
  /** Polls, and drains at once whenever the database says rows were added (the live hub's outbox signal). */
  start(): Promise<void>;
  /** Stops polling, lets the batch in hand finish, closes SMTP and MQTT. */
  close(): Promise<void>;
}

export function mailTransportFor(deps: AppDeps): MailTransport {
  const { config } = deps;
  return config.smtpUrl
    ? new SmtpTransport(config.smtpUrl, config.mailFrom, config.outboxDeliveryTimeoutMs)
    : new FileTransport(new FileMailbox(config.dataDir), config.mailFrom, deps.clock);
}

/** The one list of what delivers each kind (a kind left out is never claimed: its rows wait). */
export function buildHandlers(deps: AppDeps, mail: MailTransport, publisher: MqttTicketPublisher | null): HandlerRegistry {
  return {
    email: emailHandler(deps, mail),
    ticket: ticketHandler(deps, publisher),
    'payment-void': paymentVoidHandler(deps),
  };
}

export function createOutbox(deps: AppDeps, log?: DrainerLog): Outbox {
  const { config } = deps;
  const mail = mailTransportFor(deps);
  const publisher = config.mqttUrl ? new MqttTicketPublisher(config.mqttUrl, (message) => log?.warn({ mqtt: config.mqttUrl }, message)) : null;
  const drainer = new OutboxDrainer({
    db: deps.db.writer,
    handlers: buildHandlers(deps, mail, publisher),
    pollMs: config.outboxPollMs,
    batchSize: config.outboxBatchSize,
    leaseMs: config.outboxLeaseMs,
    deliveryTimeoutMs: config.outboxDeliveryTimeoutMs,
    maxAttempts: config.outboxMaxAttempts,
    backoff: { baseMs: config.outboxBackoffBaseMs, maxMs: config.outboxBackoffMaxMs },
    ...(log ? { log } : {}),
  });
  let unwatch: (() => void) | undefined;
  return {
    drainer,
    mail,
    publisher,
    drainOnce: () => drainer.drainOnce(),
    async start() {
      drainer.start();
      // Without LISTEN (the database is away at start) the poll still delivers; the hub's
      // reconnects bring the signal back, and `onMissed` drains whatever came meanwhile.
      unwatch = await deps.live
        .watchSignal(
          'outbox',
          () => drainer.wake(),
          () => drainer.wake(),
        )
        .catch((error: unknown) => {
          log?.warn({ err: describeError(error) }, 'outbox: no LISTEN for new rows; polling only');
          return undefined;
        });
    },
    async close() {
      unwatch?.();
      await drainer.stop();
      mail.close();
      await publisher?.close();
    },
  };
}
