// Shared steps for the order tests: a customer with a basket, placing orders, reading rows.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { apiLogin, type TestApp } from '../../support/test-app.js';

export type Auth = { authorization: string };
export const CUSTOMER = 'customer@alpaca.test';
export const CARDS = {
  ok: '4242424242424242',
  declined: '4000000000000002',
  insufficient: '4000000000009995',
  captureFails: '4000000000000341',
} as const;

export async function newCustomer(t: TestApp, firstName = 'Grace'): Promise<Auth> {
  const email = `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@example.test`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { firstName, lastName: 'Hopper', email, password: 'a-long-enough-password' },
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  return apiLogin(t.app, email, 'a-long-enough-password');
}

/** Puts lattes (and a flat white) in the basket at a store. */
export async function fillBasket(t: TestApp, auth: Auth, store = 'colchester') {
  const put = await t.app.inject({ method: 'PUT', url: '/api/v1/basket/store', headers: auth, payload: { store } });
  if (put.statusCode !== 200) throw new Error(put.body);
  for (const line of [
    { product: 'latte', options: { milk: 'oat', shots: 'double' }, quantity: 2 },
    { product: 'flat-white', quantity: 1 },
  ]) {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/basket/lines', headers: auth, payload: line });
    if (response.statusCode !== 201) throw new Error(response.body);
  }
  return (await t.app.inject({ url: '/api/v1/basket', headers: auth })).json();
}

export function place(t: TestApp, auth: Auth, card: string = CARDS.ok, key: string | null = randomUUID(), extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { ...auth, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload: { payment: { card, expiry: '12/30', cvc: '123', ...extra } },
  });
}

/** A placed, authorised order (JSON). */
export async function placedOrder(t: TestApp, auth: Auth, card: string = CARDS.ok) {
  await fillBasket(t, auth);
  const response = await place(t, auth, card);
  if (response.statusCode !== 201) throw new Error(`place failed: ${response.statusCode} ${response.body}`);
  return response.json().order as { id: string; number: number; state: string; totalPence: number };
}

export function post(t: TestApp, auth: Auth, url: string) {
  return t.app.inject({ method: 'POST', url, headers: auth });
}

export async function orderRow(t: TestApp, id: string) {
  return t.deps.db.writer.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function outbox(t: TestApp, orderId?: string) {
  const rows = await t.deps.db.writer.selectFrom('outbox').selectAll().orderBy('id').execute();
  return rows
    .map((r) => ({ kind: r.kind, dedupeKey: r.dedupe_key, payload: r.payload as Record<string, unknown> }))
    .filter((r) => !orderId || r.payload['orderId'] === orderId || (r.payload['data'] as { orderId?: string } | undefined)?.orderId === orderId);
}

/** What the outbox holds for an order, as 'ticket', 'payment-void' or 'email:<template>'. */
export async function effects(t: TestApp, orderId: string): Promise<string[]> {
  return (await outbox(t, orderId)).map((r) => (r.kind === 'email' ? `email:${r.payload['template']}` : r.kind));
}

export async function count(t: TestApp, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.deps.db.writer);
  return result.rows[0]!.n;
}

export function bank(t: TestApp): SimulatedGateway {
  if (!(t.deps.payments instanceof SimulatedGateway)) throw new Error('not the simulated gateway');
  return t.deps.payments;
}
