// The automatic barista of the always-open demo store (db/seed/demo-store.ts, decision 316): a paid
// order there is marked ready after a short "making" time and collected a little later, so a
// newcomer sees the whole journey without a staff login. It makes the same `mark_ready` and
// `collect` transitions a barista does, as the demo store's own barista account, with their usual
// effects (the "ready" email). It only ever touches orders of that one store.
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { type Repeating, repeatEvery } from '../../repeat.js';
import { transition } from '../../db/order-transition.js';
import { read } from '../../db/unit-of-work.js';

/** How long the demo store "makes" an order, and how long it then waits at the counter. */
export const DEMO_MAKING_MS = 20_000;
export const DEMO_COLLECT_AFTER_MS = 60_000;
const TICK_MS = 2_000;

export interface DemoBaristaOptions {
  storeId: number;
  baristaId: number;
}

/** One pass: moves on each of the demo store's orders whose time has come. Returns how many moved. */
export async function demoBaristaPass(deps: AppDeps, { storeId, baristaId }: DemoBaristaOptions): Promise<number> {
  const now = deps.clock();
  const due = await read(deps.db.writer, (db) =>
    db
      .selectFrom('orders')
      .select(['id', 'state'])
      .where('store_id', '=', storeId)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'paid'), eb('paid_at', '<=', new Date(now.getTime() - DEMO_MAKING_MS))]),
          eb.and([eb('state', '=', 'ready'), eb('ready_at', '<=', new Date(now.getTime() - DEMO_COLLECT_AFTER_MS))]),
        ]),
      )
      .limit(50)
      .execute(),
  );
  let moved = 0;
  for (const order of due) {
    // Conditional: a real barista (or another instance) who got there first wins, and this changes nothing.
    const applied = await transition(deps.db.writer, order.id, order.state === 'paid' ? 'mark_ready' : 'collect', { now, actor: `staff:${baristaId}` });
    if (applied) moved++;
  }
  return moved;
}

export function startDemoBarista(deps: AppDeps, options: DemoBaristaOptions, log: FastifyBaseLogger): Repeating {
  return repeatEvery(TICK_MS, 'demo barista pass', () => demoBaristaPass(deps, options), log);
}
