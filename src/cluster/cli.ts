// npm run cluster -- up | down | status [--json] | switchover [candidate] | logs [component] | render ...
import path from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from './lifecycle.js';
import { followLogs } from './logs.js';
import { listBackups, takeBackup, type BackupType } from './backup.js';
import { defaultTargets, heal, partition, ruleCounters } from './partition.js';
import { restoreSide, restoreWholeCluster, stopSide } from './restore.js';
import { parseHosts, renderHosts } from './render.js';
import { printStatus } from './status.js';
import { switchover } from './switchover.js';
import { topology } from './components.js';
import { sleep } from './supervisor.js';
import { defaultRepoDir, secretsFromEnv } from './topology.js';

const USAGE = `usage: npm run cluster -- <command>

  up                      start etcd, 3 Patroni/PostgreSQL nodes, Mosquitto, HAProxy and 2 app instances
  down                    stop everything (apps drain first, replicas before the leader)
  status [--json]         each component's pid and state; Patroni role and lag; HAProxy routes
  switchover [node]       hand leadership to the sync standby (or the named node) and wait for it
  partition <part> [--from <part,...>] [--for <seconds>]
                          cut a part off (nftables, both ways): a database node or etcd member from
                          every other one by default, an app instance from the database (db)
  heal                    remove every partition rule (also done by down)
  backup [--type full|diff|incr]
                          a backup with pgBackRest (full when none exists, else incremental)
  restore [--to <time>]   the whole cluster from the backups, to the end of the archive or to a time
                          (ISO 8601, e.g. 2026-12-01T02:50:00Z): every node's data is replaced
  restore --side --to <time> | --side --stop
                          a restored copy as of <time> on CLUSTER_SIDE_PORT (5440), beside the live
                          cluster, to copy rows back (docs/cluster.md); --stop removes it
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
    case 'partition': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { from: { type: 'string' }, for: { type: 'string' } },
      });
      const [part] = positionals;
      if (!part) throw new Error('usage: partition <part> [--from <part,...>] [--for <seconds>]');
      const t = topology();
      const targets = values.from ? values.from.split(',').map((s) => s.trim()) : defaultTargets(t, part);
      const seconds = values.for === undefined ? undefined : Number(values.for);
      if (seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0 && seconds <= 3600))
        throw new Error('--for must be a whole number of seconds (1-3600)');
      partition(t, part, targets);
      console.log(`${part} cut off from ${targets.join(', ')}${seconds ? ` for ${seconds} s` : ' (until heal)'}`);
      if (seconds) {
        // Healed when the time is up, or at once on Ctrl-C: never left behind by this command.
        const stop = new Promise<void>((resolve) => process.once('SIGINT', resolve));
        await Promise.race([sleep(seconds * 1000), stop]);
        for (const r of ruleCounters(t)) console.log(`  ${r.rule.padEnd(22)} ${r.packets} packets dropped`);
        heal(t);
        console.log('healed');
      }
      return 0;
    }
    case 'backup': {
      const { values } = parseArgs({ args: rest, options: { type: { type: 'string' } } });
      const t = topology();
      const type = (values.type ?? (listBackups(t).length === 0 ? 'full' : 'incr')) as BackupType;
      if (!['full', 'diff', 'incr'].includes(type)) throw new Error('--type must be full, diff or incr');
      const b = takeBackup(t, type);
      console.log(`${b.type} backup ${b.label} in ${b.stop - b.start} s (repository ${t.backupRepoDir}); took ${took()}`);
      return 0;
    }
    case 'restore': {
      const { values } = parseArgs({ args: rest, options: { to: { type: 'string' }, side: { type: 'boolean' }, stop: { type: 'boolean' } } });
      const t = topology();
      if (values.side && values.stop) {
        console.log(stopSide(t) ? 'side copy stopped and removed' : 'no side copy');
        return 0;
      }
      const to = values.to === undefined ? undefined : new Date(values.to);
      if (to && Number.isNaN(to.getTime())) throw new Error(`--to must be a time such as 2026-12-01T02:50:00Z, got "${values.to}"`);
      if (values.side) {
        if (!to) throw new Error('restore --side needs --to <time>');
        await restoreSide(to);
        return 0;
      }
      await restoreWholeCluster(to);
      return 0;
    }
    case 'heal': {
      const t = topology();
      const counters = ruleCounters(t);
      for (const r of counters) console.log(`  ${r.rule.padEnd(22)} ${r.packets} packets dropped`);
      console.log(heal(t) ? 'healed: every partition rule removed' : 'nothing to heal');
      return 0;
    }
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
