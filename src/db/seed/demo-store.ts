// The demo store that never closes, so someone who runs `npm start` at any hour can order, check in
// and collect (decision 316). The two real demo stores keep real hours, so "closed" can still be seen.
// Its barista is automatic (features/orders/demo-barista.ts): no staff login is needed to finish the
// journey. Seeded only outside production with demo data on (main.ts); the tests' template database
// does not have it, so their stores stay the two real ones.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { hashPassword } from '../../domain/passwords.js';

export const DEMO_STORE_SLUG = 'demo';

/** Midnight to midnight every day: `closes` may be 24:00 (PostgreSQL's end of day). */
const ALL_DAY = [1, 2, 3, 4, 5, 6, 7].map((isoDay) => ({ iso_day: isoDay, opens: '00:00', closes: '24:00' }));

export const DEMO_BARISTA = {
  email: 'barista.demo@alpaca.test',
  password: 'alpaca-demo-password',
  firstName: 'Otto',
  lastName: 'Matic',
};

// Instances starting together add it one at a time (the catalogue seed's lock has another number).
const DEMO_STORE_LOCK = 7_243_002;

/** Adds the always-open store, its availability rows and its automatic barista; does nothing if it exists. Returns its id. */
export async function seedDemoStore(db: Kysely<DB>): Promise<number> {
  const passwordHash = await hashPassword(DEMO_BARISTA.password);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${DEMO_STORE_LOCK})`.execute(trx);
    const existing = await trx.selectFrom('stores').select('id').where('slug', '=', DEMO_STORE_SLUG).executeTakeFirst();
    if (existing) return existing.id;
    const { id } = await trx
      .insertInto('stores')
      .values({
        slug: DEMO_STORE_SLUG,
        name: 'Alpaca Cafe Demo (open all hours)',
        address_line1: '1 Sandbox Lane',
        address_line2: null,
        town: 'Colchester',
        postcode: 'CO1 1AA',
        phone: '01206 000000',
        timezone: 'Europe/London',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('store_hours')
      .values(ALL_DAY.map((h) => ({ ...h, store_id: id })))
      .execute();
    await sql`INSERT INTO store_products (store_id, product_id, available) SELECT ${id}, p.id, true FROM products p ON CONFLICT DO NOTHING`.execute(trx);
    await sql`INSERT INTO store_options (store_id, option_id, available) SELECT ${id}, o.id, true FROM options o ON CONFLICT DO NOTHING`.execute(trx);
    const barista = await trx
      .insertInto('users')
      .values({
        email: DEMO_BARISTA.email,
        first_name: DEMO_BARISTA.firstName,
        last_name: DEMO_BARISTA.lastName,
        password_hash: passwordHash,
        email_verified_at: new Date(),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (barista) await trx.insertInto('user_roles').values({ user_id: barista.id, role: 'barista', store_id: id }).execute();
    return id;
  });
}

/** The automatic barista's user id ('staff:<id>' on the events it writes), or null without the demo store. */
export async function demoBaristaId(db: Kysely<DB>): Promise<number | null> {
  const row = await db.selectFrom('users').select('id').where('email', '=', DEMO_BARISTA.email).executeTakeFirst();
  return row?.id ?? null;
}
