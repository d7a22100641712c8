// HAProxy: the front door to the app instances, plus the PostgreSQL write and read ports
// that follow Patroni's roles through its REST health endpoints.
import type { AppNode, DbNode, Listen } from '../topology.js';

export interface HaproxyOptions {
  http: Listen;
  write: Listen;
  read: Listen;
  stats: Listen;
  apps: AppNode[];
  db: DbNode[];
  /** `stdout format raw` locally (into the log file); `/dev/log` on real hosts. */
  logTarget: string;
  /** Runtime API socket, used by `status` and the drills. */
  adminSocket: string;
  statsAuth?: { user: string; password: string };
  /** Extra lines for the global section (user/group, chroot on real hosts). */
  globalExtra?: string[];
}

const addr = (l: Listen) => `${l.host}:${l.port}`;

function global(o: HaproxyOptions): string {
  return [
    'global',
    `  log ${o.logTarget} local0 info`,
    '  maxconn 4096',
    `  stats socket ${o.adminSocket} mode 600 level admin`,
    '  stats timeout 10s',
    // On reload/stop, give long responses (SSE, slow failover retries) a bounded time to finish.
    '  hard-stop-after 30s',
    ...(o.globalExtra ?? []).map((line) => `  ${line}`),
    '',
    'defaults',
    '  log global',
    '  option dontlognull',
    '  timeout connect 2s',
    '  timeout check 2s',
    '  timeout queue 30s',
    // Must exceed the app's own 30 s database-retry window, so a request that waits out a
    // failover is answered, not cut off.
    '  timeout client 65s',
    '  timeout server 65s',
    '',
  ].join('\n');
}

function apps(o: HaproxyOptions): string {
  return [
    'frontend web',
    `  bind ${addr(o.http)}`,
    '  mode http',
    '  option httplog',
    '  option forwardfor',
    '  http-request set-header X-Forwarded-Proto https if { ssl_fc }',
    // One id per request, replacing any the client sent: the apps believe X-Request-Id only from
    // TRUST_PROXY addresses (hex, ':' and '_': within their 128 plain characters), log it and return it.
    '  unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid',
    '  http-request set-header X-Request-Id %[unique-id]',
    '  timeout http-request 10s',
    // Lower than the app\'s keepAliveTimeout (65 s): HAProxy, not the app, closes idle client
    // connections, so no request is ever sent on a socket the app is closing.
    '  timeout http-keep-alive 10s',
    '  default_backend apps',
    '',
    'backend apps',
    '  mode http',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    // /readyz answers 404 while an instance drains: no new requests, in-flight ones finish.
    '  http-check disable-on-404',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response response-timeout 503',
    // Replaying a request is only safe when doing it twice is harmless.
    '  acl idempotent method GET HEAD',
    '  acl idempotent req.hdr(Idempotency-Key) -m found',
    '  http-request disable-l7-retry if !idempotent',
    // Layer 4 only: a database failover makes requests slow or 503, and must not mark every app down.
    '  default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2 observe layer4 error-limit 5 on-error mark-down on-marked-down shutdown-sessions pool-purge-delay 5s',
    ...o.apps.map((a) => `  server ${a.name} ${a.host}:${a.port} check`),
    '',
  ].join('\n');
}

function postgres(o: HaproxyOptions): string {
  const pgServer = (n: DbNode, extra = '') => `  server ${n.name} ${n.host}:${n.pgPort} check port ${n.apiPort}${extra}`;
  const pgDefaults = [
    '  mode tcp',
    '  option tcplog',
    '  balance leastconn',
    // Pooled connections idle for long; the app and PostgreSQL own their own timeouts.
    '  timeout client 30m',
    '  timeout server 30m',
    // A refused connection is handed back at once: the database clients retry by themselves within
    // 0.25 s. HAProxy's own retries wait a 1 s turn-around each, so a connection that reached the
    // old leader as it shut down sat 3 s in HAProxy while the new one was already routed (the
    // switchover drill's write pause went from 3.4 s to under 3 s with this).
    '  retries 0',
    '  http-check expect status 200',
  ];
  // How often a node's Patroni is asked: once a second, every 500 ms while a check result is changing.
  // A node that is down on the write port (every node but the leader) is asked every 250 ms, so the
  // node that has just taken the leader lock is routed within a quarter of a second rather than a
  // whole one: in a planned switchover that wait was part of the write pause (decision 805). The
  // cost: 6 more OPTIONS requests a second to the two replicas' Patroni.
  const checks = (fast: string, down: string) => `  default-server inter 1s fastinter ${fast} downinter ${down} fall 2 rise 1 on-marked-down shutdown-sessions`;
  return [
    // Writes: only the node Patroni says holds the leader lock and runs as primary answers 200.
    // OPTIONS, not GET: same status codes, no body, so HAProxy closing the check connection right
    // after the status line does not fill Patroni's log with ConnectionResetError tracebacks.
    'listen postgres_write',
    `  bind ${addr(o.write)}`,
    '  option httpchk OPTIONS /primary',
    ...pgDefaults,
    checks('500ms', '250ms'),
    ...o.db.map((n) => pgServer(n)),
    '',
    // Reads: streaming replicas that are not far behind; the leader only when no replica is up
    // (each "-leader" backup tracks the node's /primary check in postgres_write).
    'listen postgres_read',
    `  bind ${addr(o.read)}`,
    '  option httpchk OPTIONS /replica?lag=16MB',
    ...pgDefaults,
    checks('500ms', '1s'),
    ...o.db.map((n) => pgServer(n)),
    ...o.db.map((n) => `  server ${n.name}-leader ${n.host}:${n.pgPort} backup track postgres_write/${n.name}`),
    '',
  ].join('\n');
}

function stats(o: HaproxyOptions): string {
  return [
    'frontend stats',
    `  bind ${addr(o.stats)}`,
    '  mode http',
    '  stats enable',
    '  stats uri /stats',
    '  stats refresh 2s',
    '  stats show-legends',
    ...(o.statsAuth ? [`  stats auth ${o.statsAuth.user}:${o.statsAuth.password}`] : []),
    '',
  ].join('\n');
}

export function haproxyCfg(o: HaproxyOptions): string {
  return ['# HAProxy for Alpaca Cafe (generated by src/cluster/templates/haproxy.ts)', global(o), apps(o), postgres(o), stats(o)].join('\n');
}
