// The environment of one app instance: where its databases, broker and listen address are.
export interface AppEnvOptions {
  host: string;
  port: number;
  /** Host (VIP on real hosts) of HAProxy's PostgreSQL write and read ports. */
  dbHost: string;
  writePort: number;
  readPort: number;
  database: { name: string; user: string };
  password: string;
  mqtt: { host: string; port: number };
  sessionSecret: string;
  /** The mail relay (required in production: without it emails would go to the development mailbox). */
  smtpUrl?: string;
  nodeEnv: 'development' | 'production';
  /** The address customers use: HAProxy's front door (or the VIP / domain on real hosts). */
  publicUrl: string;
  /** How long /readyz says 404 before the app stops listening: > HAProxy's fall 2 x inter 1s. */
  drainDelayMs: number;
  /** The other instances' own addresses: asked whether they reach the writer when this one cannot (decision 803). */
  peerUrls?: string[];
  /** The load balancers whose X-Forwarded-For the app believes (default: loopback). */
  trustProxy?: string[];
}

export function appEnv(o: AppEnvOptions): Record<string, string> {
  const pw = encodeURIComponent(o.password);
  const user = encodeURIComponent(o.database.user);
  const db = (port: number) => `postgres://${user}:${pw}@${o.dbHost}:${port}/${o.database.name}`;
  return {
    NODE_ENV: o.nodeEnv,
    HOST: o.host,
    PORT: String(o.port),
    DATABASE_URL: db(o.writePort),
    DATABASE_READ_URL: db(o.readPort),
    MQTT_URL: `mqtt://${o.mqtt.host}:${o.mqtt.port}`,
    SESSION_SECRET: o.sessionSecret,
    ...(o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {}),
    PUBLIC_URL: o.publicUrl,
    DRAIN_DELAY_MS: String(o.drainDelayMs),
    TRUST_PROXY: (o.trustProxy ?? ['loopback']).join(','),
    ...(o.peerUrls?.length ? { PEER_URLS: o.peerUrls.join(',') } : {}),
  };
}

export const envFile = (vars: Record<string, string>, comment: string): string =>
  `# ${comment}\n${Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
