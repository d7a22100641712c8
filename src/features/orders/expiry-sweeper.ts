// Runs in every instance: orders not checked in within CHECKIN_WINDOW become
// `expired` (hold voided, customer emailed). `FOR UPDATE SKIP LOCKED` hands each
// order to one instance; the conditional transition makes a repeat harmless.
// It also settles orders whose payment call lost its answer: `authorising` past
// AUTHORISATION_TIMEOUT fails (and is voided); `capturing` is retried.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { type Repeating, repeatEvery } from '../../repeat.js';
import { CAPTURE_STUCK_MS, finishCapture } from './customer-actions.js';
import { transition } from '../../db/order-transition.js';
import { closeUncollected } from './close-uncollected.js';
import { bringBackSoldOut } from '../../db/sold-out-reset.js';
import { read, write } from '../../db/unit-of-work.js';

export interface SweepResult {
  expired: number;
  abandoned: number;
  recaptured: number;
  /** Stuck captures whose retry failed again (logged; the next sweep tries again). */
  stillStuck: number;
  /** Ready orders completed as uncollected because their store has closed. */
  uncollected: number;
  /** Products and options whose "sold out until" has passed, switched back on. */
  backOn: number;
}

export interface SweepOptions {
  batch?: number;
  /** Where a failed capture retry is reported (the sweeper's own logger in main.ts). */
  log?: Pick<FastifyBaseLogger, 'warn'>;
}

/** Each batch is one write guarded by its conditional transitions: a re-run finds the orders moved on. */
export async function sweepOrders(deps: AppDeps, { batch = 100, log }: SweepOptions = {}): Promise<SweepResult> {
  const now = deps.clock();
  const db = deps.db.writer;
  const guarded = { guardedBy: 'conditional transition' } as const;

  const expired = await write(
    db,
    async (trx) => {
      const due = await trx
        .selectFrom('orders')
        .select('id')
        .where('state', '=', 'authorised')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      let count = 0;
      for (const { id } of due) {
        const applied = await transition(trx, id, 'expire', { now, actor: 'system', detail: 'not checked in within the check-in window' });
        if (applied) count++;
      }
      return count;
    },
    guarded,
  );

  const abandoned = await write(
    db,
    async (trx) => {
      // created_at is the database's own time (the basket's lines are compared with it too), so compare in its clock.
      const stale = await trx
        .selectFrom('orders')
        .select('id')
        .where('state', '=', 'authorising')
        .where('created_at', '<=', sql<Date>`now() - make_interval(secs => ${deps.config.authorisationTimeoutMs / 1000})`)
        .orderBy('created_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      let count = 0;
      for (const { id } of stale) {
        const applied = await transition(trx, id, 'decline', {
          now,
          actor: 'system',
          detail: 'no answer from the payment provider',
          set: { payment_failure: 'We did not hear back from your bank in time, so this order was not placed. Your card was not charged.' },
        });
        if (applied) count++;
      }
      return count;
    },
    guarded,
  );

  const stuck = await read(db, (r) =>
    r
      .selectFrom('orders')
      .selectAll()
      .where('state', '=', 'capturing')
      .where('checked_in_at', '<=', new Date(now.getTime() - CAPTURE_STUCK_MS))
      .limit(batch)
      .execute(),
  );
  let recaptured = 0;
  let stillStuck = 0;
  for (const order of stuck) {
    try {
      await finishCapture(deps, order, 'system');
      recaptured++;
    } catch (error) {
      // Still no answer (gateway or database): the next sweep tries again with the same idempotency key.
      stillStuck++;
      log?.warn({ err: error, orderId: order.id }, 'stuck capture retry failed; the next sweep tries again');
    }
  }
  const uncollected = await closeUncollected(db, now, batch);
  const backOn = await bringBackSoldOut(db, now);
  // The menus on this instance confirm the catalogue version at once (live-hub.ts), as after a request's write.
  if (backOn > 0) deps.live.localWrite();
  return { expired, abandoned, recaptured, stillStuck, uncollected, backOn };
}

/** Sweeps every EXPIRY_SWEEP_INTERVAL until stopped; one sweep at a time. */
export function startExpirySweeper(deps: AppDeps, log: FastifyBaseLogger): Repeating {
  return repeatEvery(
    deps.config.expirySweepMs,
    'order sweep',
    async () => {
      const result = await sweepOrders(deps, { log });
      if (result.expired + result.abandoned + result.recaptured + result.stillStuck + result.uncollected + result.backOn > 0) log.info(result, 'order sweep');
    },
    log,
  );
}
