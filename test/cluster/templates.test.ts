// The cluster's config templates: what they must say, and that HAProxy accepts what they emit.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseHosts, renderHosts } from '../../src/cluster/render.js';
import { etcdArgs, etcdEnvFile, etcdSettings } from '../../src/cluster/templates/etcd.js';
import { haproxyCfg } from '../../src/cluster/templates/haproxy.js';
import { patroniYaml } from '../../src/cluster/templates/patroni.js';
import { toYaml } from '../../src/cluster/templates/yaml.js';
import { localTopology, runPaths, TopologyError } from '../../src/cluster/topology.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-test-'));

test('toYaml quotes strings and nests lists of maps', () => {
  assert.equal(
    toYaml({ a: 'x: y', n: 1, on: true, list: [{ k: 'v' }, 'plain'], empty: [] }),
    'a: "x: y"\nn: 1\non: true\nlist:\n  - k: "v"\n  - "plain"\nempty: []\n',
  );
});

test('topology defaults and env overrides', () => {
  const t = localTopology({ CLUSTER_PG_PORTS: '6001,6002,6003', CLUSTER_PATRONI_PORTS: '7001,7002,7003' });
  assert.deepEqual(
    t.db.map((n) => [n.name, n.pgPort, n.apiPort, n.nosync]),
    [
      ['pg1', 6001, 7001, false],
      ['pg2', 6002, 7002, false],
      ['pg3', 6003, 7003, true],
    ],
  );
  assert.equal(t.lb.write.port, 5000);
  assert.throws(() => localTopology({ CLUSTER_HTTP_PORT: 'eighty' }), /CLUSTER_HTTP_PORT/);
});

test("Patroni's timing rule is enforced", () => {
  assert.throws(() => localTopology({ CLUSTER_PATRONI_TTL: '6', CLUSTER_PATRONI_RETRY_TIMEOUT: '3' }), TopologyError);
});

test('patroni.yml: synchronous mode, fast failover, nosync on the third node', () => {
  const t = localTopology({});
  const yaml = patroniYaml({
    scope: t.scope,
    namespace: t.namespace,
    node: t.db[2]!,
    etcdHosts: ['127.0.0.1:2379'],
    pgListen: '127.0.0.1',
    restListen: '127.0.0.1',
    dataDir: '/d',
    binDir: t.pgBinDir,
    pgpassFile: '/p',
    socketDir: '/s',
    postBootstrapScript: '/b.sh',
    peerCidrs: ['127.0.0.1/32'],
    appCidrs: ['127.0.0.1/32'],
    database: t.database,
    secrets: t.secrets,
    timing: t.timing,
  });
  for (const line of [
    'synchronous_mode: true',
    'synchronous_node_count: 1',
    'primary_start_timeout: 0',
    'failsafe_mode: true',
    'use_pg_rewind: true',
    'ttl: 10',
    'loop_wait: 2',
    'retry_timeout: 3',
    'nosync: true',
    'etcd3:',
  ]) {
    assert.ok(yaml.includes(line), `missing "${line}"`);
  }
});

test('etcd settings render as flags and as an environment file', () => {
  const member = { name: 'etcd1', host: '127.0.0.1', clientPort: 2379, peerPort: 2380 };
  const settings = etcdSettings({ member, members: [member], dataDir: '/d', clusterToken: 't' });
  assert.ok(etcdArgs(settings).includes('--initial-cluster=etcd1=http://127.0.0.1:2380'));
  assert.match(etcdEnvFile(settings), /^ETCD_LISTEN_CLIENT_URLS="http:\/\/127\.0\.0\.1:2379"$/m);
});

test('haproxy.cfg has the required behaviour and passes haproxy -c', () => {
  const t = localTopology({});
  const dir = tmp();
  const cfg = haproxyCfg({ ...t.lb, apps: t.apps, db: t.db, logTarget: 'stdout format raw', adminSocket: path.join(dir, 'admin.sock') });
  for (const line of [
    'option httpchk GET /readyz',
    'http-check disable-on-404',
    'option redispatch',
    'retry-on conn-failure empty-response response-timeout 503',
    'http-request disable-l7-retry if !idempotent',
    'acl idempotent req.hdr(Idempotency-Key) -m found',
    'observe layer4',
    'timeout http-keep-alive 10s',
    'option httpchk OPTIONS /primary',
    'stats uri /stats',
    'unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid',
    'http-request set-header X-Request-Id %[unique-id]',
  ]) {
    assert.ok(cfg.includes(line), `missing "${line}"`);
  }
  assert.match(cfg, /server pg1-leader 127\.0\.0\.1:5433 backup track postgres_write\/pg1/);
  const file = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(file, cfg);
  execFileSync('haproxy', ['-c', '-q', '-f', file]);
});

test('render writes every host its files from the same templates', () => {
  const plan = parseHosts(['etcd=10.0.0.1,10.0.0.2,10.0.0.3', 'db=10.0.1.1,10.0.1.2,10.0.1.3', 'lb=10.0.2.1,10.0.2.2', 'app=10.0.3.1'], {
    vip: '10.0.2.100',
  });
  const out = tmp();
  renderHosts(plan, out, {});
  const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');
  assert.match(read('10.0.0.2/etcd/etcd.env'), /ETCD_INITIAL_CLUSTER="etcd1=http:\/\/10\.0\.0\.1:2380,etcd2=.*etcd3=/);
  assert.match(read('10.0.1.3/patroni/config.yml'), /nosync: true/);
  assert.match(read('10.0.1.1/patroni/config.yml'), /host alpaca alpaca 10\.0\.2\.1\/32 scram-sha-256/);
  assert.match(read('10.0.2.1/keepalived/keepalived.conf'), /state MASTER[\s\S]*10\.0\.2\.100\/24/);
  assert.match(read('10.0.2.2/keepalived/keepalived.conf'), /state BACKUP/);
  assert.match(read('10.0.3.1/alpaca/alpaca.env'), /^DATABASE_URL=postgres:\/\/alpaca:.*@10\.0\.2\.100:5000\/alpaca$/m);
  assert.match(read('10.0.3.1/alpaca/alpaca.env'), /^SMTP_URL=smtp:\/\/127\.0\.0\.1:25$/m, 'production needs a mail relay');
  assert.match(read('MANIFEST.txt'), /10\.0\.2\.1\/haproxy\/haproxy\.cfg {2}-> {2}\/etc\/haproxy\/haproxy\.cfg/);
  // Backups: WAL archived from whichever node leads, to an encrypted repository off the database hosts.
  assert.match(read('10.0.1.2/patroni/config.yml'), /archive_command: "pgbackrest --stanza=alpaca archive-push %p"/);
  const backup = read('10.0.1.2/pgbackrest/pgbackrest.conf');
  for (const line of ['repo1-type=s3', 'repo1-retention-full=2', 'repo1-retention-diff=7', 'repo1-cipher-type=aes-256-cbc', '[alpaca]']) {
    assert.ok(backup.includes(line), `pgbackrest.conf lacks "${line}"`);
  }
  assert.throws(() => parseHosts(['etcd=10.0.0.1'], { vip: '10.0.2.100' }), /etcd needs 3/);
});

test('run paths stay under the run dir', () => {
  const t = localTopology({ CLUSTER_RUN_DIR: '/tmp/x' });
  assert.equal(runPaths(t).dbData('pg1'), '/tmp/x/pg1/data');
});

test('the run dir and the backup repository are outside the checkout by default', () => {
  const t = localTopology({ CLUSTER_REPO_DIR: '/root/private/alpaca' });
  assert.match(t.runDir, /^\/var\/tmp\/alpaca-cluster-[0-9a-f]{8}$/);
  assert.match(t.backupRepoDir, /^\/var\/tmp\/alpaca-backup-[0-9a-f]{8}$/);
  assert.equal(t.etcd.length, 3, 'three etcd members: one can be cut off and the others keep a majority');
});
