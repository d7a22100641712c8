// Time-driven start (decision 306): an "on my way" or pickup order is charged and enters the
// queue at its moment (`making_starts_at`). Each instance arms one timer for the earliest moment
// and re-arms it whenever an order changes anywhere (the live NOTIFY every transition and trigger
// change sends), so a moment is met within the timer's accuracy, not a sweep's interval. When it
// fires, every instance may run `startDueOrders`: the claim is the conditional `start_making`
// transition taken under `FOR UPDATE SKIP LOCKED`, so exactly one instance charges each order
// (claim → call → settle, as "I'm here" does). The clock and the timer are injectable for tests.
import type { FastifyBaseLogger } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB, OrderRow, StartBlocked } from '../../db/schema.js';
import { getStoreById } from '../../db/stores.js';
import { etaAt, loadStoreQueue } from '../../db/store-eta.js';
import { recordOrderEvent, transition } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';
import { isOpen, isPaused } from '../../domain/store.js';
import { enqueue } from '../../outbox/enqueue.js';
import { finishCapture } from './customer-actions.js';

/** Why the store can't make the order now, or null when it can. */
async function blockedReason(trx: Transaction<DB>, order: OrderRow, now: Date): Promise<StartBlocked | null> {
  const store = (await getStoreById(trx, order.store_id))!;
  if (isPaused(store, now)) return 'store_paused';
  if (!isOpen(store, now)) return 'store_closed';
  const soldOut = await trx
    .selectFrom('order_lines')
    .innerJoin('store_products', (join) =>
      join.onRef('store_products.product_id', '=', 'order_lines.product_id').on('store_products.store_id', '=', order.store_id),
    )
    .select('order_lines.id')
    .where('order_lines.order_id', '=', order.id)
    .where('store_products.available', '=', false)
    .executeTakeFirst();
  if (soldOut) return 'sold_out';
  const optionSoldOut = await sql<{ id: number }>`
    SELECT l.id FROM order_lines l
      CROSS JOIN LATERAL jsonb_array_elements(l.options) AS chosen
      JOIN option_groups g ON g.slug = chosen->>'group'
      JOIN options o ON o.group_id = g.id AND o.slug = chosen->>'slug'
      JOIN store_options so ON so.option_id = o.id AND so.store_id = ${order.store_id}
     WHERE l.order_id = ${order.id} AND so.available = false
     LIMIT 1`.execute(trx);
  return optionSoldOut.rows.length > 0 ? 'sold_out' : null;
}

const BLOCKED_WORDS: Record<StartBlocked, string> = {
  store_paused: 'not started: the store had paused orders',
  store_closed: 'not started: the store was closed',
  sold_out: 'not started: an item had sold out',
};

export interface StartResult {
  started: number;
  blocked: number;
  /** Claimed here, charged or refused (needs_payment) by the gateway. */
  charged: number;
  needsPayment: number;
}

/**
 * Claims every order whose moment has come, in one write, then charges each claimed one. An
 * order the store can't make now is not charged: its moment is cleared and the reason set, the
 * customer is emailed and their order page updated, and they may change or cancel it.
 */
export async function startDueOrders(deps: AppDeps, { batch = 50 } = {}): Promise<StartResult> {
  const now = deps.clock();
  const claims = await write(
    deps.db.writer,
    async (trx) => {
      const due = await trx
        .selectFrom('orders')
        .selectAll()
        .where('state', '=', 'authorised')
        .where('making_starts_at', '<=', now)
        // A hold past its window is the expiry sweep's: never charged.
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .orderBy('making_starts_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      const claimed: OrderRow[] = [];
      let blocked = 0;
      for (const order of due) {
        const reason = await blockedReason(trx, order, now);
        if (reason) {
          const held = await trx
            .updateTable('orders')
            .set({ making_starts_at: null, start_blocked: reason, start_blocked_at: now, updated_at: now })
            .where('id', '=', order.id)
            .where('state', '=', 'authorised')
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordOrderEvent(trx, held, 'authorised', { now, actor: 'system', detail: BLOCKED_WORDS[reason] });
          const user = await trx.selectFrom('users').select('email').where('id', '=', order.user_id).executeTakeFirstOrThrow();
          await enqueue(
            trx,
            { kind: 'email', template: 'order-not-started', to: user.email, data: { orderId: order.id } },
            `email:order-not-started:${order.id}:${now.getTime()}`,
          );
          blocked++;
          continue;
        }
        // The ETA told now, from the queue as it is when making starts.
        const store = (await getStoreById(trx, order.store_id))!;
        const eta = etaAt(store, await loadStoreQueue(trx, store.id, now, order.id), now, { drinks: order.drinks, prepSeconds: order.prep_seconds });
        const applied = await transition(trx, order.id, 'start_making', {
          now,
          actor: 'system',
          detail: order.trigger_kind === 'pickup' ? 'pickup time' : 'on my way',
          set: { ready_estimate_at: new Date(now.getTime() + eta) },
        });
        if (applied) claimed.push(applied.order);
      }
      return { claimed, blocked };
    },
    { guardedBy: 'conditional transition' },
  );
  let charged = 0;
  let needsPayment = 0;
  for (const order of claims.claimed) {
    const settled = await finishCapture(deps, order, 'system');
    if (settled.state === 'needs_payment') needsPayment++;
    else charged++;
  }
  return { started: claims.claimed.length, blocked: claims.blocked, charged, needsPayment };
}

/** The earliest moment still to come (or past and not yet claimed), or null when none is scheduled. */
export async function nextMoment(deps: AppDeps): Promise<Date | null> {
  const row = await read(deps.db.writer, (db) =>
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.min('making_starts_at').as('next'))
      .where('state', '=', 'authorised')
      .where('making_starts_at', 'is not', null)
      .executeTakeFirst(),
  );
  const next = row?.next as Date | string | null | undefined;
  return next ? new Date(next) : null;
}

/** Timers, injectable so a test's clock decides when a moment has come. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => {
    const handle = setTimeout(run, ms);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface StartScheduler {
  /** Look again for the next moment (an order changed). */
  wake(): void;
  /** Resolves when the current pass (if any) has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Arms a timer for the next moment and runs `startDueOrders` when it comes. Never sleeps longer
 * than `maxSleepMs`, so a NOTIFY lost in a failover delays a start by at most that.
 */
export function startStartScheduler(
  deps: AppDeps,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  { timers = realTimers, maxSleepMs = 60_000, onStarted }: { timers?: Timers; maxSleepMs?: number; onStarted?: (result: StartResult) => void } = {},
): StartScheduler {
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let subscription: { close(): void } | null = null;

  const arm = (ms: number) => {
    if (timer !== null) timers.clear(timer);
    timer = stopped ? null : timers.set(() => void pass(), Math.max(0, Math.min(ms, maxSleepMs)));
  };

  async function pass(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const next = await nextMoment(deps);
          const wait = next === null ? maxSleepMs : next.getTime() - deps.clock().getTime();
          if (wait <= 0) {
            const result = await startDueOrders(deps);
            if (result.started + result.blocked > 0) {
              log.info(result, 'scheduled orders started');
              onStarted?.(result);
            }
            // Something was done: look again at once (a full batch, or the next moment is close).
            // Nothing: another instance holds those orders; its commit's NOTIFY wakes us, or this timer.
            again = result.started + result.blocked > 0;
            if (!again) arm(1_000);
          } else {
            arm(wait);
          }
        } catch (error) {
          log.warn({ err: error }, 'starting scheduled orders failed; trying again shortly');
          arm(5_000);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  // Every order change on any instance comes through the live channel: look again.
  deps.live
    .subscribe(
      {},
      () => void pass(),
      () => void pass(),
    )
    .then((s) => {
      if (stopped) s.close();
      else subscription = s;
    })
    .catch((error: unknown) => log.warn({ err: error }, 'start scheduler could not listen; it re-checks every minute'));
  void pass();

  return {
    wake: () => void pass(),
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      subscription?.close();
      if (timer !== null) timers.clear(timer);
      await running;
    },
  };
}
