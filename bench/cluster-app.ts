// `npm run bench -- --cluster`: the app as customers reach it in production, through HAProxy's front
// door to both app instances, on the Patroni cluster (docs/cluster.md), with synchronous replication.
// Brings the local cluster up (reusing one already running), hands the bench HAProxy's address,
// and the writer URL through HAProxy's write port (:5000) for the pgbench ceiling. Needs root, like
// the cluster itself. The throttles are raised by their setting (RATE_LIMIT_SCALE), never switched off.
import fs from 'node:fs/promises';
import { componentPid, topology } from '../src/cluster/components.js';
import { down, up } from '../src/cluster/lifecycle.js';
import type { RunningApp } from './app-process.js';

export interface ClusterForBench {
  app: RunningApp;
  /** The app's database through HAProxy's write port (:5000), as the apps reach it. */
  writerUrl: string;
  /** Brings the cluster down if this run brought it up. */
  stop(): Promise<void>;
}

async function rssMbOf(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

export async function startClusterForBench(): Promise<ClusterForBench> {
  if (process.getuid?.() !== 0) throw new Error('--cluster needs root (the cluster runs its parts as users of their own)');
  process.env['RATE_LIMIT_SCALE'] ??= '1000'; // read into the app instances' environment (components.ts)
  const t = topology();
  const wasRunning = t.apps.every((a) => componentPid(a.name) !== undefined);
  if (!wasRunning) await up();
  const pw = encodeURIComponent(t.secrets.appPassword);
  const user = encodeURIComponent(t.database.user);
  return {
    app: {
      base: `http://${t.lb.http.host}:${t.lb.http.port}`,
      pid: componentPid(t.apps[0]!.name) ?? 0,
      // The largest instance: the target is per instance.
      async rssMb() {
        return Math.max(...(await Promise.all(t.apps.map((a) => rssMbOf(componentPid(a.name))))));
      },
      async stop() {}, // the cluster's own lifecycle, below
    },
    writerUrl: `postgres://${user}:${pw}@${t.lb.write.host}:${t.lb.write.port}/${encodeURIComponent(t.database.name)}`,
    async stop() {
      if (!wasRunning) await down();
    },
  };
}
