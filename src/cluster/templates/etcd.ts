// etcd (v3 API) as Patroni's DCS. One settings map, written either as command-line flags
// (the local cluster) or as the ETCD_* environment file Debian's etcd service reads (real hosts).
import type { EtcdMember } from '../topology.js';

export interface EtcdOptions {
  member: EtcdMember;
  members: EtcdMember[];
  dataDir: string;
  clusterToken: string;
  /** Extra client listen address on real hosts (the loopback), so local tools work too. */
  alsoListenOnLoopback?: boolean;
}

const url = (host: string, port: number) => `http://${host}:${port}`;

export function etcdSettings(o: EtcdOptions): Record<string, string> {
  const { member } = o;
  const clientUrls = [url(member.host, member.clientPort)];
  if (o.alsoListenOnLoopback && member.host !== '127.0.0.1') clientUrls.push(url('127.0.0.1', member.clientPort));
  return {
    name: member.name,
    'data-dir': o.dataDir,
    'listen-client-urls': clientUrls.join(','),
    'advertise-client-urls': url(member.host, member.clientPort),
    'listen-peer-urls': url(member.host, member.peerPort),
    'initial-advertise-peer-urls': url(member.host, member.peerPort),
    'initial-cluster': o.members.map((m) => `${m.name}=${url(m.host, m.peerPort)}`).join(','),
    'initial-cluster-state': 'new',
    'initial-cluster-token': o.clusterToken,
    // Patroni writes small keys often; keep the log compacted so the data dir stays small.
    'auto-compaction-mode': 'periodic',
    'auto-compaction-retention': '1h',
    // Loopback/LAN round trips are sub-millisecond; the defaults suit that.
    'heartbeat-interval': '100',
    'election-timeout': '1000',
    'enable-v2': 'false',
    logger: 'zap',
    'log-outputs': 'stderr',
  };
}

export const etcdArgs = (settings: Record<string, string>): string[] => Object.entries(settings).map(([key, value]) => `--${key}=${value}`);

export const etcdEnvFile = (settings: Record<string, string>): string =>
  `# etcd settings for ${settings.name}: /etc/default/etcd (read by Debian's etcd.service)\n` +
  Object.entries(settings)
    .map(([key, value]) => `ETCD_${key.toUpperCase().replace(/-/g, '_')}="${value}"`)
    .join('\n') +
  '\n';
