// Creating and editing stores. Each change and its audit row commit together;
// a new store starts with every product and option available.
import { write } from '../../../db/unit-of-work.js';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../params.js';
import type { StoreInput } from './form.js';
import { getAdminStore } from './queries.js';

const slugTaken = () => new ValidationError({ slug: 'Another store already uses this slug.' });

function storeRow(input: StoreInput) {
  return {
    slug: input.slug,
    name: input.name,
    address_line1: input.addressLine1,
    address_line2: input.addressLine2,
    town: input.town,
    postcode: input.postcode,
    phone: input.phone,
    timezone: input.timezone,
  };
}

async function writeHours(trx: Kysely<DB>, storeId: number, input: StoreInput): Promise<void> {
  await trx.deleteFrom('store_hours').where('store_id', '=', storeId).execute();
  if (input.hours.length === 0) return;
  await trx
    .insertInto('store_hours')
    .values(input.hours.map((h) => ({ store_id: storeId, iso_day: h.isoDay, opens: h.opens, closes: h.closes })))
    .execute();
}

export async function createStore(db: Kysely<DB>, actorId: number, input: StoreInput): Promise<number> {
  try {
    return await write(db, async (trx) => {
      const row = await trx
        .insertInto('stores')
        .values(storeRow(input))
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw slugTaken();
      await writeHours(trx, row.id, input);
      await sql`INSERT INTO store_products (store_id, product_id, available)
                SELECT ${row.id}, id, true FROM products ON CONFLICT DO NOTHING`.execute(trx);
      await sql`INSERT INTO store_options (store_id, option_id, available)
                SELECT ${row.id}, id, true FROM options ON CONFLICT DO NOTHING`.execute(trx);
      await recordAudit(trx, { actorId, action: 'store.create', entity: 'store', entityId: row.id, storeId: row.id, after: input });
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

export async function updateStore(db: Kysely<DB>, actorId: number, id: number, input: StoreInput): Promise<void> {
  try {
    await write(db, async (trx) => {
      await trx.selectFrom('stores').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
      const { id: _id, paused: _paused, ...before } = await getAdminStore(trx, id);
      await trx.updateTable('stores').set(storeRow(input)).where('id', '=', id).execute();
      await writeHours(trx, id, input);
      await recordAudit(trx, { actorId, action: 'store.update', entity: 'store', entityId: id, storeId: id, before, after: input });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}
