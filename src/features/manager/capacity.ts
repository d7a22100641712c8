// Prep time per category and capacity per 5 minutes at one store (issue 10 item 5, decision 421):
// read for the manager's page, saved with the audit row in one transaction. The ETA, pickup slots
// and the scheduler read the same columns (src/db/store-eta.ts), so a save shows in the next ETA.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { ValidationError } from '../../domain/errors.js';
import { type CapacityInput, validateCapacity } from '../../domain/store-capacity.js';
import type { Store } from '../../domain/store.js';
import { write } from '../../db/unit-of-work.js';
import { getStore } from '../../db/stores.js';
import { recordAudit } from '../audit/index.js';

export interface CategoryPrep {
  id: number;
  slug: string;
  name: string;
  isDrink: boolean;
  /** The chain's default. */
  defaultSeconds: number;
  /** This store's own; null: the default applies. */
  storeSeconds: number | null;
}

export async function categoryPrep(db: Kysely<DB>, storeId: number): Promise<CategoryPrep[]> {
  const rows = await db
    .selectFrom('categories as c')
    .leftJoin('store_category_prep as p', (join) => join.onRef('p.category_id', '=', 'c.id').on('p.store_id', '=', storeId))
    .select(['c.id', 'c.slug', 'c.name', 'c.is_drink', 'c.prep_seconds', 'p.prep_seconds as store_seconds'])
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    isDrink: r.is_drink,
    defaultSeconds: r.prep_seconds,
    storeSeconds: r.store_seconds ?? null,
  }));
}

/** Saves the capacity and each category's time (empty: back to the chain's default). */
export async function saveCapacity(db: Kysely<DB>, actor: NonNullable<Actor>, storeSlug: string, input: CapacityInput): Promise<Store> {
  const store = await getStore(db, storeSlug);
  authorize(actor, 'store.manage', { storeId: store.id, storeSlug: store.slug });
  await write(
    db,
    async (trx) => {
      // The store row's lock orders two managers saving at once.
      const before = await trx.selectFrom('stores').select('drinks_per_slot').where('id', '=', store.id).forUpdate().executeTakeFirstOrThrow();
      const categories = await categoryPrep(trx, store.id);
      const result = validateCapacity(input, categories);
      if (!result.ok) throw new ValidationError(result.fields, 'Please check the capacity and preparation times.');
      const { drinksPerSlot, prepSeconds } = result.settings;
      await trx.updateTable('stores').set({ drinks_per_slot: drinksPerSlot }).where('id', '=', store.id).execute();
      for (const category of categories) {
        const seconds = prepSeconds[category.slug] ?? null;
        if (seconds === null) {
          await trx.deleteFrom('store_category_prep').where('store_id', '=', store.id).where('category_id', '=', category.id).execute();
        } else {
          await trx
            .insertInto('store_category_prep')
            .values({ store_id: store.id, category_id: category.id, prep_seconds: seconds })
            .onConflict((oc) => oc.columns(['store_id', 'category_id']).doUpdateSet({ prep_seconds: seconds, updated_at: new Date() }))
            .execute();
        }
      }
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.capacity',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        before: { drinksPerSlot: before.drinks_per_slot, prepSeconds: Object.fromEntries(categories.map((c) => [c.slug, c.storeSeconds])) },
        after: { drinksPerSlot, prepSeconds },
      });
    },
    // Sets values rather than adding to them: a run after a lost COMMIT writes the same.
    { guardedBy: 'idempotent by nature' },
  );
  return getStore(db, storeSlug);
}
