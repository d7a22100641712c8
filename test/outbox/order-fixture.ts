// Orders written straight into the tables, for rendering tickets and emails
// without going through checkout and a payment gateway.
import { sql, type Kysely } from 'kysely';
import type { DB, OrderLineOption, OrderState } from '../../src/db/schema.js';

export interface FixtureLine {
  slug?: string;
  name: string;
  options?: OrderLineOption[];
  quantity: number;
  unitPence: number;
}

export const oat: OrderLineOption = { group: 'milk', groupName: 'Milk', selection: 'single', slug: 'oat', name: 'Oat', priceDeltaPence: 45 };
export const double: OrderLineOption = { group: 'shots', groupName: 'Shots', selection: 'single', slug: 'double', name: 'Double', priceDeltaPence: 60 };
export const vanilla: OrderLineOption = { group: 'syrup', groupName: 'Syrup', selection: 'multi', slug: 'vanilla', name: 'Vanilla', priceDeltaPence: 50 };

export async function insertOrder(
  db: Kysely<DB>,
  options: {
    store?: string;
    email?: string;
    state?: OrderState;
    lines?: FixtureLine[];
    firstName?: string;
    lastInitial?: string;
    createdAt?: Date;
    paidAt?: Date | null;
  } = {},
): Promise<{ id: string; number: number }> {
  const store = await db
    .selectFrom('stores')
    .select('id')
    .where('slug', '=', options.store ?? 'colchester')
    .executeTakeFirstOrThrow();
  const user = await db
    .selectFrom('users')
    .select(['id', 'first_name', 'last_name'])
    .where('email', '=', options.email ?? 'customer@alpaca.test')
    .executeTakeFirstOrThrow();
  const lines = options.lines ?? [{ name: 'Latte', options: [oat, double], quantity: 2, unitPence: 420 }];
  const total = lines.reduce((sum, l) => sum + l.unitPence * l.quantity, 0);
  const createdAt = options.createdAt ?? new Date('2026-11-25T12:00:00Z');
  const order = await db
    .insertInto('orders')
    .values({
      store_id: store.id,
      user_id: user.id,
      state: options.state ?? 'paid',
      total_pence: total,
      customer_first_name: options.firstName ?? user.first_name,
      customer_last_initial: options.lastInitial ?? user.last_name.slice(0, 1),
      card_brand: 'visa',
      card_last4: '4242',
      payment_gateway: 'simulated',
      payment_reference: `sim_${Math.random().toString(36).slice(2)}`,
      idempotency_key: `fixture-${Math.random().toString(36).slice(2)}`,
      created_at: createdAt,
      paid_at: options.paidAt === undefined ? new Date(createdAt.getTime() + 5 * 60_000) : options.paidAt,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('order_lines')
    .values(
      lines.map((l, position) => ({
        order_id: order.id,
        position,
        product_slug: l.slug ?? l.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        product_name: l.name,
        options: sql<string>`cast(${JSON.stringify(l.options ?? [])} as text)::jsonb`,
        quantity: l.quantity,
        unit_pence: l.unitPence,
        total_pence: l.unitPence * l.quantity,
      })),
    )
    .execute();
  return { id: order.id, number: order.number };
}
