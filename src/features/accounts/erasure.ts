// "Delete my account" (and an admin's erasure of someone who can't sign in): the personal data is
// erased everywhere it lives, in one transaction; what the cafe's books need stays (decision 901).
//
// Erased: name, email (and a pending one), password, sessions (their streams end: decision 501),
// baskets, password resets, account links, rate-limit entries keyed by the email or the account,
// email outbox rows (undelivered: deleted; delivered: payload emptied), the mail files and dev
// mailbox copies, the printer tickets' customer name, Stripe webhook payloads' customer fields,
// personal fields of audit rows (the one controlled exception to their immutability, itself audited),
// favourites, saved cards and the gateway Customer (rows here; at the gateway through forgetCustomer).
// Kept: the users row as an empty tombstone (orders reference it), orders with amounts, lines,
// store and times, the customer shown as "Deleted customer"; order events and refunds.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { write } from '../../db/unit-of-work.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { CLOSED_STATES } from '../../domain/order-lifecycle.js';
import { deleteUserSessions } from '../../web/session-store.js';
import { recordAudit } from '../audit/index.js';
import { scrubPersonal } from './scrub.js';

export const DELETED_CUSTOMER = 'Deleted customer';

export interface ErasureSummary {
  userId: number;
  ordersKept: number;
  outboxDeleted: number;
  outboxEmptied: number;
  auditScrubbed: number;
  ticketsScrubbed: number;
  webhooksScrubbed: number;
  mailFilesDeleted: number;
}

/** Who asked: the customer themselves, or an admin for someone who can't sign in. */
export type ErasedBy = { kind: 'self' } | { kind: 'admin'; adminId: number };

function hashPrefix(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** A string as it appears inside JSON text (quotes and backslashes escaped), for matching payload text. */
function asJsonText(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export async function eraseAccount(deps: AppDeps, userId: number, by: ErasedBy): Promise<ErasureSummary> {
  const erased = await write(deps.db.writer, (trx) => eraseInDatabase(trx, deps.clock(), userId, by));
  const mailFilesDeleted = await deleteMailFiles(deps.config.dataDir, erased.addresses);
  // After commit, never under a lock: the gateway forgets the saved cards and the Customer whose
  // rows were deleted above (decision 323). A failure here is logged by the caller's error handler;
  // the database no longer holds anything to use them with.
  await deps.payments.forgetCustomer({ userId, reference: erased.gatewayCustomer, cardReferences: erased.cardReferences });
  return { ...erased.summary, mailFilesDeleted };
}

async function eraseInDatabase(trx: Kysely<DB>, now: Date, userId: number, by: ErasedBy) {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).where('erased_at', 'is', null).forUpdate().executeTakeFirst();
  if (!user) throw new NotFoundError('Account');
  const roles = await trx.selectFrom('user_roles').select('id').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    throw new ConflictError(
      by.kind === 'self'
        ? 'Staff and admin accounts cannot be deleted while they hold a role. Ask an admin to remove your roles first.'
        : 'This account holds staff roles: revoke them first.',
      'has_roles',
    );
  }
  const inFlight = await trx
    .selectFrom('orders')
    .select(['number', 'state'])
    .where('user_id', '=', userId)
    .where('state', 'not in', [...CLOSED_STATES])
    .orderBy('created_at')
    .execute();
  if (inFlight.length > 0) {
    const numbers = inFlight.map((o) => `#${o.number} (${o.state.replace('_', ' ')})`).join(', ');
    throw new ConflictError(
      `An order is still under way: ${numbers}. The account can be deleted once it is collected, cancelled or expired.`,
      'order_in_flight',
    );
  }

  const addresses = [user.email, ...(user.pending_email ? [user.pending_email] : [])];
  const names = [user.first_name, user.last_name];
  const orders = await trx
    .selectFrom('orders')
    .select(['id', 'customer_first_name', 'customer_last_initial', 'payment_reference'])
    .where('user_id', '=', userId)
    .execute();
  const orderIds = orders.map((o) => o.id);

  // 1. The account itself: an empty tombstone its orders still point at; the address is free again.
  await trx
    .updateTable('users')
    .set({
      email: `erased-${userId}@erased.invalid`,
      first_name: 'Deleted',
      last_name: 'customer',
      password_hash: 'erased',
      pending_email: null,
      email_verified_at: null,
      notify_receipt: false,
      notify_ready: false,
      disabled_at: now,
      erased_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await deleteUserSessions(trx, userId); // announces it: open streams end on every instance
  await trx.deleteFrom('baskets').where('user_id', '=', userId).execute(); // lines cascade
  await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
  await trx.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
  // Favourites, saved cards and the gateway Customer (decisions 322, 323): their gateway references
  // are handed to the gateway after commit.
  await trx.deleteFrom('favourites').where('user_id', '=', userId).execute();
  const cardReferences = (await trx.deleteFrom('saved_cards').where('user_id', '=', userId).returning('reference').execute()).map((c) => c.reference);
  const gatewayCustomer =
    (await trx.deleteFrom('payment_customers').where('user_id', '=', userId).returning('reference').executeTakeFirst())?.reference ?? null;

  // 2. Throttle entries keyed by the address (hashed or plain) or by the account.
  for (const address of addresses) {
    await trx
      .deleteFrom('rate_limit_hits')
      .where((eb) => eb.or([eb('bucket', 'like', `%${hashPrefix(address)}%`), eb(sql`strpos(bucket, ${address})`, '>', 0)]))
      .execute();
  }
  await trx.deleteFrom('rate_limit_hits').where('bucket', 'like', `%:user:${userId}`).execute();

  // 3. Emails to them in the outbox: not sent yet ⇒ never sent; sent ⇒ only the row's facts stay.
  const mentions = (eb: ExpressionBuilder<DB, 'outbox'>) =>
    eb.or([
      ...addresses.map((a) => eb(sql`strpos(lower(payload::text), ${asJsonText(a)})`, '>', 0)),
      ...(orderIds.length > 0 ? [eb(sql`payload->'data'->>'orderId'`, 'in', orderIds)] : []),
    ]);
  const outboxDeleted = (
    await trx
      .deleteFrom('outbox')
      .where('kind', '=', 'email')
      .where('delivered_at', 'is', null)
      .where((eb) => mentions(eb))
      .returning('id')
      .execute()
  ).length;
  const outboxEmptied = (
    await trx
      .updateTable('outbox')
      .set({ payload: JSON.stringify({ erased: true }) })
      .where('kind', '=', 'email')
      .where((eb) => mentions(eb))
      .returning('id')
      .execute()
  ).length;

  // 4. Orders keep the books; the customer becomes "Deleted customer", on the order and its tickets.
  let ticketsScrubbed = 0;
  for (const order of orders) {
    const initial = [...order.customer_last_initial.trim()][0];
    const shortName = initial ? `${order.customer_first_name.trim()} ${initial.toUpperCase()}.` : order.customer_first_name.trim();
    const result = await trx
      .updateTable('store_tickets')
      .set({
        payload: sql`replace(payload::text, ${asJsonText(shortName)}, ${DELETED_CUSTOMER})::jsonb`,
        text: sql`replace(text, ${shortName}, ${DELETED_CUSTOMER})`,
      } as never)
      .where('order_id', '=', order.id)
      .executeTakeFirst();
    ticketsScrubbed += Number(result.numUpdatedRows);
  }
  const ordersKept = orders.length;
  if (ordersKept > 0) {
    await trx.updateTable('orders').set({ customer_first_name: DELETED_CUSTOMER, customer_last_initial: '' }).where('user_id', '=', userId).execute();
  }

  // 5. Stripe's copies of them in stored webhook payloads: the customer fields go, the payment facts stay.
  const references = orders.map((o) => o.payment_reference).filter((r): r is string => r !== null);
  let webhooksScrubbed = 0;
  const needles = [...addresses.map(asJsonText), ...references];
  if (needles.length > 0) {
    const events = await trx
      .selectFrom('stripe_webhook_events')
      .select(['event_id', 'payload'])
      .where((eb) => eb.or(needles.map((n) => eb(sql`strpos(lower(payload::text), ${n.toLowerCase()})`, '>', 0))))
      .execute();
    for (const event of events) {
      const scrubbed = scrubPersonal(event.payload, { addresses, names, stripeCustomerFields: true });
      await trx
        .updateTable('stripe_webhook_events')
        .set({ payload: sql`cast(${JSON.stringify(scrubbed)} as text)::jsonb` } as never)
        .where('event_id', '=', event.event_id)
        .execute();
      webhooksScrubbed++;
    }
  }

  // 6. Audit rows about them keep their facts (who did what, when) and lose the personal fields.
  const auditRows = await trx
    .selectFrom('audit_log')
    .select(['id', 'before', 'after'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'user'), eb('entity_id', '=', String(userId))]),
        ...addresses.map((a) => eb(sql`strpos(lower(coalesce(before::text, '') || coalesce(after::text, '')), ${asJsonText(a)})`, '>', 0)),
      ]),
    )
    .execute();
  for (const row of auditRows) {
    await trx
      .updateTable('audit_log')
      .set({
        before: sql`cast(${JSON.stringify(scrubPersonal(row.before, { addresses, names }))} as text)::jsonb`,
        after: sql`cast(${JSON.stringify(scrubPersonal(row.after, { addresses, names }))} as text)::jsonb`,
      } as never)
      .where('id', '=', row.id)
      .execute();
  }

  const summary = {
    userId,
    ordersKept,
    outboxDeleted,
    outboxEmptied,
    auditScrubbed: auditRows.length,
    ticketsScrubbed,
    webhooksScrubbed,
  };
  // The exception to audit immutability, audited itself, with counts and never the erased data.
  await recordAudit(trx, {
    actorId: by.kind === 'admin' ? by.adminId : null,
    action: 'account.erase',
    entity: 'user',
    entityId: userId,
    after: { by: by.kind, ...summary },
  });
  return { summary, addresses, cardReferences, gatewayCustomer };
}

/** The dev mailbox's files (DATA_DIR/mail) addressed to or mentioning the addresses. */
async function deleteMailFiles(dataDir: string, addresses: string[]): Promise<number> {
  const dir = path.join(dataDir, 'mail');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let deleted = 0;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const base = name.slice(0, -'.json'.length);
    const text = (await fs.readFile(path.join(dir, name), 'utf8').catch(() => '')).toLowerCase();
    if (!addresses.some((a) => text.includes(a))) continue;
    for (const file of [`${base}.json`, `${base}.eml`]) await fs.rm(path.join(dir, file), { force: true });
    deleted++;
  }
  return deleted;
}
