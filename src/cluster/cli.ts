// npm run cluster -- up | down | status [--json] | switchover [candidate] | logs [component] | render ...
import path from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from './lifecycle.js';
import { followLogs } from './logs.js';
import { parseHosts, renderHosts } from './render.js';
import { printStatus } from './status.js';
import { switchover } from './switchover.js';
import { defaultRepoDir, secretsFromEnv } from './topology.js';

const USAGE = `usage: npm run cluster -- <command>

  up                      start etcd, 3 Patroni/PostgreSQL nodes, Mosquitto, HAProxy and 2 app instances
  down                    stop everything (apps drain first, replicas before the leader)
  status [--json]         each component's pid and state; Patroni role and lag; HAProxy routes
  switchover [node]       hand leadership to the sync standby (or the named node) and wait for it
  logs [component] [-n N] [--no-follow]
                          follow a component's log (etcd1, pg1..pg3, mosquitto, haproxy, app1, app2)
  render --hosts etcd=IP,IP,IP db=IP,IP,IP lb=IP,IP app=IP,... --vip IP [--vip-prefix 24]
         [--iface eth0] [--mqtt IP] [--out DIR]
                          write each real host's config files (see docs/deploy-multi-host.md)

Ports, paths and passwords come from CLUSTER_* environment variables (see docs/cluster.md).`;

async function main(argv: string[]): Promise<number> {
  // On stderr, so `status --json` stays pure JSON. The app instances run on this same binary (process.execPath).
  console.error(`cluster CLI on node ${process.version}`);
  const [command, ...rest] = argv;
  const t0 = Date.now();
  const took = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  switch (command) {
    case 'up':
      await up();
      console.log(`up took ${took()}`);
      await printStatus(false);
      return 0;
    case 'down':
      await down();
      console.log(`down took ${took()}`);
      return 0;
    case 'status': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      return (await printStatus(values.json ?? false)) ? 0 : 3;
    }
    case 'switchover':
      await switchover(rest[0]);
      return 0;
    case 'logs': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { lines: { type: 'string', short: 'n', default: '40' }, 'no-follow': { type: 'boolean' } },
      });
      return followLogs(positionals[0], Number(values.lines), !values['no-follow']);
    }
    case 'render': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          hosts: { type: 'string', multiple: true },
          vip: { type: 'string' },
          'vip-prefix': { type: 'string' },
          iface: { type: 'string' },
          mqtt: { type: 'string' },
          out: { type: 'string', default: path.join(defaultRepoDir, '.run', 'render') },
        },
      });
      // `--hosts etcd=... db=... lb=... app=...`: the role lists after --hosts arrive as positionals.
      const hostArgs = [...(values.hosts ?? []), ...positionals];
      const plan = parseHosts(hostArgs, { vip: values.vip, vipPrefix: values['vip-prefix'], iface: values.iface, mqtt: values.mqtt });
      const out = path.resolve(values.out);
      const files = renderHosts(plan, out);
      console.log(`wrote ${files.length} files under ${out} (see ${path.join(out, 'MANIFEST.txt')})`);
      const dev = secretsFromEnv({});
      const current = secretsFromEnv();
      const defaults = (Object.keys(dev) as (keyof typeof dev)[]).filter((k) => dev[k] === current[k]);
      if (defaults.length) console.warn(`WARNING: dev default secrets used for ${defaults.join(', ')}: set the CLUSTER_* password variables before deploying`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`cluster: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
