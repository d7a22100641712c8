// Option groups and options. A new option is available at every store; making
// an option the default takes the default from the group's other options
// (at most one per group), all in one audited transaction.
import { write } from '../../../db/unit-of-work.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../params.js';
import type { GroupInput, OptionInput } from './option-form.js';
import { getOption, getOptionGroup } from './queries.js';

async function uniqueSlug<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ slug: `Another ${what} already uses this slug.` });
    throw error;
  }
}

function groupRow(input: GroupInput) {
  return { name: input.name, slug: input.slug, selection: input.selection, required: input.required, max_choices: input.maxChoices };
}

export function createGroup(db: Kysely<DB>, actorId: number, input: GroupInput): Promise<number> {
  return uniqueSlug(
    () =>
      write(db, async (trx) => {
        const last = await trx
          .selectFrom('option_groups')
          .select((eb) => eb.fn.max('position').as('max'))
          .executeTakeFirst();
        const row = await trx
          .insertInto('option_groups')
          .values({ ...groupRow(input), position: (last?.max ?? -1) + 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { actorId, action: 'option-group.create', entity: 'option_group', entityId: row.id, after: input });
        return row.id;
      }),
    'option group',
  );
}

export function updateGroup(db: Kysely<DB>, actorId: number, id: number, input: GroupInput): Promise<void> {
  return uniqueSlug(
    () =>
      write(db, async (trx) => {
        await trx.selectFrom('option_groups').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
        const { options: _options, id: _id, ...before } = await getOptionGroup(trx, id);
        await trx.updateTable('option_groups').set(groupRow(input)).where('id', '=', id).execute();
        await recordAudit(trx, { actorId, action: 'option-group.update', entity: 'option_group', entityId: id, before, after: input });
      }),
    'option group',
  );
}

function optionRow(input: OptionInput) {
  return { name: input.name, slug: input.slug, price_delta_pence: input.priceDeltaPence, is_default: input.isDefault, allergens: input.allergens };
}

/** Clears the group's current default (other than `keep`) before another option takes it. */
async function clearDefault(trx: Kysely<DB>, groupId: number, keep: number | null): Promise<string[]> {
  let query = trx.updateTable('options').set({ is_default: false }).where('group_id', '=', groupId).where('is_default', '=', true);
  if (keep !== null) query = query.where('id', '!=', keep);
  return (await query.returning('slug').execute()).map((r) => r.slug);
}

export function createOption(db: Kysely<DB>, actorId: number, groupId: number, input: OptionInput): Promise<number> {
  return uniqueSlug(
    () =>
      write(db, async (trx) => {
        await trx.selectFrom('option_groups').select('id').where('id', '=', groupId).forUpdate().executeTakeFirstOrThrow();
        const replacedDefault = input.isDefault ? await clearDefault(trx, groupId, null) : [];
        const last = await trx
          .selectFrom('options')
          .select((eb) => eb.fn.max('position').as('max'))
          .where('group_id', '=', groupId)
          .executeTakeFirst();
        const row = await trx
          .insertInto('options')
          .values({ ...optionRow(input), group_id: groupId, position: (last?.max ?? -1) + 1 })
          .returning('id')
          .executeTakeFirstOrThrow();
        await sql`INSERT INTO store_options (store_id, option_id, available)
              SELECT id, ${row.id}, true FROM stores ON CONFLICT DO NOTHING`.execute(trx);
        await recordAudit(trx, {
          actorId,
          action: 'option.create',
          entity: 'option',
          entityId: row.id,
          after: { ...input, groupId, ...(replacedDefault.length ? { replacedDefault } : {}) },
        });
        return row.id;
      }),
    'option',
  );
}

export function updateOption(db: Kysely<DB>, actorId: number, groupId: number, optionId: number, input: OptionInput): Promise<void> {
  return uniqueSlug(
    () =>
      write(db, async (trx) => {
        await trx.selectFrom('option_groups').select('id').where('id', '=', groupId).forUpdate().executeTakeFirstOrThrow();
        const before = await getOption(trx, groupId, optionId);
        const replacedDefault = input.isDefault ? await clearDefault(trx, groupId, optionId) : [];
        await trx.updateTable('options').set(optionRow(input)).where('id', '=', optionId).execute();
        await recordAudit(trx, {
          actorId,
          action: 'option.update',
          entity: 'option',
          entityId: optionId,
          before: { name: before.name, slug: before.slug, priceDeltaPence: before.priceDeltaPence, isDefault: before.isDefault },
          after: { ...input, ...(replacedDefault.length ? { replacedDefault } : {}) },
        });
      }),
    'option',
  );
}
