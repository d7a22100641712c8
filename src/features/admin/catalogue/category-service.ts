// Categories: create, edit, and move up or down the menu. Audited in the same transaction.
import { transact } from '../../../db/unit-of-work.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { formString } from '../../../web/forms.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../params.js';
import { slugify, slugProblem } from '../../../domain/slug.js';
import { Problems, textProblem } from '../text.js';
import { getCategory } from './queries.js';

export interface CategoryInput { name: string; slug: string; description: string }
export type CategoryValues = Record<keyof CategoryInput, string>;

export function categoryValues(body: unknown): CategoryValues {
  return { name: formString(body, 'name').trim(), slug: formString(body, 'slug').trim(), description: formString(body, 'description').trim() };
}

export function parseCategory(values: CategoryValues): CategoryInput {
  const problems = new Problems();
  const slug = values.slug || slugify(values.name);
  problems.check('name', textProblem(values.name, 'a name', { max: 80 }));
  problems.check('slug', slugProblem(slug));
  problems.check('description', textProblem(values.description, 'a description', { min: 0, max: 500 }));
  if (!problems.ok) throw new ValidationError(problems.fields);
  return { name: values.name, slug, description: values.description };
}

const slugTaken = () => new ValidationError({ slug: 'Another category already uses this slug.' });

export async function createCategory(db: Kysely<DB>, actorId: number, input: CategoryInput): Promise<number> {
  try {
    return await transact(db, async (trx) => {
      const last = await trx.selectFrom('categories').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
      const row = await trx.insertInto('categories').values({ ...input, position: (last?.max ?? -1) + 1 })
        .onConflict((oc) => oc.column('slug').doNothing()).returning('id').executeTakeFirst();
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
    await transact(db, async (trx) => {
      const before = await getCategory(trx, id);
      await trx.updateTable('categories').set(input).where('id', '=', id).execute();
      await recordAudit(trx, {
        actorId, action: 'category.update', entity: 'category', entityId: id,
        before: { name: before.name, slug: before.slug, description: before.description }, after: input,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

/** Swaps a category with its neighbour; positions are renumbered 0..n-1 on the way. */
export async function moveCategory(db: Kysely<DB>, actorId: number, id: number, direction: 'up' | 'down'): Promise<void> {
  await transact(db, async (trx) => {
    const rows = await trx.selectFrom('categories').select(['id', 'slug']).orderBy('position').orderBy('id').forUpdate().execute();
    const before = rows.map((r) => r.slug);
    const index = rows.findIndex((r) => r.id === id);
    const target = direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || target < 0 || target >= rows.length) return;
    [rows[index], rows[target]] = [rows[target]!, rows[index]!];
    for (const [position, row] of rows.entries()) {
      await trx.updateTable('categories').set({ position }).where('id', '=', row.id).execute();
    }
    await recordAudit(trx, { actorId, action: 'category.move', entity: 'category', entityId: id, before: { order: before }, after: { order: rows.map((r) => r.slug) } });
  });
}
