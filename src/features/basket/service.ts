// The basket: one per customer (or per anonymous visitor until they log in),
// bound to one store, every line re-checked against that store when read.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { MAX_QUANTITY, optionsKey, quantityProblem, resolveCustomisation, type OptionChoice } from '../../domain/customisation.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { basketSizeProblem, MAX_LINES } from '../../domain/limits.js';
import { loadMenuProducts } from '../menu/index.js';
import { findStore, getStoreById } from '../../db/stores.js';
import type { Store } from '../../domain/store.js';
import { read, write } from '../../db/unit-of-work.js';
import { firstApplication } from '../../db/applied-requests.js';
import { toBasketLine, toBasketView, type BasketView } from './model.js';

export type BasketOwner = { userId: number } | { visitorId: string };

export interface AddLineInput {
  store?: string | undefined;
  product: string;
  options: OptionChoice;
  quantity: number;
  /** The client's Idempotency-Key: the same add sent again (a retry) is applied once. */
  idempotencyKey?: string | undefined;
}

function ownerColumn(owner: BasketOwner) {
  return 'userId' in owner ? { column: 'user_id' as const, value: owner.userId } : { column: 'visitor_id' as const, value: owner.visitorId };
}

export async function findBasket(db: Kysely<DB>, owner: BasketOwner) {
  const { column, value } = ownerColumn(owner);
  return db
    .selectFrom('baskets')
    .selectAll()
    .where(column, '=', value as never)
    .executeTakeFirst();
}

async function ensureBasket(db: Kysely<DB>, owner: BasketOwner) {
  const { column, value } = ownerColumn(owner);
  await db
    .insertInto('baskets')
    .values({ [column]: value })
    .onConflict((oc) => oc.column(column).doNothing())
    .execute();
  return db
    .selectFrom('baskets')
    .selectAll()
    .where(column, '=', value as never)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * The basket as it is now, every line re-checked. A read, re-run on transient errors, so the
 * answer to a committed change (API or page) is never a 503; inside a write it joins it.
 */
export function viewBasket(db: Kysely<DB>, owner: BasketOwner): Promise<BasketView> {
  return read(db, (r) => buildBasketView(r, owner));
}

async function buildBasketView(db: Kysely<DB>, owner: BasketOwner): Promise<BasketView> {
  const basket = await findBasket(db, owner);
  const store = basket?.store_id ? ((await getStoreById(db, basket.store_id)) ?? null) : null;
  const rows = basket
    ? await db.selectFrom('basket_lines').select(['id', 'product_id', 'option_ids', 'quantity']).where('basket_id', '=', basket.id).orderBy('id').execute()
    : [];
  const products = store ? await loadMenuProducts(db, store.id, { productIds: [...new Set(rows.map((r) => r.product_id))] }) : [];
  return toBasketView(
    store,
    rows.map((row) =>
      toBasketLine(
        row,
        products.find((p) => p.id === row.product_id),
      ),
    ),
  );
}

/** Header summary: chosen store and item count, without pricing every line. */
export async function basketSummary(db: Kysely<DB>, owner: BasketOwner) {
  const { column, value } = ownerColumn(owner);
  const row = await read(db, (r) =>
    r
      .selectFrom('baskets as b')
      .leftJoin('stores as s', 's.id', 'b.store_id')
      .select((eb) => [
        's.slug',
        's.name',
        eb.selectFrom('basket_lines').select(sql<number>`coalesce(sum(quantity), 0)`.as('n')).whereRef('basket_lines.basket_id', '=', 'b.id').as('count'),
      ])
      .where(`b.${column}`, '=', value as never)
      .executeTakeFirst(),
  );
  return {
    store: row?.slug && row.name ? { slug: row.slug, name: row.name } : null,
    count: row?.count ?? 0,
  };
}

export async function chooseStore(db: Kysely<DB>, owner: BasketOwner, storeSlug: string): Promise<Store> {
  // Setting the store is idempotent: safe to apply twice across a failover (the lookup too).
  return write(
    db,
    async (trx) => {
      const store = await findStore(trx, storeSlug);
      if (!store) throw new ValidationError({ store: `There is no store called "${storeSlug}".` });
      const basket = await ensureBasket(trx, owner);
      await trx.updateTable('baskets').set({ store_id: store.id, updated_at: new Date() }).where('id', '=', basket.id).execute();
      return store;
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/** Adds (or merges into) a line; returns the id of the line that now holds it. */
/** The line's id; null only when a repeated Idempotency-Key finds its line removed since. */
export async function addLine(db: Kysely<DB>, owner: BasketOwner, input: AddLineInput): Promise<number | null> {
  const fields: Record<string, string> = {};
  const qtyProblem = quantityProblem(input.quantity);
  if (qtyProblem) fields['quantity'] = qtyProblem;

  // Adding is not idempotent (quantities add up): re-run only if it never reached COMMIT, unless
  // the client sent an Idempotency-Key — then a repeat of this very add finds its key and adds nothing.
  const key = input.idempotencyKey;
  return write(
    db,
    async (trx) => {
      const basket = await ensureBasket(trx, owner);
      let storeId = basket.store_id;
      if (input.store) {
        const store = await findStore(trx, input.store);
        if (!store) throw new ValidationError({ ...fields, store: `There is no store called "${input.store}".` });
        storeId = store.id;
      }
      if (!storeId) throw new ValidationError({ ...fields, store: 'Choose a store first.' });

      const [product] = await loadMenuProducts(trx, storeId, { productSlugs: [input.product] });
      if (!product) throw new ValidationError({ ...fields, product: `There is no product called "${input.product}".` });
      const result = resolveCustomisation(product, input.options);
      if (!result.ok) Object.assign(fields, result.fields);
      if (Object.keys(fields).length > 0 || !result.ok) throw new ValidationError(fields);

      if (storeId !== basket.store_id) {
        await trx.updateTable('baskets').set({ store_id: storeId }).where('id', '=', basket.id).execute();
      }
      const optionIds = result.chosen.map((c) => c.option.id);
      if (key && !(await firstApplication(trx, `basket:${basket.id}`, key))) {
        // This very add was applied already (a retry after a lost answer): answer with its line.
        const line = await trx
          .selectFrom('basket_lines')
          .select('id')
          .where('basket_id', '=', basket.id)
          .where('product_id', '=', product.id)
          .where('options_key', '=', optionsKey(optionIds))
          .executeTakeFirst();
        return line?.id ?? null;
      }
      const merged = await trx
        .insertInto('basket_lines')
        .values({ basket_id: basket.id, product_id: product.id, option_ids: optionIds, options_key: optionsKey(optionIds), quantity: input.quantity })
        .onConflict((oc) =>
          oc
            .columns(['basket_id', 'product_id', 'options_key'])
            .doUpdateSet({ quantity: sql`basket_lines.quantity + excluded.quantity` })
            .where(sql<boolean>`basket_lines.quantity + excluded.quantity <= ${MAX_QUANTITY}`),
        )
        .returning('id')
        .executeTakeFirst();
      if (!merged) {
        throw new ValidationError({ quantity: `You can order at most ${MAX_QUANTITY} of the same item; this one is already in your basket.` });
      }
      await checkBasketSize(trx, basket.id);
      await trx.updateTable('baskets').set({ updated_at: new Date() }).where('id', '=', basket.id).execute();
      return merged.id;
    },
    { guardedBy: key !== undefined ? 'idempotency key' : undefined },
  );
}

/** Refuses (rolling the change back) a basket past 30 lines or 50 items (DESIGN.md §3). */
async function checkBasketSize(trx: Kysely<DB>, basketId: number): Promise<void> {
  const { lines, items } = await trx
    .selectFrom('basket_lines')
    .select((eb) => [eb.fn.countAll<number>().as('lines'), eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('items')])
    .where('basket_id', '=', basketId)
    .executeTakeFirstOrThrow();
  const problem = basketSizeProblem(Number(lines), Number(items));
  if (problem) throw new ValidationError({ [Number(lines) > MAX_LINES ? 'product' : 'quantity']: problem });
}

async function findOwnedLine(db: Kysely<DB>, owner: BasketOwner, lineId: number) {
  const basket = await findBasket(db, owner);
  return basket && Number.isSafeInteger(lineId)
    ? db.selectFrom('basket_lines').select(['id']).where('id', '=', lineId).where('basket_id', '=', basket.id).executeTakeFirst()
    : undefined;
}

export async function setLineQuantity(db: Kysely<DB>, owner: BasketOwner, lineId: number, quantity: number): Promise<void> {
  const problem = quantityProblem(quantity);
  if (problem) throw new ValidationError({ quantity: problem });
  // Setting (not adding) a quantity is idempotent: the lookup and the update are re-run together.
  await write(
    db,
    async (trx) => {
      const line = await findOwnedLine(trx, owner, lineId);
      if (!line) throw new NotFoundError('Basket line');
      await trx.updateTable('basket_lines').set({ quantity }).where('id', '=', line.id).execute();
      await checkBasketSize(trx, (await findBasket(trx, owner))!.id);
    },
    { guardedBy: 'idempotent by nature' },
  );
}

export interface EditLineInput {
  /** The new choice for every group (what the edit form shows); omitted: the options stay. */
  options?: OptionChoice | undefined;
  quantity?: number | undefined;
}

/**
 * Edits a line in place: its options and/or its quantity, re-checked against the basket's store.
 * A line edited into the same drink as another line joins it (one line per drink, as adding does),
 * within the 20-per-line limit. Setting values (not adding) is idempotent: re-run as a whole.
 */
export async function editLine(db: Kysely<DB>, owner: BasketOwner, lineId: number, input: EditLineInput): Promise<number> {
  const fields: Record<string, string> = {};
  if (input.quantity !== undefined) {
    const problem = quantityProblem(input.quantity);
    if (problem) fields['quantity'] = problem;
  }
  if (input.options === undefined && input.quantity === undefined) fields['quantity'] = 'Send a quantity, the options or both.';
  return write(
    db,
    async (trx, run) => {
      const basket = await findBasket(trx, owner);
      const line =
        basket && Number.isSafeInteger(lineId)
          ? await trx.selectFrom('basket_lines').selectAll().where('id', '=', lineId).where('basket_id', '=', basket.id).forUpdate().executeTakeFirst()
          : undefined;
      if (!basket || !line) {
        // Gone on a re-run after a lost COMMIT answer: this very edit joined it to its twin.
        if (run.afterLostCommit) return lineId;
        throw new NotFoundError('Basket line');
      }
      let optionIds = line.option_ids;
      if (input.options !== undefined) {
        if (!basket.store_id) throw new ValidationError({ ...fields, store: 'Choose a store first.' });
        const [product] = await loadMenuProducts(trx, basket.store_id, { productIds: [line.product_id] });
        if (!product) throw new ValidationError({ ...fields, product: 'This item is no longer on the menu.' });
        const result = resolveCustomisation(product, input.options);
        if (!result.ok) Object.assign(fields, result.fields);
        else optionIds = result.chosen.map((c) => c.option.id);
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const quantity = input.quantity ?? line.quantity;
      const key = optionsKey(optionIds);
      const twin = await trx
        .selectFrom('basket_lines')
        .select(['id', 'quantity'])
        .where('basket_id', '=', basket.id)
        .where('product_id', '=', line.product_id)
        .where('options_key', '=', key)
        .where('id', '<>', line.id)
        .forUpdate()
        .executeTakeFirst();
      let kept = line.id;
      if (twin) {
        // The same drink is already a line: the edited one joins it rather than making a duplicate.
        if (twin.quantity + quantity > MAX_QUANTITY) {
          throw new ValidationError({ quantity: `You can order at most ${MAX_QUANTITY} of the same item; this one is already in your basket.` });
        }
        await trx.deleteFrom('basket_lines').where('id', '=', line.id).execute();
        await trx
          .updateTable('basket_lines')
          .set({ quantity: twin.quantity + quantity })
          .where('id', '=', twin.id)
          .execute();
        kept = twin.id;
      } else {
        await trx.updateTable('basket_lines').set({ option_ids: optionIds, options_key: key, quantity }).where('id', '=', line.id).execute();
      }
      await checkBasketSize(trx, basket.id);
      await trx.updateTable('baskets').set({ updated_at: new Date() }).where('id', '=', basket.id).execute();
      return kept;
    },
    { guardedBy: 'idempotent by nature' },
  );
}

export async function removeLine(db: Kysely<DB>, owner: BasketOwner, lineId: number): Promise<void> {
  // A line gone on a re-run after a lost COMMIT answer was deleted by this very request.
  await write(
    db,
    async (trx, run) => {
      const line = await findOwnedLine(trx, owner, lineId);
      if (!line) {
        if (run.afterLostCommit) return;
        throw new NotFoundError('Basket line');
      }
      await trx.deleteFrom('basket_lines').where('id', '=', line.id).execute();
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/** Empties the basket (its store stays): "replace basket" before an order again. Idempotent by nature. */
export async function clearBasket(db: Kysely<DB>, owner: BasketOwner): Promise<void> {
  await write(
    db,
    async (trx) => {
      const basket = await findBasket(trx, owner);
      if (basket) await trx.deleteFrom('basket_lines').where('basket_id', '=', basket.id).execute();
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/**
 * At login a guest's basket joins the account's: adopted whole when the account
 * has none, otherwise merged line by line (quantities capped at the maximum).
 */
export async function mergeVisitorBasket(db: Kysely<DB>, visitorId: string, userId: number): Promise<void> {
  // Guarded: the guest basket is deleted in the same transaction, so a re-run after a lost COMMIT
  // answer finds nothing left to merge (quantities are never added twice).
  await write(
    db,
    async (trx) => {
      const guest = await trx.selectFrom('baskets').selectAll().where('visitor_id', '=', visitorId).forUpdate().executeTakeFirst();
      if (!guest) return;
      const mine = await trx.selectFrom('baskets').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
      if (!mine) {
        await trx.updateTable('baskets').set({ user_id: userId, visitor_id: null }).where('id', '=', guest.id).execute();
        return;
      }
      await sql`
      INSERT INTO basket_lines (basket_id, product_id, option_ids, options_key, quantity)
      SELECT ${mine.id}, product_id, option_ids, options_key, quantity FROM basket_lines WHERE basket_id = ${guest.id}
      ON CONFLICT (basket_id, product_id, options_key)
      DO UPDATE SET quantity = LEAST(basket_lines.quantity + excluded.quantity, ${MAX_QUANTITY})`.execute(trx);
      // The store chosen while browsing is the most recent intent.
      if (guest.store_id) {
        await trx.updateTable('baskets').set({ store_id: guest.store_id }).where('id', '=', mine.id).execute();
      }
      await trx.deleteFrom('baskets').where('id', '=', guest.id).execute();
    },
    { guardedBy: 'idempotent by nature' },
  );
}

export function ownerOf(request: { user: { id: number } | null; visitorId: string }): BasketOwner {
  return request.user ? { userId: request.user.id } : { visitorId: request.visitorId };
}
