// "Download my data": one JSON document, written as it is read (orders a page at a time), so a
// customer with years of orders costs the server one page of memory (decision 902). It holds the
// account, its sessions, basket, orders with lines, payment (card brand and last 4 only: never the
// gateway's reference), refunds and events, and the audit entries about the account or its orders.
// Every query is keyed by the one user id: nobody else's rows can join in.
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { NotFoundError } from '../../domain/errors.js';

const PAGE = 50;

export async function exportExists(db: Kysely<DB>, userId: number): Promise<void> {
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).where('erased_at', 'is', null).executeTakeFirst();
  if (!row) throw new NotFoundError('Account');
}

async function* exportChunks(db: Kysely<DB>, userId: number, now: Date): AsyncGenerator<string> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const account = {
    id: user.id,
    email: user.email,
    pendingEmail: user.pending_email,
    firstName: user.first_name,
    lastName: user.last_name,
    emailVerifiedAt: user.email_verified_at,
    notifications: { receipt: user.notify_receipt, ready: user.notify_ready },
    createdAt: user.created_at,
    disabledAt: user.disabled_at,
  };
  const sessions = await db
    .selectFrom('sessions')
    .select(['device', 'kind', 'created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const basketLines = await db
    .selectFrom('baskets')
    .innerJoin('basket_lines', 'basket_lines.basket_id', 'baskets.id')
    .innerJoin('products', 'products.id', 'basket_lines.product_id')
    .leftJoin('stores', 'stores.id', 'baskets.store_id')
    .select(['stores.slug as store', 'products.slug as product', 'basket_lines.option_ids', 'basket_lines.quantity', 'basket_lines.created_at'])
    .where('baskets.user_id', '=', userId)
    .orderBy('basket_lines.id')
    .execute();
  yield `{"format":"alpaca-cafe-account-export/1","exportedAt":${JSON.stringify(now)},"account":${JSON.stringify(account)}`;
  yield `,"sessions":${JSON.stringify(sessions.map((s) => ({ device: s.device, kind: s.kind, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at })))}`;
  yield `,"basket":${JSON.stringify(basketLines.map((l) => ({ store: l.store, product: l.product, optionIds: l.option_ids, quantity: l.quantity, addedAt: l.created_at })))}`;
  yield ',"orders":[';

  let after: { createdAt: Date; id: string } | null = null;
  let first = true;
  for (;;) {
    let query = db
      .selectFrom('orders')
      .innerJoin('stores', 'stores.id', 'orders.store_id')
      .selectAll('orders')
      .select('stores.slug as store')
      .where('orders.user_id', '=', userId)
      .orderBy('orders.created_at')
      .orderBy('orders.id')
      .limit(PAGE);
    if (after) {
      const { createdAt, id } = after;
      query = query.where((eb) =>
        eb.or([eb('orders.created_at', '>', createdAt), eb.and([eb('orders.created_at', '=', createdAt), eb('orders.id', '>', id)])]),
      );
    }
    const orders = await query.execute();
    if (orders.length === 0) break;
    const ids = orders.map((o) => o.id);
    const [lines, events, refunds] = await Promise.all([
      db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('order_id').orderBy('position').execute(),
      db.selectFrom('order_events').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
      db
        .selectFrom('refunds')
        .select(['order_id', 'amount_pence', 'reason', 'method', 'status', 'created_at', 'settled_at'])
        .where('order_id', 'in', ids)
        .orderBy('id')
        .execute(),
    ]);
    for (const o of orders) {
      const json = {
        id: o.id,
        number: o.number,
        store: o.store,
        state: o.state,
        totalPence: o.total_pence,
        currency: o.currency,
        customer: { firstName: o.customer_first_name, lastInitial: o.customer_last_initial },
        createdAt: o.created_at,
        authorisedAt: o.authorised_at,
        checkedInAt: o.checked_in_at,
        paidAt: o.paid_at,
        readyAt: o.ready_at,
        completedAt: o.completed_at,
        closedAt: o.closed_at,
        trigger: { kind: o.trigger_kind, arrivalMinutes: o.arrival_minutes, dueAt: o.due_at, pickupSlot: o.pickup_slot },
        lines: lines
          .filter((l) => l.order_id === o.id)
          .map((l) => ({
            product: l.product_slug,
            name: l.product_name,
            options: l.options,
            quantity: l.quantity,
            unitPence: l.unit_pence,
            totalPence: l.total_pence,
          })),
        payment: {
          brand: o.card_brand,
          last4: o.card_last4,
          capturedPence: o.captured_pence,
          refundedPence: o.refunded_pence,
          paidWith: o.paid_with,
          failure: o.payment_failure,
        },
        refunds: refunds
          .filter((r) => r.order_id === o.id)
          .map((r) => ({
            amountPence: r.amount_pence,
            reason: r.reason,
            method: r.method,
            status: r.status,
            createdAt: r.created_at,
            settledAt: r.settled_at,
          })),
        events: events.filter((e) => e.order_id === o.id).map((e) => ({ from: e.from_state, to: e.to_state, at: e.at, actor: e.actor, detail: e.detail })),
      };
      yield `${first ? '' : ','}${JSON.stringify(json)}`;
      first = false;
    }
    const last = orders.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
    if (orders.length < PAGE) break;
  }

  yield '],"audit":[';
  const audit = await db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'entity_id', 'before', 'after', 'at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'user'), eb('entity_id', '=', String(userId))]),
        eb.and([eb('entity', '=', 'order'), eb('entity_id', 'in', eb.selectFrom('orders').select(sqlText('orders.id')).where('orders.user_id', '=', userId))]),
      ]),
    )
    .orderBy('id')
    .execute();
  yield audit.map((a) => JSON.stringify({ action: a.action, entity: a.entity, entityId: a.entity_id, before: a.before, after: a.after, at: a.at })).join(',');
  yield ']}\n';
}

function sqlText(column: string) {
  return sql<string>`${sql.ref(column)}::text`.as('id_text');
}

/** The export as a stream of JSON text; the caller checks the account exists first (a 404 before any byte). */
export function streamAccountExport(db: Kysely<DB>, userId: number, now: Date): Readable {
  return Readable.from(exportChunks(db, userId, now), { objectMode: false });
}

export function exportFileName(now: Date): string {
  return `alpaca-cafe-my-data-${now.toISOString().slice(0, 10)}.json`;
}
