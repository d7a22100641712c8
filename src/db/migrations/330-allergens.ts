// Frozen: never edit a migration that has shipped; add a new one.
// Allergens (issue 9 item 6, decision 330): the UK's 14 as slugs on every product and every option.
// A product's own list holds what is in it whatever the options; an option's, what it brings in
// (dairy milk → milk). The CHECK keeps anything but the 14 slugs out, whoever writes.
// Databases seeded before this migration get the demo catalogue's allergens by slug (a frozen
// copy of src/db/seed/allergen-data.ts as it stood); a fresh database is empty here and the seed
// writes them itself.
import { sql, type Kysely } from 'kysely';

const SLUGS = [
  'celery',
  'gluten',
  'crustaceans',
  'eggs',
  'fish',
  'lupin',
  'milk',
  'molluscs',
  'mustard',
  'tree-nuts',
  'peanuts',
  'sesame',
  'soya',
  'sulphites',
];

const OPTIONS: [string, string][] = [
  ['semi-skimmed', 'milk'],
  ['skimmed', 'milk'],
  ['whole', 'milk'],
  ['oat', 'gluten'],
  ['almond', 'tree-nuts'],
  ['soy', 'soya'],
  ['salted-caramel', 'milk'],
  ['whipped-cream', 'milk'],
  ['chocolate-sprinkles', 'milk,soya'],
  ['caramel-drizzle', 'milk'],
];
const PRODUCTS: [string, string][] = [
  ['mocha', 'milk,soya'],
  ['white-mocha', 'milk,soya'],
  ['caramel-macchiato', 'milk'],
  ['iced-mocha', 'milk,soya'],
  ['iced-white-mocha', 'milk,soya'],
  ['iced-caramel-latte', 'milk'],
  ['vanilla-cold-foam-cold-brew', 'milk'],
  ['coffee-frappe', 'milk'],
  ['chai-latte', 'milk'],
  ['dirty-chai-latte', 'milk'],
  ['butter-croissant', 'gluten,eggs,milk'],
  ['almond-croissant', 'gluten,eggs,milk,tree-nuts'],
  ['pain-au-chocolat', 'gluten,eggs,milk,soya'],
  ['cinnamon-swirl', 'gluten,eggs,milk'],
  ['pain-aux-raisins', 'gluten,eggs,milk,sulphites'],
  ['cheese-twist', 'gluten,eggs,milk'],
  ['sausage-roll', 'gluten,eggs,milk,mustard'],
  ['ham-and-cheese-croissant', 'gluten,eggs,milk,mustard'],
  ['blueberry-muffin', 'gluten,eggs,milk'],
  ['fruit-scone', 'gluten,eggs,milk,sulphites'],
  ['classic-hot-chocolate', 'milk,soya'],
  ['dark-hot-chocolate', 'soya'],
  ['white-hot-chocolate', 'milk,soya'],
  ['salted-caramel-hot-chocolate', 'milk,soya'],
  ['mint-hot-chocolate', 'soya'],
  ['orange-hot-chocolate', 'soya'],
  ['kids-hot-chocolate', 'milk,soya'],
  ['cloudy-lemonade', 'sulphites'],
  ['elderflower-presse', 'sulphites'],
  ['pumpkin-spice-latte', 'milk'],
  ['toffee-nut-latte', 'milk'],
  ['maple-pecan-latte', 'tree-nuts'],
  ['eggnog-latte', 'eggs,milk'],
  ['black-forest-hot-chocolate', 'milk,soya,sulphites'],
  ['mince-pie', 'gluten,milk,sulphites'],
  ['vanilla-milkshake', 'milk,eggs'],
  ['chocolate-milkshake', 'milk,eggs,soya'],
  ['strawberry-milkshake', 'milk,eggs'],
  ['banana-milkshake', 'milk,eggs'],
  ['salted-caramel-milkshake', 'milk,eggs'],
  ['cookies-and-cream-milkshake', 'milk,eggs,gluten,soya'],
  ['peanut-butter-milkshake', 'milk,eggs,peanuts,soya'],
  ['biscoff-milkshake', 'milk,eggs,gluten,soya'],
  ['victoria-sponge', 'gluten,eggs,milk'],
  ['carrot-cake', 'gluten,eggs,milk,tree-nuts'],
  ['lemon-drizzle-cake', 'gluten,eggs,milk'],
  ['chocolate-fudge-cake', 'gluten,eggs,milk,soya'],
  ['coffee-and-walnut-cake', 'gluten,eggs,milk,tree-nuts'],
  ['red-velvet-cake', 'gluten,eggs,milk'],
  ['banana-bread', 'gluten,eggs,milk'],
  ['chocolate-brownie', 'eggs,milk,soya'],
  ['millionaires-shortbread', 'gluten,milk,soya'],
  ['bakewell-tart', 'gluten,eggs,milk,tree-nuts'],
];

function values(rows: [string, string][]) {
  return sql.join(rows.map(([slug, list]) => sql`(${slug}, ${list})`));
}

export async function up(db: Kysely<any>): Promise<void> {
  const known = sql.raw(`ARRAY[${SLUGS.map((s) => `'${s}'`).join(', ')}]::text[]`);
  for (const table of ['products', 'options']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN allergens text[] NOT NULL DEFAULT '{}'`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(`${table}_allergens_known`)} CHECK (allergens <@ ${known})`.execute(db);
  }
  await sql`
    UPDATE products p SET allergens = string_to_array(v.list, ',')
    FROM (VALUES ${values(PRODUCTS)}) AS v(slug, list) WHERE p.slug = v.slug`.execute(db);
  await sql`
    UPDATE options o SET allergens = string_to_array(v.list, ',')
    FROM (VALUES ${values(OPTIONS)}) AS v(slug, list) WHERE o.slug = v.slug`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE products DROP COLUMN allergens`.execute(db);
  await sql`ALTER TABLE options DROP COLUMN allergens`.execute(db);
}
