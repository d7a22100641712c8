// Favourites: a customer's saved customised drinks (decision 322). Saved from the product page as
// customised, or from a line of a past order; kept by product and option ids, not per store, and
// re-checked at the basket's store when ordered again.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { findStore, getStoreById } from '../../db/stores.js';
import { read, write } from '../../db/unit-of-work.js';
import { optionsKey, quantityProblem, resolveCustomisation, type OptionChoice } from '../../domain/customisation.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { loadMenuProducts } from '../menu/index.js';
import { findBasket } from '../basket/index.js';

/** A customer keeps at most this many favourites: a list to choose from, not an archive. */
export const MAX_FAVOURITES = 50;

export interface Favourite {
  id: number;
  product: string;
  name: string;
  /** group slug → option slug (single) or slugs (multi), as the basket API takes them. */
  options: Record<string, string | string[]>;
  optionNames: string[];
  quantity: number;
}

export interface AddFavouriteInput {
  /** The store whose menu checks the choice (the product page's); else the basket's. */
  store?: string | undefined;
  product: string;
  options: OptionChoice;
  quantity: number;
}

/** Saves a drink as customised; saving the same drink again keeps one row (its quantity updated) and says it was there. */
export async function addFavourite(db: Kysely<DB>, userId: number, input: AddFavouriteInput): Promise<{ id: number; created: boolean }> {
  const problem = quantityProblem(input.quantity);
  if (problem) throw new ValidationError({ quantity: problem });
  return write(
    db,
    async (trx) => {
      const store = input.store ? await findStore(trx, input.store) : await basketStore(trx, userId);
      if (!store) throw new ValidationError({ store: input.store ? `There is no store called "${input.store}".` : 'Choose a store first.' });
      const [product] = await loadMenuProducts(trx, store.id, { productSlugs: [input.product] });
      if (!product) throw new ValidationError({ product: `There is no product called "${input.product}".` });
      // Saved as chosen, even if the store can't make it today: only the choice's rules are checked.
      const result = resolveCustomisation(
        { ...product, switchedOn: true, groups: product.groups.map((g) => ({ ...g, options: g.options.map((o) => ({ ...o, available: true })) })) },
        input.options,
      );
      if (!result.ok) throw new ValidationError(result.fields);
      const optionIds = result.chosen.map((c) => c.option.id);
      const existing = await trx
        .selectFrom('favourites')
        .select('id')
        .where('user_id', '=', userId)
        .where('product_id', '=', product.id)
        .where('options_key', '=', optionsKey(optionIds))
        .executeTakeFirst();
      const saved = await trx
        .insertInto('favourites')
        .values({ user_id: userId, product_id: product.id, option_ids: optionIds, options_key: optionsKey(optionIds), quantity: input.quantity })
        .onConflict((oc) => oc.columns(['user_id', 'product_id', 'options_key']).doUpdateSet({ quantity: input.quantity }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const { n } = await trx
        .selectFrom('favourites')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(n) > MAX_FAVOURITES) {
        throw new ConflictError(`You can keep up to ${MAX_FAVOURITES} favourites. Remove one to save another.`, 'too_many_favourites');
      }
      return { id: saved.id, created: existing === undefined };
    },
    { guardedBy: 'idempotent by nature' },
  );
}

async function basketStore(db: Kysely<DB>, userId: number) {
  const basket = await findBasket(db, { userId });
  return basket?.store_id ? getStoreById(db, basket.store_id) : undefined;
}

/** The customer's favourites, newest first, with the names the pages show. */
export function listFavourites(db: Kysely<DB>, userId: number): Promise<Favourite[]> {
  return read(db, async (r) => {
    const rows = await r
      .selectFrom('favourites as f')
      .innerJoin('products as p', 'p.id', 'f.product_id')
      .select(['f.id', 'f.option_ids', 'f.quantity', 'p.slug', 'p.name'])
      .where('f.user_id', '=', userId)
      .orderBy('f.id', 'desc')
      .execute();
    const optionIds = [...new Set(rows.flatMap((row) => row.option_ids))];
    const options =
      optionIds.length === 0
        ? []
        : await r
            .selectFrom('options as o')
            .innerJoin('option_groups as g', 'g.id', 'o.group_id')
            .select(['o.id', 'o.slug', 'o.name', 'g.slug as group_slug', 'g.selection', 'g.position as group_position', 'o.position'])
            .where('o.id', 'in', optionIds)
            .execute();
    return rows.map((row) => {
      const chosen = options.filter((o) => row.option_ids.includes(o.id)).sort((a, b) => a.group_position - b.group_position || a.position - b.position);
      const choice: Record<string, string | string[]> = {};
      for (const o of chosen) {
        if (o.selection === 'single') choice[o.group_slug] = o.slug;
        else ((choice[o.group_slug] ??= []) as string[]).push(o.slug);
      }
      return { id: row.id, product: row.slug, name: row.name, options: choice, optionNames: chosen.map((o) => o.name), quantity: row.quantity };
    });
  });
}

export async function findFavourite(db: Kysely<DB>, userId: number, id: number): Promise<Favourite> {
  const favourite = (await listFavourites(db, userId)).find((f) => f.id === id);
  if (!favourite) throw new NotFoundError('Favourite');
  return favourite;
}

/** Removes one of the customer's favourites; someone else's (or one gone) is 404. */
export async function removeFavourite(db: Kysely<DB>, userId: number, id: number): Promise<void> {
  await write(
    db,
    async (trx, run) => {
      const gone = await trx.deleteFrom('favourites').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0 && !run.afterLostCommit) throw new NotFoundError('Favourite');
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/** The basket's store, for "order again" from a favourite; null when none is chosen yet. */
export async function orderingStore(db: Kysely<DB>, userId: number) {
  return (await basketStore(db, userId)) ?? null;
}
