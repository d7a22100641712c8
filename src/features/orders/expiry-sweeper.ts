// Runs in every instance: orders not checked in within CHECKIN_WINDOW become
// `expired` (hold voided, customer emailed). `FOR UPDATE SKIP LOCKED` hands each
// order to one instance; the conditional transition makes a repeat harmless.
// It also settles orders whose payment call lost its answer: `authorising` past
// AUTHORISATION_TIMEOUT fails (and is voided); `capturing` is retried.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { afterTransition } from './effects.js';
import { CAPTURE_STUCK_MS, finishCapture } from './customer-actions.js';
import { applyTransition } from './transitions.js';

export interface SweepResult {
  expired: number;
  abandoned: number;
  recaptured: number;
}

export async function sweepOrders(deps: AppDeps, { batch = 100 } = {}): Promise<SweepResult> {
  const now = deps.clock();
  const db = deps.db.writer;

  const expired = await db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('orders').select('id').where('state', '=', 'authorised').where('expires_at', '<=', now)
      .orderBy('expires_at').limit(batch).forUpdate().skipLocked().execute();
    let count = 0;
    for (const { id } of due) {
      const applied = await applyTransition(trx, id, 'expire', { now, actor: 'system', detail: 'not checked in within the check-in window' });
      if (applied) {
        await afterTransition(trx, applied.order, 'expire');
        count++;
      }
    }
    return count;
  });

  const abandoned = await db.transaction().execute(async (trx) => {
    // created_at is the database's own time (the basket's lines are compared with it too), so compare in its clock.
    const stale = await trx.selectFrom('orders').select('id').where('state', '=', 'authorising')
      .where('created_at', '<=', sql<Date>`now() - make_interval(secs => ${deps.config.authorisationTimeoutMs / 1000})`)
      .orderBy('created_at').limit(batch).forUpdate().skipLocked().execute();
    let count = 0;
    for (const { id } of stale) {
      const applied = await applyTransition(trx, id, 'decline', {
        now, actor: 'system', detail: 'no answer from the payment provider',
        set: { payment_failure: 'We did not hear back from your bank in time, so this order was not placed. Your card was not charged.' },
      });
      if (applied) {
        await afterTransition(trx, applied.order, 'decline');
        count++;
      }
    }
    return count;
  });

  const stuck = await db.selectFrom('orders').selectAll().where('state', '=', 'capturing')
    .where('checked_in_at', '<=', new Date(now.getTime() - CAPTURE_STUCK_MS)).limit(batch).execute();
  let recaptured = 0;
  for (const order of stuck) {
    try {
      await finishCapture(deps, order, 'system');
      recaptured++;
    } catch {
      // still no answer from the gateway: the next sweep tries again
    }
  }
  return { expired, abandoned, recaptured };
}

export interface Sweeper {
  stop(): Promise<void>;
}

/** Sweeps every EXPIRY_SWEEP_INTERVAL until stopped; one sweep at a time. */
export function startExpirySweeper(deps: AppDeps, log: FastifyBaseLogger): Sweeper {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepOrders(deps)
      .then((result) => {
        if (result.expired + result.abandoned + result.recaptured > 0) log.info(result, 'order sweep');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'order sweep failed; will try again'))
      .finally(() => {
        running = null;
      });
  }, deps.config.expirySweepMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
