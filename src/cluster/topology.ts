// Every port, path, password and timing of the local HA cluster, in one place.
// Each value can be overridden by an environment variable (named beside it); a bad value
// stops the command with a message naming the variable.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EtcdMember {
  name: string;
  host: string;
  clientPort: number;
  peerPort: number;
}

export interface DbNode {
  name: string;
  host: string;
  pgPort: number;
  apiPort: number;
  /** Patroni tag `nosync`: never chosen as the synchronous standby (the async read replica). */
  nosync: boolean;
}

export interface AppNode {
  name: string;
  host: string;
  port: number;
}

export interface Listen {
  host: string;
  port: number;
}

export interface Secrets {
  /** Password of the app role (`alpaca`). */
  appPassword: string;
  superuserPassword: string;
  replicationPassword: string;
  /** Basic auth for Patroni's unsafe REST calls (POST /switchover, PATCH /config, ...). */
  restApiPassword: string;
  sessionSecret: string;
  /** Real hosts only: HAProxy stats page login (user admin) and keepalived's VRRP password. */
  statsPassword: string;
  vrrpPassword: string;
  /** Encrypts the backup repository (pgBackRest's repo1-cipher-pass). */
  backupCipherPass: string;
}

export interface PatroniTiming {
  ttl: number;
  loopWait: number;
  retryTimeout: number;
  maximumLagOnFailover: number;
}

export interface Topology {
  repoDir: string;
  /**
   * Everything the cluster writes: configs, data, logs, pid files. Outside the checkout (by default
   * /var/tmp/alpaca-cluster-<hash of the checkout>), where the service users may write wherever the
   * checkout is, root's 0700 home included.
   */
  runDir: string;
  /** The pgBackRest repository: outside the checkout too, owned by its own user (decision 802). */
  backupRepoDir: string;
  /**
   * Prefix of the OS users the parts run as when started by root, one per part so that nftables can
   * tell them apart (decision 801): <prefix>-pg1, <prefix>-etcd1, <prefix>-haproxy, ...
   */
  osUserPrefix: string;
  pgBinDir: string;
  /** Patroni scope (cluster name) and etcd key namespace. */
  scope: string;
  namespace: string;
  database: { name: string; user: string };
  etcd: EtcdMember[];
  db: DbNode[];
  apps: AppNode[];
  lb: { http: Listen; write: Listen; read: Listen; stats: Listen };
  mqtt: Listen;
  secrets: Secrets;
  timing: PatroniTiming;
  /** The app's entry point, run as `node <appEntry>` from repoDir (the compiled dist/main.js; a .ts one through tsx). */
  appEntry: string;
}

type Env = Record<string, string | undefined>;

export class TopologyError extends Error {}

function str(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new TopologyError(`${name} must be a port number (1-65535), got "${raw}"`);
  }
  return value;
}

function ports(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((part) => port({ [name]: part.trim() }, name, 0));
}

function whole(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new TopologyError(`${name} must be a whole number >= ${min}, got "${raw}"`);
  }
  return value;
}

export const defaultRepoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Dev-only defaults; a real deployment sets every one of these (see docs/deploy-multi-host.md). */
export function secretsFromEnv(env: Env = process.env): Secrets {
  return {
    appPassword: str(env, 'CLUSTER_DB_PASSWORD', 'alpaca-dev-password'),
    superuserPassword: str(env, 'CLUSTER_PG_SUPERUSER_PASSWORD', 'postgres-dev-password'),
    replicationPassword: str(env, 'CLUSTER_PG_REPLICATION_PASSWORD', 'replicator-dev-password'),
    restApiPassword: str(env, 'CLUSTER_PATRONI_API_PASSWORD', 'patroni-dev-password'),
    sessionSecret: str(env, 'CLUSTER_SESSION_SECRET', 'cluster-dev-session-secret-0123456789abcdef'),
    statsPassword: str(env, 'CLUSTER_STATS_PASSWORD', 'stats-dev-password'),
    vrrpPassword: str(env, 'CLUSTER_VRRP_PASSWORD', 'vrrp-dev'),
    backupCipherPass: str(env, 'CLUSTER_BACKUP_CIPHER_PASS', 'backup-dev-cipher-pass-0123456789abcdef'),
  };
}

export function timingFromEnv(env: Env = process.env): PatroniTiming {
  const timing = {
    // Short, for failover well inside 15 s: the leader key expires <= ttl after the last renewal.
    ttl: whole(env, 'CLUSTER_PATRONI_TTL', 10, 5),
    loopWait: whole(env, 'CLUSTER_PATRONI_LOOP_WAIT', 2, 1),
    retryTimeout: whole(env, 'CLUSTER_PATRONI_RETRY_TIMEOUT', 3, 1),
    maximumLagOnFailover: whole(env, 'CLUSTER_PATRONI_MAX_LAG_BYTES', 1024 * 1024, 0),
  };
  // Patroni's rule: a leader must be able to retry the DCS twice within one loop before its key expires.
  if (timing.loopWait + 2 * timing.retryTimeout > timing.ttl) {
    throw new TopologyError(
      `Patroni timing must satisfy loop_wait + 2 * retry_timeout <= ttl (got ${timing.loopWait} + 2 * ${timing.retryTimeout} > ${timing.ttl})`,
    );
  }
  return timing;
}

export function localTopology(env: Env = process.env): Topology {
  const host = str(env, 'CLUSTER_HOST', '127.0.0.1');
  const repoDir = path.resolve(str(env, 'CLUSTER_REPO_DIR', defaultRepoDir));
  const pgPorts = ports(env, 'CLUSTER_PG_PORTS', [5433, 5434, 5435]);
  const apiPorts = ports(env, 'CLUSTER_PATRONI_PORTS', [8008, 8009, 8010]);
  if (pgPorts.length !== apiPorts.length || pgPorts.length < 2) {
    throw new TopologyError('CLUSTER_PG_PORTS and CLUSTER_PATRONI_PORTS must list the same number (>= 2) of ports');
  }
  const appPorts = ports(env, 'CLUSTER_APP_PORTS', [3001, 3002]);
  const etcdClientPorts = ports(env, 'CLUSTER_ETCD_CLIENT_PORTS', [2379, 2381, 2383]);
  const etcdPeerPorts = ports(env, 'CLUSTER_ETCD_PEER_PORTS', [2380, 2382, 2384]);
  if (etcdClientPorts.length !== etcdPeerPorts.length || etcdClientPorts.length % 2 === 0) {
    throw new TopologyError('CLUSTER_ETCD_CLIENT_PORTS and CLUSTER_ETCD_PEER_PORTS must list the same odd number of ports (a majority must exist)');
  }
  // One checkout, one cluster: the hash keeps two checkouts on one machine apart.
  const hash = createHash('sha1').update(repoDir).digest('hex').slice(0, 8);
  return {
    repoDir,
    runDir: path.resolve(str(env, 'CLUSTER_RUN_DIR', `/var/tmp/alpaca-cluster-${hash}`)),
    backupRepoDir: path.resolve(str(env, 'CLUSTER_BACKUP_DIR', `/var/tmp/alpaca-backup-${hash}`)),
    osUserPrefix: str(env, 'CLUSTER_OS_USER_PREFIX', 'alpaca'),
    pgBinDir: str(env, 'CLUSTER_PG_BIN_DIR', '/usr/lib/postgresql/15/bin'),
    scope: str(env, 'CLUSTER_SCOPE', 'alpaca'),
    namespace: '/service/',
    database: { name: str(env, 'CLUSTER_DB_NAME', 'alpaca'), user: str(env, 'CLUSTER_DB_USER', 'alpaca') },
    // Three members: one can be cut off (the minority) and the other two still hold a majority.
    etcd: etcdClientPorts.map((clientPort, i) => ({ name: `etcd${i + 1}`, host, clientPort, peerPort: etcdPeerPorts[i] as number })),
    // The first two nodes are leader + synchronous standby; the rest are async read replicas.
    db: pgPorts.map((pgPort, i) => ({
      name: `pg${i + 1}`,
      host,
      pgPort,
      apiPort: apiPorts[i] as number,
      nosync: i >= 2,
    })),
    apps: appPorts.map((p, i) => ({ name: `app${i + 1}`, host, port: p })),
    lb: {
      http: { host, port: port(env, 'CLUSTER_HTTP_PORT', 8080) },
      write: { host, port: port(env, 'CLUSTER_DB_WRITE_PORT', 5000) },
      read: { host, port: port(env, 'CLUSTER_DB_READ_PORT', 5001) },
      stats: { host, port: port(env, 'CLUSTER_STATS_PORT', 8404) },
    },
    mqtt: { host, port: port(env, 'CLUSTER_MQTT_PORT', 1883) },
    secrets: secretsFromEnv(env),
    timing: timingFromEnv(env),
    appEntry: path.resolve(repoDir, str(env, 'CLUSTER_APP_ENTRY', 'dist/main.js')),
  };
}

/** Where each component keeps its files under the run dir. */
export const runPaths = (t: Topology) => ({
  logs: path.join(t.runDir, 'logs'),
  pids: path.join(t.runDir, 'pids'),
  etcdData: (name: string) => path.join(t.runDir, name),
  dbNode: (name: string) => path.join(t.runDir, name),
  dbData: (name: string) => path.join(t.runDir, name, 'data'),
  haproxy: path.join(t.runDir, 'haproxy'),
  haproxySocket: path.join(t.runDir, 'haproxy', 'admin.sock'),
  mosquitto: path.join(t.runDir, 'mosquitto'),
  logFile: (component: string) => path.join(t.runDir, 'logs', `${component}.log`),
  pidFile: (component: string) => path.join(t.runDir, 'pids', `${component}.pid`),
});

/** The entry is there, or it is the compiled build, which an app's `prepare` makes from src/ (components.ts). */
export function appEntryExists(t: Topology): boolean {
  return fs.existsSync(t.appEntry) || (t.appEntry === path.join(t.repoDir, 'dist/main.js') && fs.existsSync(path.join(t.repoDir, 'src/main.ts')));
}
