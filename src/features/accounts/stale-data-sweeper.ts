// Personal data that nobody will use again is not kept (issue 14 item 5): every instance, every
// EXPIRY_SWEEP_INTERVAL, deletes expired sessions, guest baskets untouched for GUEST_BASKET_TTL, and
// account links past their expiry or used (a week's grace, for support questions). Batches of 500:
// a backlog drains over a few sweeps without a long transaction; two instances deleting the same
// rows is harmless.
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { type Repeating, repeatEvery } from '../../repeat.js';
import { write } from '../../db/unit-of-work.js';

const BATCH = 500;
const WEEK_MS = 7 * 24 * 3_600_000;

export interface StaleSweep {
  sessions: number;
  guestBaskets: number;
  accountLinks: number;
}

export async function sweepStaleData(deps: AppDeps): Promise<StaleSweep> {
  const now = deps.clock();
  const guarded = { guardedBy: 'idempotent by nature' } as const;
  const db = deps.db.writer;
  const sessions = await write(
    db,
    async (trx) =>
      (
        await trx
          .deleteFrom('sessions')
          .where('id', 'in', (eb) => eb.selectFrom('sessions').select('id').where('expires_at', '<=', now).limit(BATCH))
          .returning('id')
          .execute()
      ).length,
    guarded,
  );
  const guestBaskets = await write(
    db,
    async (trx) =>
      (
        await trx
          .deleteFrom('baskets')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('baskets')
              .select('id')
              .where('user_id', 'is', null)
              .where('updated_at', '<', new Date(now.getTime() - deps.config.guestBasketTtlMs))
              .limit(BATCH),
          )
          .returning('id')
          .execute()
      ).length,
    guarded,
  );
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const accountLinks = await write(
    db,
    async (trx) =>
      (
        await trx
          .deleteFrom('account_tokens')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('account_tokens')
              .select('id')
              .where((w) => w.or([w('expires_at', '<', weekAgo), w('used_at', '<', weekAgo)]))
              .limit(BATCH),
          )
          .returning('id')
          .execute()
      ).length,
    guarded,
  );
  return { sessions, guestBaskets, accountLinks };
}

export function startStaleDataSweeper(deps: AppDeps, log: FastifyBaseLogger): Repeating {
  return repeatEvery(
    deps.config.expirySweepMs,
    'stale data sweep',
    async () => {
      const result = await sweepStaleData(deps);
      if (result.sessions + result.guestBaskets + result.accountLinks > 0) log.info(result, 'stale data sweep');
    },
    log,
  );
}
