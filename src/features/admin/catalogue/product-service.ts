// Creating and editing products. A new product is available at every store;
// the recipe (option groups) is replaced as a whole; each change is audited.
import { write } from '../../../db/unit-of-work.js';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../../deps.js';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../params.js';
import { discardUpload, saveUpload } from './images.js';
import type { ProductInput } from './product-form.js';
import { getProduct, type AdminProduct } from './queries.js';

const slugTaken = () => new ValidationError({ slug: 'Another product already uses this slug.' });

function snapshot(p: Omit<AdminProduct, 'id' | 'categoryName'>) {
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    pricePence: p.pricePence,
    categoryId: p.categoryId,
    imageUrl: p.imageUrl,
    groupIds: p.groupIds,
    allergens: p.allergens,
  };
}

async function writeRecipe(trx: Kysely<DB>, productId: number, groupIds: number[]): Promise<void> {
  await trx.deleteFrom('product_option_groups').where('product_id', '=', productId).execute();
  if (groupIds.length === 0) return;
  await trx
    .insertInto('product_option_groups')
    .values(groupIds.map((groupId, position) => ({ product_id: productId, group_id: groupId, position })))
    .execute();
}

/** Stores the upload first (a file without a row is harmless; a row without a file is not). */
async function resolveImage(deps: AppDeps, input: ProductInput, current: string | null): Promise<{ url: string | null; saved: string | null }> {
  switch (input.image.kind) {
    case 'keep':
      return { url: current, saved: null };
    case 'remove':
      return { url: null, saved: null };
    case 'url':
      return { url: input.image.url, saved: null };
    case 'upload': {
      const saved = await saveUpload(deps, input.image.file);
      return { url: saved, saved };
    }
  }
}

async function withUpload<T>(deps: AppDeps, saved: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await discardUpload(deps, saved);
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function createProduct(deps: AppDeps, actorId: number, input: ProductInput): Promise<number> {
  const { url, saved } = await resolveImage(deps, input, null);
  return withUpload(deps, saved, () =>
    write(deps.db.writer, async (trx) => {
      const last = await trx
        .selectFrom('products')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('category_id', '=', input.categoryId)
        .executeTakeFirst();
      const row = await trx
        .insertInto('products')
        .values({
          slug: input.slug,
          name: input.name,
          description: input.description,
          price_pence: input.pricePence,
          category_id: input.categoryId,
          image_url: url,
          allergens: input.allergens,
          position: (last?.max ?? -1) + 1,
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw slugTaken();
      await writeRecipe(trx, row.id, input.groupIds);
      await sql`INSERT INTO store_products (store_id, product_id, available)
              SELECT id, ${row.id}, true FROM stores ON CONFLICT DO NOTHING`.execute(trx);
      await recordAudit(trx, {
        actorId,
        action: 'product.create',
        entity: 'product',
        entityId: row.id,
        after: snapshot({ ...input, imageUrl: url }),
      });
      return row.id;
    }),
  );
}

// A replaced upload stays on disk: the audit log and cached pages may still point at it.
export async function updateProduct(deps: AppDeps, actorId: number, id: number, input: ProductInput): Promise<void> {
  const current = await getProduct(deps.db.writer, id);
  const { url, saved } = await resolveImage(deps, input, current.imageUrl);
  await withUpload(deps, saved, () =>
    write(deps.db.writer, async (trx) => {
      await trx.selectFrom('products').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      const before = await getProduct(trx, id);
      await trx
        .updateTable('products')
        .set({
          slug: input.slug,
          name: input.name,
          description: input.description,
          price_pence: input.pricePence,
          category_id: input.categoryId,
          image_url: url,
          allergens: input.allergens,
        })
        .where('id', '=', id)
        .execute();
      await writeRecipe(trx, id, input.groupIds);
      await recordAudit(trx, {
        actorId,
        action: 'product.update',
        entity: 'product',
        entityId: id,
        before: snapshot(before),
        after: snapshot({ ...input, imageUrl: url }),
      });
    }),
  );
}
