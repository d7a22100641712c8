// Finding users and reading one user's roles and recent orders.
import { sql, type Kysely } from 'kysely';
import { likePattern } from '../logs/log-filters.js';
import type { DB } from '../../../db/schema.js';
import { NotFoundError } from '../../../domain/errors.js';
import type { OrderState } from '../../../domain/order-lifecycle.js';

export const PAGE_SIZE = 20;

export interface UserSummary {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  disabled: boolean;
  roles: string[];
}
export interface UserGrant {
  id: number;
  role: string;
  roleName: string;
  storeId: number | null;
  storeName: string | null;
  grantedAt: Date;
}
export interface UserOrder {
  id: string;
  number: number;
  storeName: string;
  state: OrderState;
  totalPence: number;
  createdAt: Date;
}
export interface UserDetail {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: Date;
  disabledAt: Date | null;
  grants: UserGrant[];
}

export async function searchUsers(db: Kysely<DB>, q: string, page: number): Promise<{ users: UserSummary[]; total: number }> {
  let query = db.selectFrom('users');
  const term = q.trim();
  if (term !== '') {
    const pattern = likePattern(term.toLowerCase());
    query = query.where((eb) => eb.or([eb('email', 'like', pattern), eb(sql<string>`lower(first_name || ' ' || last_name)`, 'like', pattern)]));
  }
  const [rows, total] = await Promise.all([
    query
      .select(['id', 'email', 'first_name', 'last_name', 'disabled_at'])
      .orderBy('last_name')
      .orderBy('first_name')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const roles =
    rows.length === 0
      ? []
      : await db
          .selectFrom('user_roles')
          .leftJoin('stores', 'stores.id', 'user_roles.store_id')
          .innerJoin('roles', 'roles.slug', 'user_roles.role')
          .select(['user_roles.user_id', 'roles.name as role', 'stores.name as store'])
          .where(
            'user_roles.user_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('user_roles.id')
          .execute();
  return {
    total: total.n,
    users: rows.map((r) => ({
      id: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      disabled: r.disabled_at !== null,
      // Roles and stores as people know them ("Barista · Colchester"), never slugs (issue 10 item 8).
      roles: roles.filter((x) => x.user_id === r.id).map((x) => (x.store ? `${x.role} · ${x.store.replace(/^Alpaca Cafe /, '')}` : x.role)),
    })),
  };
}

export async function getUserDetail(db: Kysely<DB>, id: number): Promise<UserDetail> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name', 'created_at', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('User');
  const grants = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.slug', 'user_roles.role')
    .leftJoin('stores', 'stores.id', 'user_roles.store_id')
    .select(['user_roles.id', 'user_roles.role', 'roles.name as role_name', 'user_roles.store_id', 'stores.name as store_name', 'user_roles.created_at'])
    .where('user_roles.user_id', '=', id)
    .orderBy('user_roles.id')
    .execute();
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    grants: grants.map((g) => ({ id: g.id, role: g.role, roleName: g.role_name, storeId: g.store_id, storeName: g.store_name, grantedAt: g.created_at })),
  };
}

export async function recentOrders(db: Kysely<DB>, userId: number, limit = 10): Promise<UserOrder[]> {
  const rows = await db
    .selectFrom('orders')
    .innerJoin('stores', 'stores.id', 'orders.store_id')
    .select(['orders.id', 'orders.number', 'stores.name', 'orders.state', 'orders.total_pence', 'orders.created_at'])
    .where('orders.user_id', '=', userId)
    .orderBy('orders.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, storeName: r.name, state: r.state, totalPence: r.total_pence, createdAt: r.created_at }));
}

export function listRoles(db: Kysely<DB>) {
  return db.selectFrom('roles').select(['slug', 'name', 'store_scoped']).orderBy('store_scoped', 'desc').orderBy('slug').execute();
}
