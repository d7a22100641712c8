// "Sold out until" resets by itself (issue 10 item 5, decision 417): products and options switched
// off until a moment are switched back on once it has passed. Run by the order sweeper in every
// instance; the UPDATE sets a value, so two instances doing it at once do it once. The
// catalogue-version triggers (migration 007) make every menu cache reload.
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';
import { write } from './unit-of-work.js';

export function bringBackSoldOut(db: Kysely<DB>, now: Date): Promise<number> {
  return write(
    db,
    async (trx) => {
      let count = 0;
      for (const table of ['store_products', 'store_options'] as const) {
        const rows = await trx
          .updateTable(table)
          .set({ available: true, available_again_at: null })
          .where('available', '=', false)
          .where('available_again_at', '<=', now)
          .returning('store_id')
          .execute();
        count += rows.length;
      }
      return count;
    },
    { guardedBy: 'idempotent by nature' },
  );
}
