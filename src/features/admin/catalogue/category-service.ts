// Categories: create, edit, and move up or down the menu. Audited in the same transaction.
import { write } from '../../../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../params.js';
import Type, { type Static } from 'typebox';
import { SLUG_HINT, slugify, slugProblem } from '../../../domain/slug.js';
import { Slug } from '../../../web/schemas.js';
import { getCategory } from './queries.js';

export interface CategoryInput {
  name: string;
  slug: string;
  description: string;
}
export type CategoryValues = Record<keyof CategoryInput, string>;

/** The category form; a slug left empty is made from the name (always a valid one unless the name has no letters or digits). */
export const CategoryForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  slug: Type.Optional(Slug),
  description: Type.Optional(Type.String({ maxLength: 500 })),
});
export const categoryMessages = { name: 'Enter a name of up to 80 characters.', slug: SLUG_HINT };

export function parseCategory(form: Static<typeof CategoryForm>): CategoryInput {
  const slug = form.slug ?? slugify(form.name);
  const problem = slugProblem(slug);
  if (problem) throw new ValidationError({ slug: problem });
  return { name: form.name, slug, description: form.description ?? '' };
}

const slugTaken = () => new ValidationError({ slug: 'Another category already uses this slug.' });

export async function createCategory(db: Kysely<DB>, actorId: number, input: CategoryInput): Promise<number> {
  try {
    return await write(db, async (trx) => {
      const last = await trx
        .selectFrom('categories')
        .select((eb) => eb.fn.max('position').as('max'))
        .executeTakeFirst();
      const row = await trx
        .insertInto('categories')
        .values({ ...input, position: (last?.max ?? -1) + 1 })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw slugTaken();
      await recordAudit(trx, { actorId, action: 'category.create', entity: 'category', entityId: row.id, after: input });
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function updateCategory(db: Kysely<DB>, actorId: number, id: number, input: CategoryInput): Promise<void> {
  try {
    await write(db, async (trx) => {
      const before = await getCategory(trx, id);
      await trx.updateTable('categories').set(input).where('id', '=', id).execute();
      await recordAudit(trx, {
        actorId,
        action: 'category.update',
        entity: 'category',
        entityId: id,
        before: { name: before.name, slug: before.slug, description: before.description },
        after: input,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/** Swaps a category with its neighbour; positions are renumbered 0..n-1 on the way. */
export async function moveCategory(db: Kysely<DB>, actorId: number, id: number, direction: 'up' | 'down'): Promise<void> {
  await write(db, async (trx) => {
    const rows = await trx.selectFrom('categories').select(['id', 'slug']).orderBy('position').orderBy('id').forUpdate().execute();
    const before = rows.map((r) => r.slug);
    const index = rows.findIndex((r) => r.id === id);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || target < 0 || target >= rows.length) return;
    [rows[index], rows[target]] = [rows[target]!, rows[index]!];
    for (const [position, row] of rows.entries()) {
      await trx.updateTable('categories').set({ position }).where('id', '=', row.id).execute();
    }
    await recordAudit(trx, {
      actorId,
      action: 'category.move',
      entity: 'category',
      entityId: id,
      before: { order: before },
      after: { order: rows.map((r) => r.slug) },
    });
  });
}
