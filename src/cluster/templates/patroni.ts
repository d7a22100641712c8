// Patroni: one config per PostgreSQL node. The `bootstrap.dcs` part is written to etcd by the node
// that initialises the cluster and then applies to every node; the rest is this node's own.
import type { DbNode, PatroniTiming, Secrets } from '../topology.js';
import { toYaml, type YamlValue } from './yaml.js';

export interface PatroniOptions {
  scope: string;
  namespace: string;
  node: DbNode;
  /** host:port of every etcd member. */
  etcdHosts: string[];
  /** Addresses PostgreSQL and the REST API listen on (comma-separated for PostgreSQL). */
  pgListen: string;
  restListen: string;
  dataDir: string;
  binDir: string;
  pgpassFile: string;
  socketDir: string;
  postBootstrapScript: string;
  /** CIDRs allowed to replicate and to connect as the superuser (Patroni, pg_rewind): the db hosts. */
  peerCidrs: string[];
  /** CIDRs the app role may connect from: HAProxy hosts (it proxies TCP from its own address). */
  appCidrs: string[];
  database: { name: string; user: string };
  secrets: Secrets;
  timing: PatroniTiming;
  /** WAL archiving (decision 802): PostgreSQL's archive_command, and how often a quiet leader still switches WAL. */
  archive?: { command: string; timeoutS: number };
  /** The OS user that runs PostgreSQL, allowed to connect locally as the superuser (pgBackRest does). */
  osUser?: string;
  /**
   * A restore (decision 802): bootstrap the new cluster by running `script` (it restores the data
   * directory), then recover with `restoreCommand` to the end of the archive or to `targetTime`.
   */
  bootstrapFromBackup?: { script: string; restoreCommand: string; targetTime?: string | undefined };
}

export const SUPERUSER = 'postgres';
export const REPLICATION_USER = 'replicator';
export const RESTAPI_USER = 'patroni';

function pgHba(o: PatroniOptions): string[] {
  const unique = (xs: string[]) => [...new Set(xs)];
  return [
    // pgBackRest connects over the socket as the superuser, from the OS user that runs PostgreSQL.
    ...(o.osUser ? ['local all postgres peer map=superuser'] : []),
    'local all all peer',
    ...unique(o.peerCidrs).flatMap((cidr) => [`host replication ${REPLICATION_USER} ${cidr} scram-sha-256`, `host all ${SUPERUSER} ${cidr} scram-sha-256`]),
    ...unique(o.appCidrs).map((cidr) => `host ${o.database.name} ${o.database.user} ${cidr} scram-sha-256`),
  ];
}

export function patroniConfig(o: PatroniOptions): YamlValue {
  const { node, timing } = o;
  return {
    scope: o.scope,
    namespace: o.namespace,
    name: node.name,
    log: { level: 'INFO' },
    restapi: {
      listen: `${o.restListen}:${node.apiPort}`,
      connect_address: `${node.host}:${node.apiPort}`,
      // Only unsafe calls (POST /switchover, PATCH /config, ...) need it; health checks stay open.
      authentication: { username: RESTAPI_USER, password: o.secrets.restApiPassword },
    },
    etcd3: { hosts: o.etcdHosts },
    bootstrap: {
      dcs: {
        ttl: timing.ttl,
        loop_wait: timing.loopWait,
        retry_timeout: timing.retryTimeout,
        maximum_lag_on_failover: timing.maximumLagOnFailover,
        // An acknowledged commit is on the leader and the sync standby: no lost order on failover.
        synchronous_mode: true,
        synchronous_node_count: 1,
        // A crashed leader is failed over at once instead of being restarted in place first.
        primary_start_timeout: 0,
        // Keep the leader serving writes if etcd alone is down but all Patroni peers can see it.
        failsafe_mode: true,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            wal_log_hints: 'on',
            max_connections: 200,
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '256MB',
            hot_standby_feedback: 'on',
            password_encryption: 'scram-sha-256',
            shared_buffers: '64MB',
            // Readers are told within a second that a replica stopped replaying.
            wal_receiver_status_interval: '1s',
            wal_sender_timeout: '10s',
            wal_receiver_timeout: '10s',
            // How long a standby waits before it tries its WAL stream again (default 5 s): after a
            // bootstrap or a failover it is streaming, and can be the sync standby, that much sooner.
            // A promotion waits it out too: the switchover drill's candidate logged "received promote
            // request", then "waiting for WAL to become available", and finished recovery 0.96 s later
            // with 1 s, 0.36 s later with 200 ms (decision 805). A retry is one connection attempt.
            wal_retrieve_retry_interval: '200ms',
            log_min_duration_statement: 1000,
            log_connections: 'off',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
      post_bootstrap: o.postBootstrapScript,
      // A restore: the first node's data directory comes from the backup (and the WAL after it),
      // replayed to the end or to the chosen time, then promoted; the others clone it as usual.
      ...(o.bootstrapFromBackup
        ? {
            method: 'pgbackrest',
            pgbackrest: {
              command: o.bootstrapFromBackup.script,
              no_params: true,
              recovery_conf: {
                restore_command: o.bootstrapFromBackup.restoreCommand,
                recovery_target_timeline: 'latest',
                recovery_target_action: 'promote',
                ...(o.bootstrapFromBackup.targetTime ? { recovery_target_time: o.bootstrapFromBackup.targetTime } : {}),
              },
            },
          }
        : {}),
    },
    postgresql: {
      listen: `${o.pgListen}:${node.pgPort}`,
      connect_address: `${node.host}:${node.pgPort}`,
      data_dir: o.dataDir,
      bin_dir: o.binDir,
      pgpass: o.pgpassFile,
      authentication: {
        superuser: { username: SUPERUSER, password: o.secrets.superuserPassword },
        replication: { username: REPLICATION_USER, password: o.secrets.replicationPassword },
      },
      parameters: {
        unix_socket_directories: o.socketDir,
        ...(o.archive ? { archive_mode: 'on', archive_command: o.archive.command, archive_timeout: `${o.archive.timeoutS}s` } : {}),
      },
      pg_hba: pgHba(o),
      ...(o.osUser ? { pg_ident: [`superuser ${o.osUser} postgres`, 'superuser postgres postgres'] } : {}),
      create_replica_methods: ['basebackup'],
      basebackup: [{ checkpoint: 'fast' }],
    },
    watchdog: { mode: 'off' },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: node.nosync },
  };
}

export const patroniYaml = (o: PatroniOptions): string =>
  `# Patroni node ${o.node.name} (generated by src/cluster/templates/patroni.ts)\n${toYaml(patroniConfig(o))}`;

/** Run once by Patroni on the node that initialises the cluster; $1 is a superuser connection string. */
export function postBootstrapScript(o: { binDir: string; database: { name: string; user: string }; appPassword: string }): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh
# Creates the app role and database unless they exist: a cluster restored from a backup has them
# (generated by src/cluster/templates/patroni.ts).
set -eu
${o.binDir}/psql "$1" -v ON_ERROR_STOP=1 \\
  -v app_user=${quote(o.database.user)} -v app_password=${quote(o.appPassword)} -v db=${quote(o.database.name)} <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app_user', :'app_password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'app_user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec
SQL
`;
}
