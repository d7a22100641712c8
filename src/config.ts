// Every environment variable the app reads, parsed and validated once at boot.
// A bad value stops the process with a message naming the variable.
import path from 'node:path';

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) throw new ConfigError(name, 'is required');
    return fallback;
  }
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** An optional shared secret: long enough to resist guessing, no spaces. */
function token(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z0-9._~+/=-]{24,200}$/.test(raw)) {
    throw new ConfigError(name, 'must be 24 to 200 characters of letters, digits or ._~+/=-');
  }
  return raw;
}

/** Durations are written like `12h`, `30m`, `45s` or `1500ms`; returns milliseconds. */
function duration(env: Env, name: string, fallback: string): number {
  const raw = str(env, name, fallback);
  const match = /^(\d+)(ms|s|m|h)$/.exec(raw);
  if (!match) throw new ConfigError(name, `must be a duration like 12h, 30m, 45s or 500ms, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  // A zero window or lifetime would expire every order or session at once.
  if (Number(match[1]) === 0) throw new ConfigError(name, `must be longer than zero, got "${raw}"`);
  return Number(match[1]) * unit;
}

const DEV_SECRET = 'development-only-secret-change-me-0123456789';

/**
 * VAT_NUMBER: "GB" and 9 digits (12 for a branch trader), spaces allowed ("GB 123 4567 89").
 * The default is the demo's made-up number, so receipts say what a real one looks like.
 */
function vatNumber(env: Env): string {
  const value = str(env, 'VAT_NUMBER', 'GB123456789').replace(/\s+/g, '').toUpperCase();
  if (!/^GB(\d{9}|\d{12})$/.test(value)) throw new ConfigError('VAT_NUMBER', 'must be GB followed by 9 or 12 digits, like GB 123 4567 89');
  return value;
}

export function loadConfig(env: Env = process.env) {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(str(env, 'DATA_DIR', './data'));
  const port = int(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseReadUrl = url(env, 'DATABASE_READ_URL', ['postgres:', 'postgresql:']);
  if (databaseReadUrl && !databaseUrl) throw new ConfigError('DATABASE_READ_URL', 'needs DATABASE_URL as well');

  const sessionSecret = production ? str(env, 'SESSION_SECRET') : str(env, 'SESSION_SECRET', DEV_SECRET);
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters');

  const seedDemoData = oneOf(env, 'SEED_DEMO_DATA', ['true', 'false'] as const, production ? 'false' : 'true') === 'true';
  if (production && seedDemoData) throw new ConfigError('SEED_DEMO_DATA', 'must not be true in production (demo accounts share a published password)');
  if (production && sessionSecret === DEV_SECRET) throw new ConfigError('SESSION_SECRET', 'must not be the development default in production');

  // Without SMTP, emails are files in DATA_DIR/mail shown by the development mailbox: never in production.
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (production && !smtpUrl) throw new ConfigError('SMTP_URL', 'is required in production (without it, emails would go to the development mailbox)');

  const checkinWindowMs = duration(env, 'CHECKIN_WINDOW', '12h');
  if (checkinWindowMs >= 7 * 24 * 3_600_000) {
    throw new ConfigError('CHECKIN_WINDOW', 'must be shorter than the 7-day card hold');
  }

  const paymentGateway = oneOf(env, 'PAYMENT_GATEWAY', ['simulated', 'stripe'] as const, 'simulated');
  if (paymentGateway === 'stripe') {
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      if (!optional(env, name)) throw new ConfigError(name, 'is required when PAYMENT_GATEWAY=stripe');
    }
    if (!/^(sk|rk)_(test|live)_/.test(env['STRIPE_SECRET_KEY']!))
      throw new ConfigError('STRIPE_SECRET_KEY', 'must start with sk_test_, sk_live_, rk_test_ or rk_live_');
    if (!/^pk_(test|live)_/.test(env['STRIPE_PUBLISHABLE_KEY']!)) throw new ConfigError('STRIPE_PUBLISHABLE_KEY', 'must start with pk_test_ or pk_live_');
    if (!/^whsec_/.test(env['STRIPE_WEBHOOK_SECRET']!)) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'must start with whsec_');
  }

  const outboxLeaseMs = duration(env, 'OUTBOX_LEASE', '60s');
  const outboxDeliveryTimeoutMs = duration(env, 'OUTBOX_DELIVERY_TIMEOUT', '15s');
  if (outboxDeliveryTimeoutMs * 2 > outboxLeaseMs) {
    throw new ConfigError('OUTBOX_LEASE', 'must be at least twice OUTBOX_DELIVERY_TIMEOUT, so a slow delivery never outlives its claim');
  }

  // Throttles (DESIGN.md §3), each a setting; RATE_LIMIT_SCALE multiplies every limit at once, so a
  // test, a bench or a drill raises them for its own load rather than switching them off.
  const rateLimitScale = int(env, 'RATE_LIMIT_SCALE', 1, 1, 1_000_000);
  const limit = (name: string, fallback: number, window: string) => ({
    limit: int(env, name, fallback, 1, 1_000_000) * rateLimitScale,
    windowMs: duration(env, `${name}_WINDOW`, window),
  });
  const rateLimits = {
    scale: rateLimitScale,
    loginFailuresPerAccount: limit('LOGIN_FAILURES_PER_ACCOUNT', 10, '15m'),
    loginFailuresPerIp: limit('LOGIN_FAILURES_PER_IP', 100, '15m'),
    registrationsPerIp: limit('REGISTRATIONS_PER_IP', 20, '1h'),
    orderPlacementsPerAccount: limit('ORDER_PLACEMENTS_PER_ACCOUNT', 10, '1m'),
    passwordResetsPerEmail: limit('PASSWORD_RESETS_PER_EMAIL', 3, '1h'),
    passwordResetsPerIp: limit('PASSWORD_RESETS_PER_IP', 20, '1h'),
  };

  return {
    nodeEnv,
    production,
    // Demo data prints accounts that share one published password: then only this machine may
    // connect unless HOST says otherwise (issue 15: a laptop on a cafe's wifi exposed them).
    host: str(env, 'HOST', seedDemoData ? '127.0.0.1' : '0.0.0.0'),
    hostChosen: optional(env, 'HOST') !== undefined,
    port,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`,
    dataDir,
    databaseUrl,
    databaseReadUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    sessionSecret,
    sessionTtlMs: duration(env, 'SESSION_TTL', '720h'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    seedDemoData,
    paymentGateway,
    stripeSecretKey: optional(env, 'STRIPE_SECRET_KEY'),
    stripePublishableKey: optional(env, 'STRIPE_PUBLISHABLE_KEY'),
    stripeWebhookSecret: optional(env, 'STRIPE_WEBHOOK_SECRET'),
    stripeApiBase: url(env, 'STRIPE_API_BASE', ['http:', 'https:']),
    checkinWindowMs,
    // How often each instance looks for orders past their check-in window.
    expirySweepMs: duration(env, 'EXPIRY_SWEEP_INTERVAL', '30s'),
    // An order still `authorising` this long after it was placed lost its answer (crash, timeout): it is failed and voided.
    authorisationTimeoutMs: duration(env, 'AUTHORISATION_TIMEOUT', '15m'),
    // A comment line on every open Server-Sent Events stream, so proxies keep it open.
    sseHeartbeatMs: duration(env, 'SSE_HEARTBEAT_INTERVAL', '15s'),
    mqttUrl: url(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'ws:', 'wss:']),
    smtpUrl,
    mailFrom: str(env, 'MAIL_FROM', 'Alpaca Cafe <orders@alpaca.cafe>'),
    // The company's VAT registration number, printed on every receipt (decision 332).
    vatNumber: vatNumber(env),
    outboxMaxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 1000, 50, 60_000),
    // Rows claimed per poll; each is delivered one after another by this instance.
    outboxBatchSize: int(env, 'OUTBOX_BATCH_SIZE', 10, 1, 500),
    // A claimed row is ours for this long; if we die mid-delivery another instance retries after it.
    outboxLeaseMs,
    // Retry n waits about base × 2^(n-1) (±25% jitter), capped at the max.
    outboxBackoffBaseMs: duration(env, 'OUTBOX_BACKOFF_BASE', '5s'),
    outboxBackoffMaxMs: duration(env, 'OUTBOX_BACKOFF_MAX', '30m'),
    // Each SMTP or MQTT delivery gives up after this (well inside the lease).
    outboxDeliveryTimeoutMs,
    passwordResetTtlMs: duration(env, 'PASSWORD_RESET_TTL', '1h'),
    // Account links (issue 14): how long an email-verification or new-address link works.
    accountTokenTtlMs: duration(env, 'ACCOUNT_LINK_TTL', '48h'),
    // Account emails (verification resends, address changes) one account may trigger per hour.
    accountEmailsPerHour: int(env, 'ACCOUNT_EMAILS_PER_HOUR', 5, 1, 1000),
    // The sweeper (every EXPIRY_SWEEP_INTERVAL) deletes guest baskets untouched this long, and expired sessions.
    guestBasketTtlMs: duration(env, 'GUEST_BASKET_TTL', '720h'),
    // How long /readyz answers 404 before the server stops accepting: HAProxy
    // must see two failed checks (fall 2, inter 1s) before we close.
    drainDelayMs: int(env, 'DRAIN_DELAY_MS', production ? 3000 : 0, 0, 60_000),
    // /metrics answers loopback callers that come straight in (no proxy header); anyone
    // else must send `Authorization: Bearer <METRICS_TOKEN>` (docs/staff-and-metrics.md).
    metricsToken: token(env, 'METRICS_TOKEN'),
    // Above HAProxy's `timeout http-keep-alive` so the proxy, not us, closes idle sockets.
    keepAliveTimeoutMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 65_000, 1000, 600_000),
    // Whose X-Forwarded-For to believe (the load balancers): 'loopback' or a
    // comma-separated list of addresses/CIDRs. Anyone else could claim any IP.
    rateLimits,
    // Admins must sign in with a second factor (TOTP) and are sent to set it up before any admin
    // page; managers may. `optional` is for the test harness and local tools only (decision 512).
    adminSecondFactor: oneOf(env, 'ADMIN_SECOND_FACTOR', ['required', 'optional'] as const, 'required'),
    // Open live streams (Server-Sent Events) per account and per anonymous visitor, per instance.
    liveStreamLimits: { perAccount: int(env, 'LIVE_STREAMS_PER_ACCOUNT', 10, 1, 1000), perVisitor: int(env, 'LIVE_STREAMS_PER_VISITOR', 3, 1, 1000) },
    // A request whose handler has not started answering by then gets a 503 (live streams and streamed exports are exempt).
    requestTimeoutMs: duration(env, 'REQUEST_TIMEOUT', '30s'),
    // Event-loop protection: new requests get a 503 while the loop lags more than this, or the heap
    // is over HEAP_USED_LIMIT_MB (0: 90 % of V8's limit). Far above what the benches and drills reach.
    eventLoopDelayLimitMs: int(env, 'EVENT_LOOP_DELAY_LIMIT_MS', 5000, 100, 600_000),
    heapUsedLimitBytes: int(env, 'HEAP_USED_LIMIT_MB', 0, 0, 1_000_000) * 1024 * 1024,
    // Request bodies larger than this answer 413 (DESIGN.md §3; image uploads have their own 5 MB limit).
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    // The other app instances' own addresses (not the load balancer's), asked whether they reach the
    // writer when this one cannot: only an instance that alone lost the database leaves the pool (decision 803).
    peerUrls: (optional(env, 'PEER_URLS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        try {
          const u = new URL(s);
          if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
        } catch {}
        throw new ConfigError('PEER_URLS', `"${s}" is not an http(s) URL`);
      }),
    trustProxy: str(env, 'TRUST_PROXY', 'loopback')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

export type Config = ReturnType<typeof loadConfig>;
