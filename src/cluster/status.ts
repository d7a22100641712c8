// `status`: every component with its pid and state; database nodes with their Patroni role and lag;
// and where HAProxy routes right now.
import { allComponents, componentPid, postgresPid, topology, type Component } from './components.js';
import { serverStates, type ServerState } from './haproxy-api.js';
import { patroniCluster, type ClusterView } from './patroni-api.js';
import { portOpen } from './supervisor.js';
import { runPaths } from './topology.js';

export interface ComponentStatus {
  name: string;
  kind: string;
  pid: number | undefined;
  state: 'running' | 'listening' | 'stopped' | 'port taken by another process';
  listen: string;
  role?: string | undefined;
  patroniState?: string | undefined;
  lag?: number | string | undefined;
  timeline?: number | undefined;
  postgresPid?: number | undefined;
}

export async function collectStatus(): Promise<{ components: ComponentStatus[]; cluster: ClusterView | undefined; routes: ServerState[] }> {
  const t = topology();
  const cluster = await patroniCluster(t);
  const routes = await serverStates(runPaths(t).haproxySocket).catch(() => []); // HAProxy down: the status shows no routes
  const one = async (c: Component): Promise<ComponentStatus> => {
    const pid = componentPid(c.name);
    const open = await portOpen(c.listen.host, c.listen.port);
    const state = pid ? (open ? 'listening' : 'running') : open ? 'port taken by another process' : 'stopped';
    const member = cluster?.members.find((m) => m.name === c.name);
    return {
      name: c.name,
      kind: c.kind,
      pid,
      state,
      listen: `${c.listen.host}:${c.listen.port}`,
      ...(c.kind === 'patroni'
        ? { role: member?.role, patroniState: member?.state, lag: member?.lag, timeline: member?.timeline, postgresPid: postgresPid(c.name) }
        : {}),
    };
  };
  return { components: await Promise.all(allComponents().map(one)), cluster, routes };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function printStatus(json: boolean): Promise<boolean> {
  const { components, routes } = await collectStatus();
  if (json) {
    console.log(JSON.stringify({ components, routes }, null, 2));
  } else {
    const rows = [['COMPONENT', 'PID', 'STATE', 'LISTEN', 'ROLE', 'LAG', 'TL', 'POSTGRES PID']];
    for (const c of components) {
      const lag = c.kind !== 'patroni' || c.lag === undefined ? '' : typeof c.lag === 'number' ? `${c.lag} B` : String(c.lag);
      const role = c.kind === 'patroni' ? `${c.role ?? '-'}${c.patroniState ? ` (${c.patroniState})` : ''}` : '';
      rows.push([
        c.name,
        c.pid ? String(c.pid) : '-',
        c.state,
        c.listen,
        role,
        lag,
        c.timeline ? String(c.timeline) : '',
        c.postgresPid ? String(c.postgresPid) : '',
      ]);
    }
    console.log(table(rows));
    if (routes.length) {
      const by = (proxy: string) =>
        routes
          .filter((r) => r.proxy === proxy)
          .map((r) => `${r.server}:${r.status}`)
          .join(' ');
      console.log(`\nHAProxy  web(apps): ${by('apps')}\n         write:     ${by('postgres_write')}\n         read:      ${by('postgres_read')}`);
    }
  }
  return components.every((c) => c.state === 'listening');
}
