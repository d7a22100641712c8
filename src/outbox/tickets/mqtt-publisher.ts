// One long-lived MQTT connection per app instance, reconnecting by itself.
// A publish is done only when the broker's PUBACK arrives (QoS 1); with the
// broker away it fails at once, so the outbox row backs off and retries
// instead of piling up in the client's memory.
import { mqttPublishes } from '../../observability/counters.js';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';

export class MqttTicketPublisher {
  private readonly client: MqttClient;

  /** Set while the broker is away, so an outage is logged once, not at every reconnect attempt. */
  private lastProblem: string | null = null;

  constructor(
    url: string,
    private readonly onProblem: (message: string) => void = () => {},
  ) {
    this.client = mqtt.connect(url, {
      clientId: `alpaca-app-${randomBytes(6).toString('hex')}`,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // Nothing is queued while offline: the outbox is the queue.
      queueQoSZero: false,
    });
    // Without a listener an 'error' event would crash the process; reconnecting continues.
    this.client.on('error', (error) => this.report(`MQTT broker problem: ${error.message}`));
    this.client.on('offline', () => this.report('MQTT broker unreachable; tickets wait in the outbox'));
    this.client.on('connect', () => {
      if (this.lastProblem) this.onProblem('MQTT broker reachable again');
      this.lastProblem = null;
    });
  }

  /** The first problem after being connected is reported; the rest of the outage is quiet. */
  private report(problem: string): void {
    if (this.lastProblem === null) this.onProblem(problem);
    this.lastProblem = problem;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Resolves once the broker has acknowledged the message. */
  async publish(topic: string, payload: string): Promise<void> {
    try {
      if (!this.client.connected) throw new Error('MQTT broker is not connected');
      await this.client.publishAsync(topic, payload, { qos: 1 });
    } catch (error) {
      mqttPublishes.inc({ outcome: 'failed' });
      throw error;
    }
    mqttPublishes.inc({ outcome: 'ok' });
  }

  /** For tests and start-up: wait until connected (or time out). */
  async waitUntilConnected(timeoutMs: number): Promise<boolean> {
    if (this.client.connected) return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('connect', onConnect);
        resolve(ok);
      };
      const onConnect = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('connect', onConnect);
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
