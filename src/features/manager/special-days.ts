// Holiday hours and closures by date (issue 10 item 5, decision 420): a manager adds one for a date
// or a range of dates, with the reason customers see, or removes one. Both lock the store row, so
// two managers adding overlapping dates at once apply one after the other and the second is refused.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { describeSpecialDay, type SpecialDay, type SpecialDayInput, validateSpecialDay } from '../../domain/special-days.js';
import { localDate } from '../../domain/store-time.js';
import type { Store } from '../../domain/store.js';
import { write } from '../../db/unit-of-work.js';
import { getStore, loadSpecialDays } from '../../db/stores.js';
import { recordAudit } from '../audit/index.js';

type StaffActor = NonNullable<Actor>;

async function storeFor(db: Kysely<DB>, actor: StaffActor, slug: string): Promise<Store> {
  const store = await getStore(db, slug);
  authorize(actor, 'store.hours', { storeId: store.id, storeSlug: store.slug });
  return store;
}

async function lockStore(trx: Kysely<DB>, storeId: number): Promise<void> {
  await trx.selectFrom('stores').select('id').where('id', '=', storeId).forUpdate().execute();
}

/** Adds a closure or special hours; a clear error on each field that is wrong, nothing saved. */
export async function addSpecialDay(
  db: Kysely<DB>,
  actor: StaffActor,
  storeSlug: string,
  input: SpecialDayInput,
  now: Date,
): Promise<{ store: Store; day: SpecialDay }> {
  const store = await storeFor(db, actor, storeSlug);
  const day = await write(
    db,
    async (trx, run) => {
      await lockStore(trx, store.id);
      const existing = await loadSpecialDays(trx, [store.id]);
      if (run.afterLostCommit) {
        // The first run may have committed: the same dates with the same reason are that entry.
        const same = existing.find((d) => d.firstDate === input.firstDate && d.reason === input.reason.trim());
        if (same) return same;
      }
      const result = validateSpecialDay(input, existing, localDate(now, store.timezone));
      if (!result.ok) throw new ValidationError(result.fields, 'Please check the dates.');
      const row = await trx
        .insertInto('store_special_days')
        .values({
          store_id: store.id,
          first_date: result.day.firstDate,
          last_date: result.day.lastDate,
          opens: result.day.opens,
          closes: result.day.closes,
          reason: result.day.reason,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.special_day.add',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        after: { ...result.day, id: row.id },
      });
      return { ...result.day, id: row.id };
    },
    // A run after a lost COMMIT finds its own entry (above) rather than adding it twice.
    { guardedBy: 'idempotent by nature' },
  );
  return { store, day };
}

/** Removes one of the store's entries (an id of another store is a 404). */
export async function removeSpecialDay(db: Kysely<DB>, actor: StaffActor, storeSlug: string, id: number): Promise<{ store: Store; removed: string }> {
  const store = await storeFor(db, actor, storeSlug);
  const removed = await write(
    db,
    async (trx) => {
      await lockStore(trx, store.id);
      const day = (await loadSpecialDays(trx, [store.id])).find((d) => d.id === id);
      if (!day) throw new NotFoundError('Holiday date');
      await trx.deleteFrom('store_special_days').where('id', '=', id).where('store_id', '=', store.id).execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.special_day.remove',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        before: { id },
      });
      return day as SpecialDay;
    },
    { guardedBy: 'idempotent by nature' },
  );
  return { store, removed: describeSpecialDay(removed) };
}
