// Every process of the local cluster by name (etcd1, pg1..pg3, mosquitto, haproxy, app1, app2):
// how to write its config and start it, and how to find and stop it. Drills use these by name.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appEnv } from './templates/app-env.js';
import { etcdArgs, etcdSettings } from './templates/etcd.js';
import { haproxyCfg } from './templates/haproxy.js';
import { mosquittoConf } from './templates/mosquitto.js';
import { patroniYaml, postBootstrapScript } from './templates/patroni.js';
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

/** The non-root user for etcd, Patroni, PostgreSQL, Mosquitto and HAProxy; undefined when not root. */
export function serviceUser(t: Topology): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = lookupUser(t.osUser);
  if (!user) throw new Error(`OS user ${t.osUser} does not exist: run scripts/install-system-deps`);
  return user;
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

function etcdComponents(t: Topology, user: RunAs | undefined): Component[] {
  const paths = runPaths(t);
  return t.etcd.map((member) => {
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

function patroniComponents(t: Topology, user: RunAs | undefined): Component[] {
  const paths = runPaths(t);
  return t.db.map((node) => {
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
        });
        ownedFile(configFile, yaml, user);
        const bootstrap = postBootstrapScript({ binDir: t.pgBinDir, database: t.database, appPassword: t.secrets.appPassword });
        ownedFile(script, bootstrap, user, 0o700);
      },
    };
  });
}

function mosquittoComponent(t: Topology, user: RunAs | undefined): Component {
  const paths = runPaths(t);
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

function haproxyComponent(t: Topology, user: RunAs | undefined): Component {
  const paths = runPaths(t);
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

function appComponents(t: Topology): Component[] {
  const paths = runPaths(t);
  return t.apps.map((app) => ({
    name: app.name,
    kind: 'app',
    listen: app,
    spec: {
      name: app.name,
      // One process (no tsx wrapper), so a signal or a kill -9 reaches the app itself.
      command: process.execPath,
      args: ['--import', 'tsx', t.appEntry],
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
        }),
        INSTANCE_NAME: app.name,
      },
      cwd: t.repoDir,
      logFile: paths.logFile(app.name),
      pidFile: paths.pidFile(app.name),
      identity: '--import tsx',
    },
    prepare: () => {},
  }));
}

/**
 * The service user must be able to reach the run dir. A checkout under a private home (/root is
 * 0700) is not reachable, so the run dir moves to /var/tmp instead, unless CLUSTER_RUN_DIR says where.
 */
function reachableRunDir(t: Topology, user: RunAs | undefined): Topology {
  if (!user || process.env.CLUSTER_RUN_DIR) return t;
  for (let dir = path.dirname(t.runDir); ; dir = path.dirname(dir)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch {
      stat = undefined; // not created yet: its parent decides
    }
    const searchable =
      !stat || (stat.mode & 0o001) !== 0 || (stat.uid === user.uid && (stat.mode & 0o100) !== 0) || (stat.gid === user.gid && (stat.mode & 0o010) !== 0);
    if (!searchable) {
      const hash = createHash('sha1').update(t.repoDir).digest('hex').slice(0, 8);
      const runDir = path.join('/var/tmp', `alpaca-cluster-${hash}`);
      console.warn(`note: user ${user.user} cannot reach ${t.runDir} (${dir} is private); using ${runDir}`);
      return { ...t, runDir };
    }
    if (dir === path.dirname(dir)) return t;
  }
}

function state(): { topology: Topology; components: Component[] } {
  if (!cached) {
    const local = localTopology();
    const user = serviceUser(local);
    const t = reachableRunDir(local, user);
    cached = {
      topology: t,
      components: [...etcdComponents(t, user), ...patroniComponents(t, user), mosquittoComponent(t, user), haproxyComponent(t, user), ...appComponents(t)],
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
