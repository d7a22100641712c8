// Patroni's REST API: who leads, who is the synchronous standby, and planned switchovers.
import { RESTAPI_USER } from './templates/patroni.js';
import type { Topology } from './topology.js';

export interface Member {
  name: string;
  role: 'leader' | 'sync_standby' | 'replica' | 'standby_leader' | string;
  state: string;
  host: string;
  port: number;
  api_url?: string;
  timeline?: number;
  /** Bytes behind the leader; Patroni says "unknown" when it cannot tell. */
  lag?: number | string;
  tags?: Record<string, unknown>;
}

export interface ClusterView {
  members: Member[];
  /** The node whose REST API answered. */
  via: string;
}

const apiUrl = (t: Topology, name: string) => {
  const node = t.db.find((n) => n.name === name);
  if (!node) throw new Error(`unknown database node "${name}"`);
  return `http://${node.host}:${node.apiPort}`;
};

/** GET /cluster from the first node that answers, or undefined when none does. */
export async function patroniCluster(t: Topology): Promise<ClusterView | undefined> {
  for (const node of t.db) {
    try {
      const res = await fetch(`${apiUrl(t, node.name)}/cluster`, { signal: AbortSignal.timeout(1000) });
      if (!res.ok) continue;
      const body = (await res.json()) as { members?: Member[] };
      return { members: body.members ?? [], via: node.name };
    } catch {
      // next node
    }
  }
  return undefined;
}

export const leaderOf = (view: ClusterView | undefined) => view?.members.find((m) => m.role === 'leader');
export const syncStandbyOf = (view: ClusterView | undefined) => view?.members.find((m) => m.role === 'sync_standby');

/** Patroni's own health endpoints (GET /primary, /replica, /health): true on 200. */
export async function nodeAnswers(t: Topology, name: string, endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${apiUrl(t, name)}${endpoint}`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** A leader and a streaming synchronous standby, both running. */
export function isHealthy(view: ClusterView | undefined, expectedMembers: number): boolean {
  const leader = leaderOf(view);
  const sync = syncStandbyOf(view);
  const running = (m: Member | undefined) => m !== undefined && ['running', 'streaming'].includes(m.state);
  return running(leader) && running(sync) && (view?.members.length ?? 0) >= expectedMembers;
}

/** POST /switchover to the leader's REST API: hands leadership to `candidate` (the sync standby). */
export async function requestSwitchover(t: Topology, leader: string, candidate: string): Promise<string> {
  const auth = Buffer.from(`${RESTAPI_USER}:${t.secrets.restApiPassword}`).toString('base64');
  const res = await fetch(`${apiUrl(t, leader)}/switchover`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${auth}` },
    body: JSON.stringify({ leader, candidate }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`Patroni refused the switchover (${res.status}): ${text}`);
  return text;
}
