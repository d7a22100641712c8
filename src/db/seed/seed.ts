// Loads the demo catalogue and demo accounts. Idempotent: rows that exist are
// left alone (so a manager's availability switches survive a restart).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { hashPassword } from '../../domain/passwords.js';
import { categories, optionGroups, products, stores, unavailableOptions } from './catalogue-data.js';
import { demoAccounts } from './demo-accounts.js';
import { optionAllergens, productAllergens } from './allergen-data.js';

// Instances starting together on an empty database seed one at a time.
const SEED_LOCK = 7_243_001;

/**
 * Loads the catalogue; returns true when this call created it. With `demo`, a
 * newly created catalogue also gets the demo's switched-off items — decided
 * under the lock, so a manager's later change is never undone by another
 * instance starting.
 */
export async function seedCatalogue(db: Kysely<DB>, { demo = false } = {}): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const before = await trx.selectFrom('products').select(trx.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const created = before.n === 0;
    for (const store of stores) {
      const { hours, addressLine1, addressLine2, ...rest } = store;
      await trx
        .insertInto('stores')
        .values({ ...rest, address_line1: addressLine1, address_line2: addressLine2 })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
      const { id } = await trx.selectFrom('stores').select('id').where('slug', '=', store.slug).executeTakeFirstOrThrow();
      await trx
        .insertInto('store_hours')
        .values(hours.map((h) => ({ store_id: id, iso_day: h.isoDay, opens: h.opens, closes: h.closes })))
        .onConflict((oc) => oc.columns(['store_id', 'iso_day']).doNothing())
        .execute();
    }

    await trx
      .insertInto('categories')
      .values(
        categories.map((c, position) => ({
          slug: c.slug,
          name: c.name,
          description: c.description,
          position,
          prep_seconds: c.prepSeconds,
          is_drink: c.isDrink,
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();

    for (const [groupPosition, group] of optionGroups.entries()) {
      await trx
        .insertInto('option_groups')
        .values({
          slug: group.slug,
          name: group.name,
          selection: group.selection,
          required: group.required,
          max_choices: group.maxChoices,
          position: groupPosition,
        })
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
      const { id: groupId } = await trx.selectFrom('option_groups').select('id').where('slug', '=', group.slug).executeTakeFirstOrThrow();
      await trx
        .insertInto('options')
        .values(
          group.options.map((o, position) => ({
            group_id: groupId,
            slug: o.slug,
            name: o.name,
            price_delta_pence: o.priceDeltaPence,
            is_default: o.isDefault ?? false,
            position,
            allergens: optionAllergens[o.slug] ?? [],
          })),
        )
        .onConflict((oc) => oc.column('slug').doNothing())
        .execute();
    }

    const categoryIds = new Map((await trx.selectFrom('categories').select(['id', 'slug']).execute()).map((c) => [c.slug, c.id]));
    await trx
      .insertInto('products')
      .values(
        products.map((p, position) => ({
          slug: p.slug,
          name: p.name,
          description: p.description,
          price_pence: p.pricePence,
          category_id: categoryIds.get(p.category)!,
          position,
          image_url: null,
          allergens: [...new Set(productAllergens[p.slug] ?? [])],
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();

    await seedRecipes(trx);
    await seedAvailability(trx);
    if (created && demo) await applyDemoUnavailability(trx);
    return created;
  });
}

// Coffees and iced coffees get all five groups; hot chocolates all but Blend;
// teas Milk and Blend; milkshakes Syrup; the rest none.
const recipeByCategory: Record<string, string[]> = {
  'slow-roasted-coffee': ['milk', 'shots', 'blend', 'syrup', 'toppings'],
  'iced-coffee': ['milk', 'shots', 'blend', 'syrup', 'toppings'],
  'hot-chocolate': ['milk', 'shots', 'syrup', 'toppings'],
  teas: ['milk', 'blend'],
  milkshakes: ['syrup'],
};

async function seedRecipes(trx: Kysely<DB>): Promise<void> {
  const groups = new Map((await trx.selectFrom('option_groups').select(['id', 'slug']).execute()).map((g) => [g.slug, g.id]));
  const rows = (await trx.selectFrom('products').select(['id', 'slug']).execute()).flatMap((row) => {
    const seeded = products.find((p) => p.slug === row.slug);
    const recipe = seeded ? (recipeByCategory[seeded.category] ?? []) : [];
    return recipe.map((slug, position) => ({ product_id: row.id, group_id: groups.get(slug)!, position }));
  });
  if (rows.length === 0) return;
  await trx
    .insertInto('product_option_groups')
    .values(rows)
    .onConflict((oc) => oc.columns(['product_id', 'group_id']).doNothing())
    .execute();
}

async function seedAvailability(trx: Kysely<DB>): Promise<void> {
  // Every product and option gets a row at every store; the demo switches a few off at Ipswich.
  await sql`
    INSERT INTO store_products (store_id, product_id, available)
    SELECT s.id, p.id, true FROM stores s CROSS JOIN products p
    ON CONFLICT DO NOTHING`.execute(trx);
  await sql`
    INSERT INTO store_options (store_id, option_id, available)
    SELECT s.id, o.id, true FROM stores s CROSS JOIN options o
    ON CONFLICT DO NOTHING`.execute(trx);
}

/** Applied only when the demo catalogue is first created, so later switches are kept. */
async function applyDemoUnavailability(db: Kysely<DB>): Promise<void> {
  for (const product of products) {
    for (const storeSlug of product.unavailableAt ?? []) {
      await sql`
        UPDATE store_products SET available = false
        WHERE store_id = (SELECT id FROM stores WHERE slug = ${storeSlug})
          AND product_id = (SELECT id FROM products WHERE slug = ${product.slug})`.execute(db);
    }
  }
  for (const [storeSlug, optionSlugs] of Object.entries(unavailableOptions)) {
    for (const optionSlug of optionSlugs) {
      await sql`
        UPDATE store_options SET available = false
        WHERE store_id = (SELECT id FROM stores WHERE slug = ${storeSlug})
          AND option_id = (SELECT id FROM options WHERE slug = ${optionSlug})`.execute(db);
    }
  }
}

export async function seedDemoAccounts(db: Kysely<DB>): Promise<void> {
  for (const account of demoAccounts) {
    const existing = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirst();
    if (existing) continue;
    const passwordHash = await hashPassword(account.password);
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
      const user = await trx
        .insertInto('users')
        // Demo accounts own no real mailbox: seeded as verified, or every demo page would ask to confirm.
        .values({
          email: account.email,
          first_name: account.firstName,
          last_name: account.lastName,
          password_hash: passwordHash,
          email_verified_at: new Date(),
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!user) return; // another instance seeded this account meanwhile
      for (const grant of account.roles) {
        const store = grant.store ? await trx.selectFrom('stores').select('id').where('slug', '=', grant.store).executeTakeFirstOrThrow() : null;
        await trx
          .insertInto('user_roles')
          .values({ user_id: user.id, role: grant.role, store_id: store?.id ?? null })
          .execute();
      }
    });
  }
}

/** Seeds everything; returns true when the catalogue was created by this call. */
export async function seedDemoData(db: Kysely<DB>): Promise<boolean> {
  const created = await seedCatalogue(db, { demo: true });
  await seedDemoAccounts(db);
  return created;
}
