// A store's ticket printer: subscribes to alpaca/stores/<slug>/tickets with
// QoS 1 on a persistent session (clean: false and a fixed client id, so the
// broker keeps tickets published while the printer is off), prints each as a
// 42-column receipt, and acknowledges it only after it is printed.
import fs from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { formatTicket } from '../outbox/tickets/ticket-format.js';
import { parseTicketMessage, ticketDataFromMessage, ticketTopic } from '../outbox/tickets/ticket-message.js';
import type { SeenIds } from './seen-ids.js';

export interface PrinterOptions {
  store: string;
  mqttUrl: string;
  clientId: string;
  /** Append receipts to this file; stdout when null. */
  out: string | null;
  seen: SeenIds;
  log: (line: string) => void;
}

/** Space between receipts, where the paper would be cut. */
const FEED = '\n\n\n';

export function startPrinter(options: PrinterOptions): MqttClient {
  const topic = ticketTopic(options.store);
  const client = mqtt.connect(options.mqttUrl, {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  });

  const print = (text: string) => {
    if (options.out) fs.appendFileSync(options.out, text + FEED);
    else process.stdout.write(text + FEED);
  };

  // Runs before the PUBACK goes back: a ticket is acknowledged once it is on paper.
  client.handleMessage = (packet, done) => {
    try {
      const message = parseTicketMessage(packet.payload as Buffer);
      if (!message) {
        options.log(`skipped a message on ${packet.topic} that is not a ticket`);
      } else if (options.seen.has(message.messageId)) {
        options.log(`already printed ticket ${message.orderNumber} (${message.messageId}); not printing it again`);
      } else {
        print(formatTicket(ticketDataFromMessage(message)));
        options.seen.add(message.messageId);
        options.log(`printed ticket ${message.orderNumber}`);
      }
      done();
    } catch (error) {
      // Not acknowledged: the broker sends it again after a reconnect.
      options.log(`could not print: ${(error as Error).message}`);
      done(error as Error);
    }
  };

  client.on('connect', (connack) => {
    options.log(`connected to ${options.mqttUrl} as ${options.clientId}${connack.sessionPresent ? ' (session resumed)' : ''}`);
    if (!connack.sessionPresent) {
      client.subscribe(topic, { qos: 1 }, (error) => {
        if (error) options.log(`could not subscribe to ${topic}: ${error.message}`);
        else options.log(`listening on ${topic}`);
      });
    }
  });
  client.on('reconnect', () => options.log('reconnecting…'));
  client.on('error', (error) => options.log(`MQTT: ${error.message}`));
  return client;
}
