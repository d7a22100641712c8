// Backups and restores of the local cluster with pgBackRest (decision 802): the repository outside
// the checkout, owned by the database nodes' user; `backup`, `restore [--to <time>]` (the whole
// cluster, in place) and `restore --side --to <time>` (a restored copy beside the live cluster).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { archiveCommand, pgbackrestConf } from './templates/pgbackrest.js';
import { lookupUser, ownedDir, ownedFile, type RunAs } from './supervisor.js';
import { runPaths, type Topology } from './topology.js';

export const STANZA = 'alpaca';

/** The user pgBackRest runs as: the database nodes' user (it reads their data, it owns the repository). */
export function backupUser(t: Topology): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = lookupUser(`${t.osUserPrefix}-db`);
  if (!user) throw new Error(`OS user ${t.osUserPrefix}-db does not exist: run scripts/install-system-deps`);
  return user;
}

export const backupPaths = (t: Topology) => {
  const dir = path.join(t.runDir, 'pgbackrest');
  return {
    dir,
    config: path.join(dir, 'pgbackrest.conf'),
    log: path.join(dir, 'log'),
    lock: path.join(dir, 'lock'),
    spool: path.join(dir, 'spool'),
    /** A restore asked for: the first node bootstraps from the backup while this file exists. */
    restoreRequest: path.join(dir, 'restore-request.json'),
    restoreScript: (node: string) => path.join(dir, `restore-${node}.sh`),
    side: path.join(t.runDir, 'side'),
    sideData: path.join(t.runDir, 'side', 'data'),
  };
};

/** Unix socket paths are limited to 107 bytes; a deep run dir falls back to /tmp (as components.ts does). */
export const socketDirOf = (nodeDir: string) => (nodeDir.length + '/.s.PGSQL.65535'.length < 100 ? nodeDir : '/tmp');

export function archiveCommandOf(t: Topology, node: string): string {
  return archiveCommand(STANZA, backupPaths(t).config, runPaths(t).dbData(node));
}

/** Writes pgBackRest's config and its directories, and the repository (safe to repeat). */
export function prepareBackups(t: Topology, user: RunAs | undefined): void {
  const p = backupPaths(t);
  ownedDir(p.dir, user, 0o750);
  for (const dir of [p.log, p.lock, p.spool]) ownedDir(dir, user, 0o750);
  ownedDir(t.backupRepoDir, user, 0o750);
  const conf = pgbackrestConf({
    stanza: STANZA,
    nodes: t.db.map((n) => ({ dataDir: runPaths(t).dbData(n.name), port: n.pgPort, socketDir: socketDirOf(runPaths(t).dbNode(n.name)) })),
    repo: { type: 'posix', path: t.backupRepoDir },
    cipherPass: t.secrets.backupCipherPass,
    logDir: p.log,
    lockDir: p.lock,
    spoolDir: p.spool,
  });
  ownedFile(p.config, conf, user, 0o640);
}

/** Runs pgBackRest as the database nodes' user; returns its standard output. */
export function pgbackrest(t: Topology, args: string[], timeoutMs = 300_000): string {
  const user = backupUser(t);
  try {
    return execFileSync('pgbackrest', [`--config=${backupPaths(t).config}`, `--stanza=${STANZA}`, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`pgbackrest ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

/** Creates the stanza once the cluster has a leader (idempotent), and checks that archiving works. */
export function ensureStanza(t: Topology): void {
  pgbackrest(t, ['stanza-create']);
}

export type BackupType = 'full' | 'diff' | 'incr';

export interface BackupInfo {
  label: string;
  type: string;
  /** Start and stop of the backup (epoch s). */
  start: number;
  stop: number;
  /** The oldest and newest WAL the repository holds. */
  archiveMax: string | undefined;
}

/** A backup from the leader: full when none exists yet, else the type asked for. */
export function takeBackup(t: Topology, type: BackupType): BackupInfo {
  pgbackrest(t, [`--type=${type}`, 'backup']);
  const latest = listBackups(t).at(-1);
  if (!latest) throw new Error('pgbackrest reported success but lists no backup');
  return latest;
}

export function listBackups(t: Topology): BackupInfo[] {
  const [stanza] = JSON.parse(pgbackrest(t, ['--output=json', 'info'])) as {
    backup?: { label: string; type: string; timestamp: { start: number; stop: number } }[];
    archive?: { max?: string }[];
  }[];
  const archiveMax = stanza?.archive?.[0]?.max;
  return (stanza?.backup ?? []).map((b) => ({ label: b.label, type: b.type, start: b.timestamp.start, stop: b.timestamp.stop, archiveMax }));
}

/** A time as PostgreSQL and pgBackRest read it (UTC). */
export const pgTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '+00');

/** pgBackRest's restore of one data directory, to the end of the archive or to a time. */
export function restoreArgs(dataDir: string, to: Date | undefined, extra: string[] = []): string[] {
  const target = to ? ['--type=time', `--target=${pgTime(to)}`, '--target-action=promote'] : [];
  return [`--pg1-path=${dataDir}`, ...target, ...extra, 'restore'];
}

/**
 * The script Patroni runs to bootstrap the first node from the backup (its custom bootstrap method):
 * the files of the backup that the target needs; Patroni then writes the recovery settings itself.
 */
export function restoreScript(t: Topology, dataDir: string, to: Date | undefined): string {
  const args = [`--config=${backupPaths(t).config}`, `--stanza=${STANZA}`, ...restoreArgs(dataDir, to)];
  return `#!/bin/sh\n# Restores ${dataDir} from the backup (generated by src/cluster/backup.ts)\nset -eu\nexec pgbackrest ${args.map((a) => `'${a}'`).join(' ')}\n`;
}

export function writeRestoreRequest(t: Topology, to: Date | undefined): void {
  fs.writeFileSync(backupPaths(t).restoreRequest, JSON.stringify({ to: to?.toISOString() ?? null, at: new Date().toISOString() }));
}

export function restoreRequest(t: Topology): { to: Date | undefined } | undefined {
  try {
    const { to } = JSON.parse(fs.readFileSync(backupPaths(t).restoreRequest, 'utf8')) as { to: string | null };
    return { to: to ? new Date(to) : undefined };
  } catch {
    return undefined;
  }
}

export const clearRestoreRequest = (t: Topology) => fs.rmSync(backupPaths(t).restoreRequest, { force: true });
