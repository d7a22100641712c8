// npm run printer -- --store colchester [--out tickets.txt] [--mqtt mqtt://host:1883]
//   [--client-id alpaca-printer-colchester] [--seen file]
// Prints the store's tickets as 42-column receipts, to stdout or appended to a file.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isSlug } from '../domain/slug.js';
import { SeenIds } from './seen-ids.js';
import { startPrinter } from './printer.js';

const USAGE = 'usage: npm run printer -- --store <slug> [--out FILE] [--mqtt URL] [--client-id ID] [--seen FILE]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      store: { type: 'string' },
      out: { type: 'string' },
      mqtt: { type: 'string' },
      'client-id': { type: 'string' },
      seen: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const store = values.store;
if (!store || !isSlug(store)) fail('--store must be a store slug, e.g. colchester');
const mqttUrl = values.mqtt ?? process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
if (!/^(mqtts?|wss?):\/\//.test(mqttUrl)) fail('--mqtt must be an mqtt://, mqtts://, ws:// or wss:// URL');
const out = values.out ? path.resolve(values.out) : null;
// Where printed message ids are remembered: beside the output file, or in DATA_DIR.
const seenFile = values.seen ?? (out ? `${out}.seen` : path.resolve(process.env['DATA_DIR'] ?? './data', `printer-${store}.seen`));
const log = (line: string) => console.error(`[printer ${store}] ${line}`);

const client = startPrinter({
  store,
  mqttUrl,
  clientId: values['client-id'] ?? `alpaca-printer-${store}`,
  out,
  seen: new SeenIds(seenFile),
  log,
});

function stop(signal: string) {
  log(`${signal}: stopping`);
  client.end(false, {}, () => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
