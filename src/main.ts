// The process shell: config → database → app → listen → drain on SIGTERM.
import { loadConfig, ConfigError } from './config.js';
import { connectDatabase } from './db/connect.js';
import { stderrDbLog, type DbLog } from './db/db-log.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoData } from './db/seed/seed.js';
import { demoBaristaId, seedDemoStore } from './db/seed/demo-store.js';
import { newcomerHelp } from './db/seed/newcomer-help.js';
import { buildApp } from './app.js';
import type { AppDeps } from './deps.js';
import { Lifecycle } from './web/lifecycle.js';
import { askPeerOverHttp, DatabaseReachWatcher } from './web/database-reach.js';
import { writerProbe } from './db/writer-probe.js';
import { StuckReadsWatcher } from './web/stuck-reads.js';
import { createPaymentGateway } from './payments/create-gateway.js';
import { LiveHub } from './live/live-hub.js';
import { startDemoBarista, startExpirySweeper, startStartScheduler } from './features/orders/index.js';
import { startStaleDataSweeper } from './features/accounts/index.js';
import { createOutbox } from './outbox/runtime.js';
import { listStores } from './db/stores.js';
import { startupHelp } from './startup-help.js';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
const config = configOrExit();

// The database and the live hub report what they survive (connections lost) to the app's logger,
// which exists only once the app is built: standard error until then.
let log: DbLog = stderrDbLog;
const db = await connectDatabase({ ...config, poolSize: config.databasePoolSize, log: { warn: (details, message) => log.warn(details, message) } });
await migrateToLatest(db.writer);
if (config.seedDemoData) {
  const created = await seedDemoData(db.writer);
  if (created) startupHelp('Seeded the demo catalogue.');
}
// The always-open demo store and its automatic barista: a newcomer can order at any hour (decision 316).
const demoStoreId = !config.production && config.seedDemoData ? await seedDemoStore(db.writer) : null;

const lifecycle = new Lifecycle();
const deps: AppDeps = {
  config,
  db,
  clock: () => new Date(),
  lifecycle,
  payments: createPaymentGateway(config),
  live: new LiveHub(db, { onError: (error) => log.warn({ err: error }, 'live events') }),
};
const app = await buildApp(deps);
log = app.log;
await app.listen({ host: config.host, port: config.port });
// The runtime is the npm `node` package (decision 200): say which one is actually running.
app.log.info({ node: process.version, database: db.kind }, 'app started');
if (config.seedDemoData && !config.hostChosen) {
  app.log.warn(`demo data: listening on ${config.host} only, so the demo accounts are not reachable from other machines; set HOST=0.0.0.0 to change that`);
}
// Only an instance that alone lost the writer leaves HAProxy's pool, never all of them (decision 803).
const databaseReach = config.databaseUrl
  ? new DatabaseReachWatcher({
      lifecycle,
      probe: writerProbe(config.databaseUrl),
      peers: config.peerUrls,
      askPeer: askPeerOverHttp,
      newestAnswered: () => db.newestAnswered(),
      log: app.log,
    })
  : null;
databaseReach?.start();
lifecycle.whenCutOff(() => db.dropConnections());
// Until then, reads stuck on a database that has gone silent for this instance alone go to the
// others within a fraction of a second (decision 804); a failover (no peer vouching) sends none away.
const stuckReads = databaseReach
  ? new StuckReadsWatcher({
      lifecycle,
      silentSince: () => db.silentSince(),
      freshConnectionsFailSince: (since) => databaseReach.freshConnectionsFailSince(since),
      peerVouches: (since) => databaseReach.peerVouches(since),
      log: app.log,
    })
  : null;
stuckReads?.start();
lifecycle.databaseHeard = () => {
  const since = db.silentSince();
  const answeredMsAgo = db.answeredMsAgo();
  // The newest work the writer answered with success: a statement of the writer's pools, or a probe.
  const writerSucceeded = Math.max(db.newestWriterSuccess(), databaseReach?.newestReachedStart() ?? Number.NEGATIVE_INFINITY);
  return {
    quietMs: since === null ? 0 : Date.now() - since,
    ...(answeredMsAgo === null ? {} : { answeredMsAgo }),
    ...(Number.isFinite(writerSucceeded) ? { writerSucceededMsAgo: Date.now() - writerSucceeded } : {}),
  };
};
// Every instance sweeps; SKIP LOCKED keeps them from doing the same order twice.
const expirySweeper = startExpirySweeper(deps, app.log);
// Expired sessions and stale guest baskets are deleted, not kept (issue 14).
const staleDataSweeper = startStaleDataSweeper(deps, app.log);
// Every instance arms a timer for the next scheduled order's moment; the claim lets one charge it.
const startScheduler = startStartScheduler(deps, app.log);
// Every instance drains the outbox; they share the rows through SKIP LOCKED.
const outbox = createOutbox(deps, app.log);
await outbox.start();
app.log.info({ mail: outbox.mail.kind === 'smtp' ? 'SMTP' : `${config.dataDir}/mail`, tickets: config.mqttUrl ? 'MQTT' : 'in-app feed' }, 'outbox started');

const demoBaristaUser = demoStoreId === null ? null : await demoBaristaId(db.writer);
const demoBarista =
  demoStoreId !== null && demoBaristaUser !== null ? startDemoBarista(deps, { storeId: demoStoreId, baristaId: demoBaristaUser }, app.log) : null;

if (!config.production && config.seedDemoData) {
  const database = db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  for (const line of newcomerHelp({ publicUrl: config.publicUrl, database, stores: await listStores(db.writer), now: new Date() })) startupHelp(line);
}

let stopping = false;
async function drain(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'draining');
  lifecycle.draining = true; // /readyz → 404: HAProxy stops sending new requests
  databaseReach?.stop();
  stuckReads?.stop();
  // A request stuck on a dead connection must not keep a stopping instance alive forever.
  setTimeout(() => {
    app.log.error('drain did not finish in time; exiting');
    process.exit(1);
  }, config.drainDelayMs + 20_000).unref();
  await expirySweeper.stop();
  await staleDataSweeper.stop();
  await demoBarista?.stop();
  await startScheduler.stop();
  await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
  await app.close(); // finishes in-flight requests, runs onClose hooks
  await outbox.close(); // lets the batch in hand finish (bounded by OUTBOX_DELIVERY_TIMEOUT)
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', () => void drain('SIGTERM'));
process.on('SIGINT', () => void drain('SIGINT'));
