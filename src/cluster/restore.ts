// Restores (decision 802). The whole cluster in place: every node's data directory goes, the first
// node bootstraps a new Patroni cluster from the backup (Patroni's custom bootstrap runs pgBackRest's
// restore, to the end of the archive or to a time), the others clone it. A side restore: a copy of
// the database as it was at a time, on a port of its own beside the live cluster, to copy rows back.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { backupPaths, backupUser, clearRestoreRequest, pgbackrest, restoreArgs, writeRestoreRequest } from './backup.js';
import { componentPid, componentsOfKind, startComponent, stopComponent, topology } from './components.js';
import { clearPatroniScope } from './etcd-api.js';
import { isHealthy, leaderOf, nodeAnswers, patroniCluster } from './patroni-api.js';
import { ownedDir, waitFor } from './supervisor.js';
import { runPaths, type Topology } from './topology.js';

const elapsedS = (since: number) => Number(((Date.now() - since) / 1000).toFixed(1));

/** Before a restore of a live cluster: the last WAL reaches the archive (pgBackRest's check switches and waits). */
function flushArchive(t: Topology): boolean {
  try {
    pgbackrest(t, ['check'], 60_000);
    return true;
  } catch {
    return false; // nothing leads (a lost cluster): what is archived is what there is
  }
}

export interface RestoreTimings {
  /** The first node restored, replayed and leading. */
  leaderS: number;
  /** Leader, synchronous standby and replica streaming again. */
  healthyS: number;
}

/** The whole cluster, in place, to the end of the archive or to `to`. Apps and HAProxy keep running. */
export async function restoreWholeCluster(to: Date | undefined, log: (msg: string) => void = console.log): Promise<RestoreTimings> {
  const t = topology();
  const t0 = Date.now();
  const nodes = componentsOfKind('patroni');
  const [first, ...rest] = nodes;
  if (!first) throw new Error('no database nodes configured');
  if (nodes.some((n) => componentPid(n.name))) log(flushArchive(t) ? 'archive flushed' : 'no leader to flush the archive from');
  await Promise.all(nodes.map((n) => stopComponent(n.name, 'SIGKILL')));
  for (const n of nodes) fs.rmSync(runPaths(t).dbData(n.name), { recursive: true, force: true });
  const cleared = await clearPatroniScope(t);
  log(
    `data directories removed, ${cleared} etcd keys of the old cluster cleared; restoring ${first.name} ${to ? `to ${to.toISOString()}` : 'to the end of the archive'}`,
  );
  writeRestoreRequest(t, to);
  try {
    startComponent(first.name);
    await waitFor(
      `${first.name} to restore, replay and lead`,
      async () => {
        if (!componentPid(first.name)) throw new Error(`${first.name}'s Patroni gave up on the restore: see its log (npm run cluster -- logs ${first.name})`);
        return (await nodeAnswers(t, first.name, '/primary')) || undefined;
      },
      {
        timeoutMs: 300_000,
        intervalMs: 500,
      },
    );
  } finally {
    clearRestoreRequest(t); // the next start of any node is an ordinary one
  }
  const leaderS = elapsedS(t0);
  log(`${first.name} leads after ${leaderS} s; the others clone it`);
  for (const n of rest) startComponent(n.name);
  await waitFor('a leader and a streaming synchronous standby', async () => isHealthy(await patroniCluster(t), nodes.length) || undefined, {
    timeoutMs: 180_000,
    intervalMs: 500,
  });
  // A new timeline: the stanza goes on (pgBackRest follows timelines); check archiving from it.
  flushArchive(t);
  const healthyS = elapsedS(t0);
  log(`cluster restored: ${leaderOf(await patroniCluster(t))?.name} leads, healthy after ${healthyS} s`);
  return { leaderS, healthyS };
}

export const sidePort = (env = process.env) => Number(env.CLUSTER_SIDE_PORT ?? 5440);

function pgCtl(t: Topology, args: string[], timeoutMs = 180_000): void {
  const user = backupUser(t);
  execFileSync(path.join(t.pgBinDir, 'pg_ctl'), args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    cwd: '/',
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
}

/** The side copy's connection string (the superuser; copy rows back through the write port). */
export const sideUrl = (t: Topology) => `postgres://postgres:${encodeURIComponent(t.secrets.superuserPassword)}@127.0.0.1:${sidePort()}/${t.database.name}`;

/** Stops and removes the side copy, if there is one. */
export function stopSide(t: Topology): boolean {
  const p = backupPaths(t);
  if (!fs.existsSync(p.sideData)) return false;
  if (fs.existsSync(path.join(p.sideData, 'postmaster.pid'))) {
    try {
      pgCtl(t, ['-D', p.sideData, '-m', 'fast', '-w', 'stop'], 60_000);
    } catch {
      // already stopped
    }
  }
  fs.rmSync(p.side, { recursive: true, force: true });
  return true;
}

/** A copy of the database as it was at `to`, promoted, on CLUSTER_SIDE_PORT (5440) beside the live cluster. */
export async function restoreSide(to: Date, log: (msg: string) => void = console.log): Promise<{ url: string; readyS: number }> {
  const t = topology();
  const t0 = Date.now();
  const p = backupPaths(t);
  stopSide(t);
  flushArchive(t);
  ownedDir(p.side, backupUser(t), 0o700);
  ownedDir(p.sideData, backupUser(t), 0o700);
  pgbackrest(t, restoreArgs(p.sideData, to, ['--archive-mode=off']), 600_000);
  // Patroni's settings came with the backup; these keep the copy apart from the live cluster.
  const options = [
    `-p ${sidePort()}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${p.side}`,
    `-c hba_file=${path.join(p.sideData, 'pg_hba.conf')}`,
    `-c ident_file=${path.join(p.sideData, 'pg_ident.conf')}`,
    '-c archive_mode=off',
    "-c synchronous_standby_names=''",
    '-c hot_standby=on',
  ].join(' ');
  pgCtl(t, ['-D', p.sideData, '-l', path.join(p.side, 'postgres.log'), '-o', options, '-w', '-t', '300', 'start']);
  const url = sideUrl(t);
  await waitFor(
    'the side copy to reach its target and promote',
    async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        const { rows } = await client.query<{ r: boolean }>('select pg_is_in_recovery() as r');
        return rows[0]?.r === false || undefined;
      } catch {
        return undefined;
      } finally {
        await client.end().catch(() => {});
      }
    },
    { timeoutMs: 300_000, intervalMs: 500 },
  );
  const readyS = elapsedS(t0);
  log(`side copy as of ${to.toISOString()} ready after ${readyS} s: ${url.replace(/:[^:@]*@/, ':***@')}`);
  return { url, readyS };
}
