// `render --hosts etcd=a,b,c db=d,e,f lb=g,h app=i,j --vip V`: each real host's config files,
// from the same template functions the local cluster runs on. Written to <out>/<host>/..., with
// MANIFEST.txt saying where each file goes.
import fs from 'node:fs';
import path from 'node:path';
import { appEnv, envFile } from './templates/app-env.js';
import { etcdEnvFile, etcdSettings } from './templates/etcd.js';
import { haproxyCfg } from './templates/haproxy.js';
import { keepalivedConf } from './templates/keepalived.js';
import { mosquittoConf } from './templates/mosquitto.js';
import { patroniYaml, postBootstrapScript } from './templates/patroni.js';
import { archiveCommand, pgbackrestConf, type BackupRepo } from './templates/pgbackrest.js';
import { secretsFromEnv, timingFromEnv, type AppNode, type DbNode, type EtcdMember } from './topology.js';

export interface HostPlan {
  etcd: string[];
  db: string[];
  lb: string[];
  app: string[];
  /** The broker's host; defaults to the first load-balancer host. */
  mqtt: string;
  vip: string;
  vipPrefix: number;
  iface: string;
}

/** Well-known ports on real hosts (each service has its own machine, so no offsets are needed). */
export const HOST_PORTS = { etcdClient: 2379, etcdPeer: 2380, pg: 5432, patroni: 8008, http: 80, write: 5000, read: 5001, stats: 8404, app: 3000, mqtt: 1883 };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseHosts(
  args: string[],
  options: { vip?: string | undefined; vipPrefix?: string | undefined; iface?: string | undefined; mqtt?: string | undefined },
): HostPlan {
  const groups: Record<string, string[]> = {};
  for (const arg of args) {
    const [role, list] = arg.split('=', 2);
    if (!role || !list || !['etcd', 'db', 'lb', 'app'].includes(role)) {
      throw new Error(`--hosts takes role=ip,ip,... with role etcd, db, lb or app; got "${arg}"`);
    }
    groups[role] = list
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
  }
  const plan = { etcd: groups.etcd ?? [], db: groups.db ?? [], lb: groups.lb ?? [], app: groups.app ?? [] };
  if (plan.etcd.length !== 3 && plan.etcd.length !== 5) throw new Error('etcd needs 3 (or 5) hosts, for a quorum that survives a lost host');
  if (plan.db.length < 2) throw new Error('db needs at least 2 hosts (leader + synchronous standby); 3 gives an async replica too');
  if (plan.lb.length !== 2) throw new Error('lb needs exactly 2 hosts (the keepalived pair)');
  if (plan.app.length < 1) throw new Error('app needs at least 1 host');
  if (!options.vip) throw new Error('--vip is required: the virtual IP the HAProxy pair shares');
  for (const ip of [...plan.etcd, ...plan.db, ...plan.lb, ...plan.app, options.vip]) {
    const m = IPV4.exec(ip);
    if (!m || m.slice(1).some((octet) => Number(octet) > 255)) throw new Error(`not an IPv4 address: "${ip}"`);
  }
  return {
    ...plan,
    mqtt: options.mqtt ?? (plan.lb[0] as string),
    vip: options.vip,
    vipPrefix: Number(options.vipPrefix ?? 24),
    iface: options.iface ?? 'eth0',
  };
}

export function renderHosts(plan: HostPlan, outDir: string, env: Record<string, string | undefined> = process.env): string[] {
  const secrets = secretsFromEnv(env);
  const timing = timingFromEnv(env);
  const scope = env.CLUSTER_SCOPE ?? 'alpaca';
  const database = { name: env.CLUSTER_DB_NAME ?? 'alpaca', user: env.CLUSTER_DB_USER ?? 'alpaca' };
  const P = HOST_PORTS;
  const written: string[] = [];
  const manifest: string[] = [];
  const write = (host: string, file: string, text: string, dest: string, mode = 0o600) => {
    const full = path.join(outDir, host, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text, { mode });
    written.push(full);
    manifest.push(`${host}/${file}  ->  ${dest}`);
  };

  const etcdMembers: EtcdMember[] = plan.etcd.map((host, i) => ({ name: `etcd${i + 1}`, host, clientPort: P.etcdClient, peerPort: P.etcdPeer }));
  for (const member of etcdMembers) {
    const settings = etcdSettings({ member, members: etcdMembers, dataDir: '/var/lib/etcd/alpaca', clusterToken: `${scope}-etcd`, alsoListenOnLoopback: true });
    write(member.host, 'etcd/etcd.env', etcdEnvFile(settings), '/etc/default/etcd');
  }

  // The backup repository is off the database hosts (a backup on their disks dies with them): an
  // S3-compatible bucket by default, or an SFTP host (CLUSTER_BACKUP_SFTP_HOST); see docs/deploy-multi-host.md.
  const repo: BackupRepo = env.CLUSTER_BACKUP_SFTP_HOST
    ? {
        type: 'sftp',
        host: env.CLUSTER_BACKUP_SFTP_HOST,
        user: env.CLUSTER_BACKUP_SFTP_USER ?? 'pgbackrest',
        path: env.CLUSTER_BACKUP_PATH ?? '/var/lib/pgbackrest',
        privateKeyFile: '/var/lib/postgresql/.ssh/id_ed25519',
      }
    : {
        type: 's3',
        bucket: env.CLUSTER_BACKUP_S3_BUCKET ?? 'alpaca-backups',
        endpoint: env.CLUSTER_BACKUP_S3_ENDPOINT ?? 's3.eu-west-2.amazonaws.com',
        region: env.CLUSTER_BACKUP_S3_REGION ?? 'eu-west-2',
        path: env.CLUSTER_BACKUP_PATH ?? '/alpaca',
        keyEnv: true,
      };
  const dbNodes: DbNode[] = plan.db.map((host, i) => ({ name: `pg${i + 1}`, host, pgPort: P.pg, apiPort: P.patroni, nosync: i >= 2 }));
  const cidr = (ip: string) => `${ip}/32`;
  for (const node of dbNodes) {
    const yaml = patroniYaml({
      scope,
      namespace: '/service/',
      node,
      etcdHosts: etcdMembers.map((m) => `${m.host}:${m.clientPort}`),
      pgListen: `${node.host},127.0.0.1`,
      restListen: '0.0.0.0',
      dataDir: '/var/lib/postgresql/15/alpaca',
      binDir: '/usr/lib/postgresql/15/bin',
      pgpassFile: '/var/lib/postgresql/.pgpass_patroni',
      socketDir: '/var/run/postgresql',
      postBootstrapScript: '/etc/patroni/post-bootstrap.sh',
      peerCidrs: [...dbNodes.map((n) => cidr(n.host)), '127.0.0.1/32'],
      // HAProxy proxies TCP from its own address (and the VIP, if it is the source).
      appCidrs: [...plan.lb.map(cidr), cidr(plan.vip)],
      database,
      secrets,
      timing,
      archive: { command: archiveCommand('alpaca'), timeoutS: 60 },
      osUser: 'postgres',
    });
    write(node.host, 'patroni/config.yml', yaml, '/etc/patroni/config.yml (owner postgres, 0600)');
    // Each database host names only itself: backups run on the leader's host (a daily timer; docs).
    const backupConf = pgbackrestConf({
      stanza: 'alpaca',
      nodes: [{ dataDir: '/var/lib/postgresql/15/alpaca', port: P.pg, socketDir: '/var/run/postgresql' }],
      repo,
      cipherPass: secrets.backupCipherPass,
      logDir: '/var/log/pgbackrest',
      lockDir: '/tmp/pgbackrest',
      spoolDir: '/var/spool/pgbackrest',
    });
    write(node.host, 'pgbackrest/pgbackrest.conf', backupConf, '/etc/pgbackrest/pgbackrest.conf (owner postgres, 0640)');
    write(
      node.host,
      'patroni/post-bootstrap.sh',
      postBootstrapScript({ binDir: '/usr/lib/postgresql/15/bin', database, appPassword: secrets.appPassword }),
      '/etc/patroni/post-bootstrap.sh (owner postgres, 0700)',
      0o700,
    );
  }

  const apps: AppNode[] = plan.app.map((host, i) => ({ name: `app${i + 1}`, host, port: P.app }));
  plan.lb.forEach((host, i) => {
    const any = (port: number) => ({ host: '0.0.0.0', port });
    const cfg = haproxyCfg({
      http: any(P.http),
      write: any(P.write),
      read: any(P.read),
      stats: { host, port: P.stats },
      apps,
      db: dbNodes,
      logTarget: '/dev/log',
      adminSocket: '/run/haproxy/admin.sock',
      statsAuth: { user: 'admin', password: secrets.statsPassword },
      globalExtra: ['user haproxy', 'group haproxy', 'chroot /var/lib/haproxy'],
    });
    write(host, 'haproxy/haproxy.cfg', cfg, '/etc/haproxy/haproxy.cfg', 0o644);
    const peer = plan.lb[1 - i] as string;
    const keepalived = keepalivedConf({
      self: host,
      peer,
      vip: plan.vip,
      vipPrefix: plan.vipPrefix,
      iface: plan.iface,
      primary: i === 0,
      routerId: 51,
      authPassword: secrets.vrrpPassword,
    });
    write(host, 'keepalived/keepalived.conf', keepalived, '/etc/keepalived/keepalived.conf');
  });

  write(
    plan.mqtt,
    'mosquitto/mosquitto.conf',
    mosquittoConf({ listen: { host: '0.0.0.0', port: P.mqtt }, persistenceDir: '/var/lib/mosquitto', passwordFile: '/etc/mosquitto/passwd' }),
    '/etc/mosquitto/mosquitto.conf (create /etc/mosquitto/passwd with mosquitto_passwd)',
    0o644,
  );

  for (const app of apps) {
    const vars = appEnv({
      host: '0.0.0.0',
      port: app.port,
      dbHost: plan.vip,
      writePort: P.write,
      readPort: P.read,
      database,
      password: secrets.appPassword,
      mqtt: { host: plan.mqtt, port: P.mqtt },
      sessionSecret: secrets.sessionSecret,
      // Each app host's own relay (DESIGN.md §3's "SMTP ─▶ mail relay") unless CLUSTER_SMTP_URL names one.
      smtpUrl: env.CLUSTER_SMTP_URL ?? 'smtp://127.0.0.1:25',
      nodeEnv: 'production',
      publicUrl: env.CLUSTER_PUBLIC_URL ?? `http://${plan.vip}`,
      drainDelayMs: 3000,
      peerUrls: apps.filter((a) => a.name !== app.name).map((a) => `http://${a.host}:${a.port}`),
      trustProxy: plan.lb,
    });
    write(
      app.host,
      'alpaca/alpaca.env',
      envFile(vars, `Alpaca Cafe app ${app.name} on ${app.host}`),
      '/etc/alpaca/alpaca.env (EnvironmentFile of the app unit)',
    );
  }

  const header = [
    '# Generated by `npm run cluster -- render`. Each file goes to the path on the right, on that host.',
    `# VIP ${plan.vip}/${plan.vipPrefix} on ${plan.iface}; app URL http://${plan.vip}/ ; DB write ${plan.vip}:${P.write}, read ${plan.vip}:${P.read}`,
    '',
  ];
  fs.writeFileSync(path.join(outDir, 'MANIFEST.txt'), `${[...header, ...manifest.sort()].join('\n')}\n`);
  written.push(path.join(outDir, 'MANIFEST.txt'));
  return written;
}
