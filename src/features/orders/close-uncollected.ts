// DESIGN.md §2 "uncollected": a `ready` order still on the counter when its store has closed is
// completed as uncollected (the `close_uncollected` transition, an event staff and reports see),
// not left open overnight. Run by the sweeper in every instance; `SKIP LOCKED` hands each order
// to one of them and the conditional transition makes a repeat harmless.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isOpen } from '../../domain/store.js';
import { listStores } from '../../db/stores.js';
import { transition } from '../../db/order-transition.js';
import { write } from '../../db/unit-of-work.js';

/** Completes the ready orders of every store that is closed at `now`; returns how many. */
export async function closeUncollected(db: Kysely<DB>, now: Date, batch = 100): Promise<number> {
  const closed = (await listStores(db)).filter((store) => !isOpen(store, now)).map((store) => store.id);
  if (closed.length === 0) return 0;
  return write(
    db,
    async (trx) => {
      const left = await trx
        .selectFrom('orders')
        .select('id')
        .where('state', '=', 'ready')
        .where('store_id', 'in', closed)
        .orderBy('ready_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      let count = 0;
      for (const { id } of left) {
        if (await transition(trx, id, 'close_uncollected', { now, actor: 'system', detail: 'not collected by closing time' })) count++;
      }
      return count;
    },
    { guardedBy: 'conditional transition' },
  );
}
