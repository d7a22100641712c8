// etcd's v3 JSON gateway: health, and clearing a stale Patroni scope before a fresh bootstrap.
import type { Topology } from './topology.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function clientUrl(t: Topology, member = 0): string {
  const m = t.etcd[member];
  if (!m) throw new Error(`no etcd member ${member + 1} configured`);
  return `http://${m.host}:${m.clientPort}`;
}

/** One member (the first by default) answers healthy: it is part of a majority that has a leader. */
export async function etcdHealthy(t: Topology, member = 0): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl(t, member)}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string | boolean };
    return res.ok && String(body.health) === 'true';
  } catch {
    return false;
  }
}

/**
 * Deletes every key of this Patroni scope. Only used when no node has a data directory: a scope
 * left behind by wiped nodes would make them wait forever for a cluster that no longer exists.
 */
export async function clearPatroniScope(t: Topology): Promise<number> {
  const prefix = `${t.namespace.replace(/\/?$/, '/')}${t.scope}/`;
  // range_end = prefix with its last byte incremented: every key that starts with the prefix.
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  const res = await fetch(`${clientUrl(t)}/v3/kv/deleterange`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(prefix), range_end: b64(end) }),
    signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) throw new Error(`etcd deleterange failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { deleted?: string };
  return Number(body.deleted ?? 0);
}
