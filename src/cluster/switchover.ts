// `switchover [candidate]`: a planned handover of leadership to the synchronous standby.
import { componentsOfKind, topology } from './components.js';
import { serverStates } from './haproxy-api.js';
import { isHealthy, leaderOf, patroniCluster, requestSwitchover, syncStandbyOf } from './patroni-api.js';
import { waitFor } from './supervisor.js';
import { runPaths } from './topology.js';

export async function switchover(candidate?: string): Promise<void> {
  const t = topology();
  const view = await patroniCluster(t);
  const leader = leaderOf(view);
  if (!leader) throw new Error('no Patroni leader: is the cluster up?');
  const target = candidate ?? syncStandbyOf(view)?.name;
  if (!target) throw new Error('no synchronous standby to switch over to');
  console.log(`switching over: ${leader.name} -> ${target}`);
  const t0 = Date.now();
  console.log(await requestSwitchover(t, leader.name, target));
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  await waitFor(`${target} to lead`, async () => leaderOf(await patroniCluster(t))?.name === target || undefined, { timeoutMs: 60_000 });
  console.log(`${target} leads after ${elapsed()}`);
  if (componentsOfKind('haproxy').length) {
    const socket = runPaths(t).haproxySocket;
    // No answer from HAProxy's socket yet counts as "not routed yet"; waitFor's timeout reports it.
    await waitFor(
      `HAProxy to route writes to ${target}`,
      async () =>
        (await serverStates(socket).catch(() => [])).some((s) => s.proxy === 'postgres_write' && s.server === target && s.status === 'UP') || undefined,
      { timeoutMs: 20_000 },
    );
    console.log(`HAProxy :${t.lb.write.port} routes to ${target} after ${elapsed()}`);
  }
  await waitFor('a synchronous standby again', async () => isHealthy(await patroniCluster(t), t.db.length) || undefined, { timeoutMs: 60_000 });
  const after = await patroniCluster(t);
  console.log(`roles: ${after?.members.map((m) => `${m.name}=${m.role}`).join(' ')} (${elapsed()})`);
}
