// Network partitions on one machine (decision 801). On loopback every connection leaves from
// 127.0.0.1, so addresses can't tell the parts apart; each part runs as an OS user of its own
// (an app instance: a group of its own), and nftables drops what one side sends to the other's
// ports, matched by the sending socket's user (`meta skuid`) or group (`meta skgid`). Nothing
// leaves the machine: the rules only drop. Every rule lives in one table of this cluster's own,
// which `heal` deletes (and `down`, and every drill when it ends, failed or not).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Topology } from './topology.js';

export interface Part {
  name: string;
  /** nft expressions matching what this part sends (one per OS user or group). */
  senders: string[];
  /** The ports others reach it on. */
  ports: number[];
}

const idOf = (file: '/etc/passwd' | '/etc/group', name: string): number => {
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`${file === '/etc/passwd' ? 'user' : 'group'} ${name} does not exist: run scripts/install-system-deps`);
  return Number(line.split(':')[2]);
};

/** Every part that can be cut off, by the name `status` prints, plus `db`: the database as the apps reach it. */
export function partsOf(t: Topology): Map<string, Part> {
  const user = (name: string) => `meta skuid ${idOf('/etc/passwd', `${t.osUserPrefix}-${name}`)}`;
  const group = (name: string) => `meta skgid ${idOf('/etc/group', `${t.osUserPrefix}-${name}`)}`;
  const parts: Part[] = [
    ...t.etcd.map((m) => ({ name: m.name, senders: [user(m.name)], ports: [m.clientPort, m.peerPort] })),
    // The database nodes share a user (the backup repository's owner) and differ by group.
    ...t.db.map((n) => ({ name: n.name, senders: [group(n.name)], ports: [n.pgPort, n.apiPort] })),
    { name: 'haproxy', senders: [user('haproxy')], ports: [t.lb.http.port, t.lb.write.port, t.lb.read.port, t.lb.stats.port] },
    { name: 'mosquitto', senders: [user('mosquitto')], ports: [t.mqtt.port] },
    ...t.apps.map((a) => ({ name: a.name, senders: [group(a.name)], ports: [a.port] })),
    // HAProxy's database ports and the nodes' own: an app cut "from the database" still answers
    // HAProxy's health checks on its own port, so it is its own readiness that takes it out.
    { name: 'db', senders: t.db.map((n) => group(n.name)), ports: [t.lb.write.port, t.lb.read.port, ...t.db.flatMap((n) => [n.pgPort, n.apiPort])] },
  ];
  return new Map(parts.map((p) => [p.name, p]));
}

/** By default a database node or etcd member is cut from every other one; an app from the database. */
export function defaultTargets(t: Topology, name: string): string[] {
  if (t.apps.some((a) => a.name === name)) return ['db'];
  if (t.etcd.some((m) => m.name === name) || t.db.some((n) => n.name === name)) {
    return [...t.etcd.map((m) => m.name), ...t.db.map((n) => n.name)].filter((n) => n !== name);
  }
  throw new Error(`say whom to cut ${name} from: --from <part,...>`);
}

/** This cluster's nftables table (one per run dir, so two checkouts never touch each other's rules). */
export const tableName = (t: Topology) => `alpaca_${createHash('sha1').update(t.runDir).digest('hex').slice(0, 8)}`;

/** The nft script that cuts `isolated` off from `targets`, both ways, each rule counted and named. */
export function partitionRules(t: Topology, isolated: string, targets: string[]): string {
  const parts = partsOf(t);
  const part = (name: string) => {
    const found = parts.get(name);
    if (!found) throw new Error(`unknown part "${name}"; known: ${[...parts.keys()].join(', ')}`);
    return found;
  };
  const from = part(isolated);
  const table = tableName(t);
  const lines = [`add table inet ${table}`, `add chain inet ${table} output { type filter hook output priority 0; policy accept; }`];
  const drop = (sender: string, ports: number[], label: string) =>
    lines.push(`add rule inet ${table} output ${sender} tcp dport { ${[...new Set(ports)].join(', ')} } counter drop comment "${label}"`);
  for (const name of targets) {
    if (name === isolated) throw new Error(`cannot cut ${name} off from itself`);
    const to = part(name);
    for (const sender of from.senders) drop(sender, to.ports, `${isolated} -> ${name}`);
    for (const sender of to.senders) drop(sender, from.ports, `${name} -> ${isolated}`);
  }
  return `${lines.join('\n')}\n`;
}

function nft(args: string[], input?: string): string {
  try {
    return execFileSync('nft', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`nft ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

export function partition(t: Topology, isolated: string, targets: string[]): void {
  if (process.getuid?.() !== 0) throw new Error('partitions need root (nftables rules, and parts running as users of their own)');
  nft(['-f', '-'], partitionRules(t, isolated, targets));
}

/** Removes every rule of this cluster (the whole table); true when there was one. */
export function heal(t: Topology): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    nft(['list', 'table', 'inet', tableName(t)]);
  } catch {
    return false; // no table: nothing cut
  }
  nft(['delete', 'table', 'inet', tableName(t)]);
  return true;
}

export interface RuleCount {
  rule: string;
  packets: number;
}

/** Each rule of this cluster's table with the packets it dropped so far (empty when nothing is cut). */
export function ruleCounters(t: Topology): RuleCount[] {
  if (process.getuid?.() !== 0) return [];
  let json: string;
  try {
    json = nft(['-j', 'list', 'table', 'inet', tableName(t)]);
  } catch {
    return [];
  }
  const items = (JSON.parse(json) as { nftables: { rule?: { comment?: string; expr: { counter?: { packets: number } }[] } }[] }).nftables;
  return items.flatMap(({ rule }) => (rule ? [{ rule: rule.comment ?? '?', packets: rule.expr.reduce((n, e) => n + (e.counter?.packets ?? 0), 0) }] : []));
}
