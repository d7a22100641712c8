// Every process of the local cluster by name (etcd1, pg1..pg3, mosquitto, haproxy, app1, app2):
// how to write its config and start it, and how to find and stop it. Drills use these by name.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv } from './templates/app-env.js';
import { etcdArgs, etcdSettings } from './templates/etcd.js';
import { haproxyCfg } from './templates/haproxy.js';
import { mosquittoConf } from './templates/mosquitto.js';
import { patroniYaml, postBootstrapScript } from './templates/patroni.js';
import { archiveCommandOf, backupPaths, pgTime, prepareBackups, restoreRequest, restoreScript, STANZA } from './backup.js';
import { localTopology, runPaths, type Listen, type Topology } from './topology.js';
import { isAlive, livePid, lookupUser, ownedDir, ownedFile, pidFromFile, spawnDetached, terminate, type ProcessSpec, type RunAs } from './supervisor.js';

export type ComponentKind = 'etcd' | 'patroni' | 'mosquitto' | 'haproxy' | 'app';

export interface Component {
  name: string;
  kind: ComponentKind;
  /** The port that answers once the component is up. */
  listen: Listen;
  spec: ProcessSpec;
  /** Writes its config files and directories (safe to repeat). */
  prepare(): void;
}

let cached: { topology: Topology; components: Component[] } | undefined;

function groupId(name: string): number {
  const line = fs
    .readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`OS group ${name} does not exist: run scripts/install-system-deps`);
  return Number(line.split(':')[2]);
}

/**
 * The non-root identity a part runs as when root starts it, its own so that nftables can match what
 * it sends (decision 801): etcd members, HAProxy and Mosquitto as users of their own; the database
 * nodes as one user (<prefix>-db, which owns the backup repository whichever node leads) with a group
 * each (<prefix>-pg1, ...). Undefined when not root: everything then runs as the caller.
 */
export function serviceUser(t: Topology, part: string): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const isDbNode = t.db.some((n) => n.name === part);
  const name = `${t.osUserPrefix}-${isDbNode ? 'db' : part}`;
  const user = lookupUser(name);
  if (!user) throw new Error(`OS user ${name} does not exist: run scripts/install-system-deps`);
  return isDbNode ? { ...user, gid: groupId(`${t.osUserPrefix}-${part}`) } : user;
}

/**
 * An app instance runs as the caller (it reads the checkout, wherever that is); started by root it
 * runs with a group of its own (<prefix>-app1, ...), which nftables matches instead (`meta skgid`).
 */
export function appRunAs(t: Topology, app: string): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { user: 'root', uid: 0, gid: groupId(`${t.osUserPrefix}-${app}`), home: process.env.HOME ?? '/root' };
}

function serviceEnv(user: RunAs | undefined): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: user?.home ?? process.env.HOME ?? '/tmp',
    USER: user?.user ?? process.env.USER ?? '',
  };
}

/** Unix socket paths are limited to 107 bytes; fall back to /tmp for a deep checkout. */
function socketDir(nodeDir: string): string {
  return nodeDir.length + '/.s.PGSQL.65535'.length < 100 ? nodeDir : '/tmp';
}

function etcdComponents(t: Topology): Component[] {
  const paths = runPaths(t);
  return t.etcd.map((member) => {
    const user = serviceUser(t, member.name);
    const dataDir = paths.etcdData(member.name);
    const settings = etcdSettings({ member, members: t.etcd, dataDir, clusterToken: `${t.scope}-local` });
    return {
      name: member.name,
      kind: 'etcd',
      listen: { host: member.host, port: member.clientPort },
      spec: {
        name: member.name,
        command: 'etcd',
        args: etcdArgs(settings),
        env: serviceEnv(user),
        cwd: t.runDir,
        runAs: user,
        logFile: paths.logFile(member.name),
        pidFile: paths.pidFile(member.name),
        identity: `--data-dir=${dataDir}`,
      },
      prepare: () => ownedDir(dataDir, user),
    };
  });
}

function patroniComponents(t: Topology): Component[] {
  const paths = runPaths(t);
  return t.db.map((node) => {
    const user = serviceUser(t, node.name);
    const dir = paths.dbNode(node.name);
    const configFile = path.join(dir, 'patroni.yml');
    const script = path.join(dir, 'post-bootstrap.sh');
    return {
      name: node.name,
      kind: 'patroni',
      listen: { host: node.host, port: node.apiPort },
      spec: {
        name: node.name,
        command: 'patroni',
        args: [configFile],
        env: serviceEnv(user),
        cwd: dir,
        runAs: user,
        logFile: paths.logFile(node.name),
        pidFile: paths.pidFile(node.name),
        identity: configFile,
      },
      prepare() {
        ownedDir(dir, user);
        prepareBackups(t, user);
        const restore = restoreRequest(t);
        const yaml = patroniYaml({
          scope: t.scope,
          namespace: t.namespace,
          node,
          etcdHosts: t.etcd.map((m) => `${m.host}:${m.clientPort}`),
          pgListen: node.host,
          restListen: node.host,
          dataDir: paths.dbData(node.name),
          binDir: t.pgBinDir,
          pgpassFile: path.join(dir, 'pgpass'),
          socketDir: socketDir(dir),
          postBootstrapScript: script,
          peerCidrs: [`${node.host}/32`],
          appCidrs: [`${node.host}/32`],
          database: t.database,
          secrets: t.secrets,
          timing: t.timing,
          // A quiet leader still switches WAL every 10 s, so the archive (and the RPO) lags at most that.
          archive: { command: archiveCommandOf(t, node.name), timeoutS: 10 },
          osUser: user?.user ?? os.userInfo().username,
          ...(restore
            ? {
                bootstrapFromBackup: {
                  script: backupPaths(t).restoreScript(node.name),
                  restoreCommand: `pgbackrest --config=${backupPaths(t).config} --stanza=${STANZA} --pg1-path=${paths.dbData(node.name)} archive-get %f "%p"`,
                  targetTime: restore.to ? pgTime(restore.to) : undefined,
                },
              }
            : {}),
        });
        ownedFile(configFile, yaml, user);
        if (restore) ownedFile(backupPaths(t).restoreScript(node.name), restoreScript(t, paths.dbData(node.name), restore.to), user, 0o700);
        const bootstrap = postBootstrapScript({ binDir: t.pgBinDir, database: t.database, appPassword: t.secrets.appPassword });
        ownedFile(script, bootstrap, user, 0o700);
      },
    };
  });
}

function mosquittoComponent(t: Topology): Component {
  const paths = runPaths(t);
  const user = serviceUser(t, 'mosquitto');
  const conf = path.join(paths.mosquitto, 'mosquitto.conf');
  return {
    name: 'mosquitto',
    kind: 'mosquitto',
    listen: t.mqtt,
    spec: {
      name: 'mosquitto',
      command: 'mosquitto',
      args: ['-c', conf],
      env: serviceEnv(user),
      cwd: paths.mosquitto,
      runAs: user,
      logFile: paths.logFile('mosquitto'),
      pidFile: paths.pidFile('mosquitto'),
      identity: conf,
    },
    prepare() {
      ownedDir(paths.mosquitto, user);
      ownedFile(conf, mosquittoConf({ listen: t.mqtt, persistenceDir: paths.mosquitto }), user);
    },
  };
}

function haproxyComponent(t: Topology): Component {
  const paths = runPaths(t);
  const user = serviceUser(t, 'haproxy');
  const cfg = path.join(paths.haproxy, 'haproxy.cfg');
  return {
    name: 'haproxy',
    kind: 'haproxy',
    listen: t.lb.http,
    spec: {
      name: 'haproxy',
      command: 'haproxy',
      args: ['-db', '-f', cfg],
      env: serviceEnv(user),
      cwd: paths.haproxy,
      runAs: user,
      logFile: paths.logFile('haproxy'),
      pidFile: paths.pidFile('haproxy'),
      identity: cfg,
    },
    prepare() {
      ownedDir(paths.haproxy, user);
      const text = haproxyCfg({
        ...t.lb,
        apps: t.apps,
        db: t.db,
        logTarget: 'stdout format raw',
        adminSocket: paths.haproxySocket,
      });
      ownedFile(cfg, text, user);
      // Refuse to start on a config HAProxy would reject, with its own message.
      execFileSync('haproxy', ['-c', '-q', '-f', cfg], { stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}

const isTypeScript = (entry: string) => /\.tsx?$/.test(entry);
const appArgs = (entry: string) => (isTypeScript(entry) ? ['--import', 'tsx', entry] : [entry]);

function appComponents(t: Topology): Component[] {
  const paths = runPaths(t);
  return t.apps.map((app) => ({
    name: app.name,
    kind: 'app',
    listen: app,
    spec: {
      name: app.name,
      // One process (no wrapper), so a signal or a kill -9 reaches the app itself. The compiled
      // build (dist/main.js, made by `prepare`) as in production; a .ts entry given by
      // CLUSTER_APP_ENTRY still runs through tsx.
      command: process.execPath,
      args: appArgs(t.appEntry),
      env: {
        ...process.env,
        ...appEnv({
          host: app.host,
          port: app.port,
          dbHost: t.lb.write.host,
          writePort: t.lb.write.port,
          readPort: t.lb.read.port,
          database: t.database,
          password: t.secrets.appPassword,
          mqtt: t.mqtt,
          sessionSecret: t.secrets.sessionSecret,
          nodeEnv: 'development',
          publicUrl: `http://localhost:${t.lb.http.port}`,
          drainDelayMs: 3000,
          peerUrls: t.apps.filter((a) => a.name !== app.name).map((a) => `http://${a.host}:${a.port}`),
        }),
        INSTANCE_NAME: app.name,
        RATE_LIMIT_SCALE: process.env['RATE_LIMIT_SCALE'] ?? '1', // throttles (issue 15): drills and load raise them
      },
      cwd: t.repoDir,
      runAs: appRunAs(t, app.name),
      logFile: paths.logFile(app.name),
      pidFile: paths.pidFile(app.name),
      identity: t.appEntry,
    },
    // `npm run build` when src/ changed since the last build (both apps ask; the second finds it fresh).
    prepare: () => {
      if (!isTypeScript(t.appEntry))
        execFileSync(process.execPath, [path.join(t.repoDir, 'scripts/build.ts'), '--if-stale'], { cwd: t.repoDir, stdio: 'inherit' });
    },
  }));
}

function state(): { topology: Topology; components: Component[] } {
  if (!cached) {
    const t = localTopology();
    cached = {
      topology: t,
      components: [...etcdComponents(t), ...patroniComponents(t), mosquittoComponent(t), haproxyComponent(t), ...appComponents(t)],
    };
  }
  return cached;
}

/** The topology every component was built from (env vars read once per process). */
export const topology = (): Topology => state().topology;

export const allComponents = (): Component[] => state().components;

export function component(name: string): Component {
  const found = allComponents().find((c) => c.name === name);
  if (!found)
    throw new Error(
      `unknown component "${name}"; known: ${allComponents()
        .map((c) => c.name)
        .join(', ')}`,
    );
  return found;
}

export const componentsOfKind = (kind: ComponentKind) => allComponents().filter((c) => c.kind === kind);

export const componentPid = (name: string): number | undefined => livePid(component(name).spec);

/** The postmaster of a Patroni node, from its data directory (PostgreSQL outlives a killed Patroni). */
export function postgresPid(name: string): number | undefined {
  const dataDir = runPaths(topology()).dbData(name);
  return pidFromFile(path.join(dataDir, 'postmaster.pid'), 'postgres');
}

export function hasData(name: string): boolean {
  return fs.existsSync(path.join(runPaths(topology()).dbData(name), 'PG_VERSION'));
}

/** Starts one component unless it already runs; returns its pid. */
export function startComponent(name: string): number {
  const c = component(name);
  const running = livePid(c.spec);
  if (running) return running;
  ensureRunDir(topology());
  c.prepare();
  return spawnDetached(c.spec);
}

/**
 * Stops one component. SIGTERM (default) waits up to `timeoutMs`, then kills. For a database node,
 * SIGKILL hard-kills Patroni and PostgreSQL together (a crashed host); otherwise Patroni stops
 * PostgreSQL itself, and any postmaster it leaves behind is stopped after it.
 */
export async function stopComponent(name: string, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
  const c = component(name);
  const pid = livePid(c.spec);
  const postmaster = c.kind === 'patroni' ? postgresPid(name) : undefined;
  if (signal === 'SIGKILL' && postmaster) {
    await Promise.all([pid ? terminate(pid, 'SIGKILL', 0) : undefined, terminate(postmaster, 'SIGKILL', 0)]);
  } else if (pid) {
    await terminate(pid, signal, timeoutMs);
  }
  if (c.kind === 'patroni' && signal !== 'SIGKILL') {
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions and stop cleanly.
    const left = postgresPid(name);
    if (left && isAlive(left)) await terminate(left, 'SIGINT', timeoutMs);
  }
  if (!livePid(c.spec)) fs.rmSync(c.spec.pidFile, { force: true });
}

export function ensureRunDir(t: Topology): void {
  const paths = runPaths(t);
  fs.mkdirSync(t.runDir, { recursive: true, mode: 0o755 });
  fs.mkdirSync(paths.logs, { recursive: true });
  fs.mkdirSync(paths.pids, { recursive: true });
}
