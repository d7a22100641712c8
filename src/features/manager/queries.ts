// Reads and writes for running one store: availability switches, busy mode, hours.
// Writes take the caller's transaction; reads for the manager's own pages use the
// writer so a switch just flipped shows flipped.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OpeningHours } from '../../domain/opening-hours.js';
import { NotFoundError } from '../../domain/errors.js';

export interface Switch {
  id: number;
  slug: string;
  name: string;
  available: boolean;
  /** Sold out until (null: on, or off indefinitely). */
  availableAgainAt: Date | null;
}

export interface OptionGroupSwitches {
  slug: string;
  name: string;
  required: boolean;
  options: Switch[];
}

/** Every option group with each option's switch at the store. */
export async function optionSwitches(db: Kysely<DB>, storeId: number): Promise<OptionGroupSwitches[]> {
  const rows = await db
    .selectFrom('options as o')
    .innerJoin('option_groups as g', 'g.id', 'o.group_id')
    .leftJoin('store_options as so', (join) => join.onRef('so.option_id', '=', 'o.id').on('so.store_id', '=', storeId))
    .select(['g.slug as group_slug', 'g.name as group_name', 'g.required', 'o.id', 'o.slug', 'o.name', 'so.available', 'so.available_again_at'])
    .orderBy('g.position')
    .orderBy('g.id')
    .orderBy('o.position')
    .orderBy('o.id')
    .execute();
  const groups: OptionGroupSwitches[] = [];
  for (const row of rows) {
    let group = groups.find((g) => g.slug === row.group_slug);
    if (!group) {
      group = { slug: row.group_slug, name: row.group_name, required: row.required, options: [] };
      groups.push(group);
    }
    group.options.push({ id: row.id, slug: row.slug, name: row.name, available: row.available ?? false, availableAgainAt: row.available_again_at ?? null });
  }
  return groups;
}

/** A product or an option: the two things switched on and off per store, with the same columns. */
export type ItemKind = 'product' | 'option';

/** Flips a product's or an option's switch at a store; returns the state before (null when the row was missing). */
export async function setItemAvailable(
  trx: Kysely<DB>,
  kind: ItemKind,
  storeId: number,
  slug: string,
  available: boolean,
  againAt: Date | null = null,
): Promise<{ item: { id: number; name: string }; before: boolean | null }> {
  const again = available ? null : againAt;
  if (kind === 'product') {
    const item = await trx.selectFrom('products').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst();
    if (!item) throw new NotFoundError('Product');
    const current = await trx
      .selectFrom('store_products')
      .select('available')
      .where('store_id', '=', storeId)
      .where('product_id', '=', item.id)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('store_products')
      .values({ store_id: storeId, product_id: item.id, available, available_again_at: again })
      .onConflict((oc) => oc.columns(['store_id', 'product_id']).doUpdateSet({ available, available_again_at: again }))
      .execute();
    return { item, before: current?.available ?? null };
  }
  const item = await trx.selectFrom('options').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst();
  if (!item) throw new NotFoundError('Option');
  const current = await trx
    .selectFrom('store_options')
    .select('available')
    .where('store_id', '=', storeId)
    .where('option_id', '=', item.id)
    .forUpdate()
    .executeTakeFirst();
  await trx
    .insertInto('store_options')
    .values({ store_id: storeId, option_id: item.id, available, available_again_at: again })
    .onConflict((oc) => oc.columns(['store_id', 'option_id']).doUpdateSet({ available, available_again_at: again }))
    .execute();
  return { item, before: current?.available ?? null };
}

export interface PauseState {
  paused: boolean;
  pausedUntil: Date | null;
}

/** Locks the store row and returns its busy-mode state. */
export async function lockPauseState(trx: Kysely<DB>, storeId: number): Promise<PauseState> {
  const row = await trx.selectFrom('stores').select(['paused', 'paused_until']).where('id', '=', storeId).forUpdate().executeTakeFirstOrThrow();
  return { paused: row.paused, pausedUntil: row.paused_until };
}

export async function setPauseState(trx: Kysely<DB>, storeId: number, state: PauseState): Promise<void> {
  await trx.updateTable('stores').set({ paused: state.paused, paused_until: state.pausedUntil }).where('id', '=', storeId).execute();
}

/** Replaces the week's hours (days not given are closed); returns the hours before. */
export async function replaceWeekHours(trx: Kysely<DB>, storeId: number, hours: readonly OpeningHours[]): Promise<OpeningHours[]> {
  // Lock the store row so two managers saving at once apply one after the other.
  await trx.selectFrom('stores').select('id').where('id', '=', storeId).forUpdate().execute();
  const before = await trx.selectFrom('store_hours').select(['iso_day', 'opens', 'closes']).where('store_id', '=', storeId).orderBy('iso_day').execute();
  await trx.deleteFrom('store_hours').where('store_id', '=', storeId).execute();
  if (hours.length > 0) {
    await trx
      .insertInto('store_hours')
      .values(hours.map((h) => ({ store_id: storeId, iso_day: h.isoDay, opens: h.opens, closes: h.closes })))
      .execute();
  }
  return before.map((h) => ({ isoDay: h.iso_day, opens: h.opens.slice(0, 5), closes: h.closes.slice(0, 5) }));
}

/** When each switched-off product of the store comes back by itself, by product id. */
export async function productsBackAt(db: Kysely<DB>, storeId: number): Promise<Map<number, Date>> {
  const rows = await db
    .selectFrom('store_products')
    .select(['product_id', 'available_again_at'])
    .where('store_id', '=', storeId)
    .where('available_again_at', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.product_id, r.available_again_at!]));
}
