// The config module: sensible defaults, and every bad value stops the start with its variable's name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(32);
const SMTP = 'smtp://relay.example:25';

/** Asserts loadConfig refuses env, naming `variable` at the start of its message. */
function refuses(env: Record<string, string>, variable: string, reason?: RegExp) {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.ok(error.message.startsWith(`Invalid configuration: ${variable} `), error.message);
      if (reason) assert.match(error.message, reason);
      return true;
    },
  );
}

describe('config defaults', () => {
  it('runs the embedded database on port 3000 in development with demo data', () => {
    const config = loadConfig({});
    assert.equal(config.nodeEnv, 'development');
    assert.equal(config.production, false);
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1', 'demo data: loopback only unless HOST is set');
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.databaseReadUrl, undefined);
    assert.equal(config.databasePoolSize, 10);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.seedDemoData, true);
    assert.equal(config.paymentGateway, 'simulated');
    assert.equal(config.checkinWindowMs, 12 * 3_600_000);
    assert.equal(config.sessionTtlMs, 720 * 3_600_000);
    assert.equal(config.drainDelayMs, 0);
    assert.ok(config.sessionSecret.length >= 32);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 3000);
  });

  it('defaults to no demo data and a drain delay in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SMTP_URL: SMTP });
    assert.equal(config.seedDemoData, false);
    assert.equal(config.drainDelayMs, 3000);
  });

  it('reads the values it is given', () => {
    const config = loadConfig({
      PORT: '8081',
      DATABASE_URL: 'postgres://app@db:5000/cafe',
      DATABASE_READ_URL: 'postgresql://app@db:5001/cafe',
      PUBLIC_URL: 'https://cafe.example',
      CHECKIN_WINDOW: '30m',
      SESSION_TTL: '45s',
      LOG_LEVEL: 'warn',
    });
    assert.equal(config.port, 8081);
    assert.equal(config.databaseUrl, 'postgres://app@db:5000/cafe');
    assert.equal(config.databaseReadUrl, 'postgresql://app@db:5001/cafe');
    assert.equal(config.publicUrl, 'https://cafe.example');
    assert.equal(config.checkinWindowMs, 30 * 60_000);
    assert.equal(config.sessionTtlMs, 45_000);
    assert.equal(config.logLevel, 'warn');
  });
});

describe('config refuses bad values, naming the variable', () => {
  it('PORT must be a whole number in range', () => {
    refuses({ PORT: 'abc' }, 'PORT', /whole number/);
    refuses({ PORT: '-1' }, 'PORT');
    refuses({ PORT: '70000' }, 'PORT', /between 0 and 65535/);
  });

  it('DATABASE_URL must be a postgres URL', () => {
    refuses({ DATABASE_URL: 'http://x' }, 'DATABASE_URL', /postgres/);
    refuses({ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /must be a URL/);
  });

  it('DATABASE_READ_URL needs DATABASE_URL', () => {
    refuses({ DATABASE_READ_URL: 'postgres://reader@db/cafe' }, 'DATABASE_READ_URL', /DATABASE_URL/);
  });

  it('CHECKIN_WINDOW must be a duration shorter than the 7-day card hold', () => {
    refuses({ CHECKIN_WINDOW: '8d' }, 'CHECKIN_WINDOW', /duration/);
    refuses({ CHECKIN_WINDOW: '200h' }, 'CHECKIN_WINDOW', /7-day/);
    refuses({ CHECKIN_WINDOW: '168h' }, 'CHECKIN_WINDOW', /7-day/);
    assert.equal(loadConfig({ CHECKIN_WINDOW: '167h' }).checkinWindowMs, 167 * 3_600_000);
  });

  it('VAT_NUMBER is a GB number of 9 or 12 digits, spaces allowed, stored without them', () => {
    assert.equal(loadConfig({}).vatNumber, 'GB123456789');
    assert.equal(loadConfig({ VAT_NUMBER: 'gb 987 6543 21' }).vatNumber, 'GB987654321');
    assert.equal(loadConfig({ VAT_NUMBER: 'GB987654321001' }).vatNumber, 'GB987654321001');
    refuses({ VAT_NUMBER: '123456789' }, 'VAT_NUMBER', /GB followed by 9 or 12 digits/);
    refuses({ VAT_NUMBER: 'GB12345678' }, 'VAT_NUMBER');
  });

  it('durations must be longer than zero', () => {
    refuses({ CHECKIN_WINDOW: '0m' }, 'CHECKIN_WINDOW');
    refuses({ SESSION_TTL: '0s' }, 'SESSION_TTL');
  });

  it('production refuses demo data and the development secret (issue 15 item 5)', () => {
    refuses({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SMTP_URL: SMTP, SEED_DEMO_DATA: 'true' }, 'SEED_DEMO_DATA', /production/);
    refuses(
      { NODE_ENV: 'production', SESSION_SECRET: 'development-only-secret-change-me-0123456789', SMTP_URL: SMTP },
      'SESSION_SECRET',
      /development default/,
    );
  });

  it('production refuses the development mailbox: SMTP_URL is required (issue 15 item 5)', () => {
    refuses({ NODE_ENV: 'production', SESSION_SECRET: SECRET }, 'SMTP_URL', /required in production.*development mailbox/);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SMTP_URL: SMTP }).smtpUrl, SMTP);
    assert.equal(loadConfig({}).smtpUrl, undefined, 'development without SMTP keeps the mailbox');
  });

  it('with demo data the server listens on loopback unless HOST is set; without, on every interface', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({}).hostChosen, false);
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).hostChosen, true);
    assert.equal(loadConfig({ SEED_DEMO_DATA: 'false' }).host, '0.0.0.0');
  });

  it('SESSION_SECRET is required in production and must be at least 32 characters', () => {
    refuses({ NODE_ENV: 'production' }, 'SESSION_SECRET', /required/);
    refuses({ NODE_ENV: 'production', SESSION_SECRET: 'short-secret' }, 'SESSION_SECRET', /32 characters/);
    refuses({ SESSION_SECRET: 'x'.repeat(31) }, 'SESSION_SECRET', /32 characters/);
    assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SMTP_URL: SMTP }).sessionSecret, SECRET);
  });

  it('enumerations list what they accept', () => {
    refuses({ NODE_ENV: 'staging' }, 'NODE_ENV', /development, production, test/);
    refuses({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    refuses({ PAYMENT_GATEWAY: 'paypal' }, 'PAYMENT_GATEWAY');
    refuses({ SEED_DEMO_DATA: 'yes' }, 'SEED_DEMO_DATA');
  });

  it('other URLs check their scheme', () => {
    refuses({ PUBLIC_URL: 'ftp://cafe.example' }, 'PUBLIC_URL');
    refuses({ MQTT_URL: 'http://broker' }, 'MQTT_URL');
    refuses({ SMTP_URL: 'mailto:x@y' }, 'SMTP_URL');
  });

  it('pool sizes and timeouts stay in range', () => {
    refuses({ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE');
    refuses({ KEEP_ALIVE_TIMEOUT_MS: '10' }, 'KEEP_ALIVE_TIMEOUT_MS');
  });
});

describe('METRICS_TOKEN', () => {
  it('is optional, and refused when short or containing spaces', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({ METRICS_TOKEN: 'a'.repeat(24) }).metricsToken, 'a'.repeat(24));
    refuses({ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN', /24 to 200/);
    refuses({ METRICS_TOKEN: `${'a'.repeat(24)} b` }, 'METRICS_TOKEN');
  });
});
