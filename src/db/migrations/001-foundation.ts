// Frozen: never edit a migration that has shipped; add a new one.
// Runs on PostgreSQL 15 and on PGlite (PostgreSQL 17), so plain SQL only.
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE TABLE stores (
     id serial PRIMARY KEY,
     slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
     address_line1 text NOT NULL,
     address_line2 text,
     town text NOT NULL,
     postcode text NOT NULL,
     phone text NOT NULL DEFAULT '',
     timezone text NOT NULL DEFAULT 'Europe/London',
     paused boolean NOT NULL DEFAULT false,
     paused_until timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE store_hours (
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     iso_day smallint NOT NULL CHECK (iso_day BETWEEN 1 AND 7),
     opens time NOT NULL,
     closes time NOT NULL CHECK (closes > opens),
     PRIMARY KEY (store_id, iso_day)
   )`,
  `CREATE TABLE categories (
     id serial PRIMARY KEY,
     slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text NOT NULL,
     description text NOT NULL DEFAULT '',
     position integer NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE products (
     id serial PRIMARY KEY,
     slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     category_id integer NOT NULL REFERENCES categories(id),
     name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
     description text NOT NULL DEFAULT '',
     price_pence integer NOT NULL CHECK (price_pence >= 0 AND price_pence <= 100000),
     image_url text,
     position integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX products_category_idx ON products (category_id, position)`,
  `CREATE TABLE option_groups (
     id serial PRIMARY KEY,
     slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text NOT NULL,
     selection text NOT NULL CHECK (selection IN ('single', 'multi')),
     required boolean NOT NULL,
     max_choices integer NOT NULL CHECK (max_choices BETWEEN 1 AND 20),
     position integer NOT NULL DEFAULT 0,
     CHECK (selection = 'multi' OR max_choices = 1)
   )`,
  `CREATE TABLE options (
     id serial PRIMARY KEY,
     group_id integer NOT NULL REFERENCES option_groups(id) ON DELETE CASCADE,
     slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
     name text NOT NULL,
     price_delta_pence integer NOT NULL DEFAULT 0 CHECK (price_delta_pence BETWEEN -100000 AND 100000),
     is_default boolean NOT NULL DEFAULT false,
     position integer NOT NULL DEFAULT 0
   )`,
  // At most one default per group.
  `CREATE UNIQUE INDEX options_one_default_idx ON options (group_id) WHERE is_default`,
  `CREATE TABLE product_option_groups (
     product_id integer NOT NULL REFERENCES products(id) ON DELETE CASCADE,
     group_id integer NOT NULL REFERENCES option_groups(id) ON DELETE CASCADE,
     position integer NOT NULL DEFAULT 0,
     PRIMARY KEY (product_id, group_id)
   )`,
  `CREATE TABLE store_products (
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     product_id integer NOT NULL REFERENCES products(id) ON DELETE CASCADE,
     available boolean NOT NULL DEFAULT true,
     PRIMARY KEY (store_id, product_id)
   )`,
  `CREATE TABLE store_options (
     store_id integer NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
     option_id integer NOT NULL REFERENCES options(id) ON DELETE CASCADE,
     available boolean NOT NULL DEFAULT true,
     PRIMARY KEY (store_id, option_id)
   )`,
  `CREATE TABLE users (
     id serial PRIMARY KEY,
     email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
     first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 60),
     last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 60),
     password_hash text NOT NULL,
     disabled_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX users_email_idx ON users (email)`,
  `CREATE TABLE roles (
     slug text PRIMARY KEY,
     name text NOT NULL,
     store_scoped boolean NOT NULL
   )`,
  `INSERT INTO roles (slug, name, store_scoped) VALUES
     ('barista', 'Barista', true), ('manager', 'Store manager', true), ('admin', 'Administrator', false)`,
  `CREATE TABLE user_roles (
     id serial PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     role text NOT NULL REFERENCES roles(slug),
     store_id integer REFERENCES stores(id) ON DELETE CASCADE,
     granted_by integer REFERENCES users(id) ON DELETE SET NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX user_roles_unique_idx ON user_roles (user_id, role, coalesce(store_id, 0))`,
  // The id is a SHA-256 of the bearer secret: a leaked table opens no sessions.
  `CREATE TABLE sessions (
     id text PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     kind text NOT NULL CHECK (kind IN ('web', 'api')),
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL
   )`,
  `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
  // A basket belongs to a signed-in user or to an anonymous visitor cookie.
  `CREATE TABLE baskets (
     id serial PRIMARY KEY,
     user_id integer UNIQUE REFERENCES users(id) ON DELETE CASCADE,
     visitor_id text UNIQUE,
     store_id integer REFERENCES stores(id) ON DELETE SET NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     CHECK (user_id IS NOT NULL OR visitor_id IS NOT NULL)
   )`,
  `CREATE TABLE basket_lines (
     id serial PRIMARY KEY,
     basket_id integer NOT NULL REFERENCES baskets(id) ON DELETE CASCADE,
     product_id integer NOT NULL REFERENCES products(id) ON DELETE CASCADE,
     option_ids integer[] NOT NULL DEFAULT '{}',
     -- sorted option ids, so identical customisations merge into one line
     options_key text NOT NULL DEFAULT '',
     quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
     created_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (basket_id, product_id, options_key)
   )`,
  // Side effects that leave the process; drained by every instance.
  `CREATE TABLE outbox (
     id bigserial PRIMARY KEY,
     kind text NOT NULL,
     payload jsonb NOT NULL,
     dedupe_key text UNIQUE,
     attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
     available_at timestamptz NOT NULL DEFAULT now(),
     last_error text,
     delivered_at timestamptz,
     parked_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE delivered_at IS NULL AND parked_at IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox',
    'basket_lines',
    'baskets',
    'sessions',
    'user_roles',
    'roles',
    'users',
    'store_options',
    'store_products',
    'product_option_groups',
    'options',
    'option_groups',
    'products',
    'categories',
    'store_hours',
    'stores',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
  }
}
