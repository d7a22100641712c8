// Holding the card for an `authorising` order: claim → call → settle (decision 216), so no row
// is locked and no pooled connection is held while the gateway answers.
// - claim: a guarded write stamps our token on the order (only if nobody else holds a live claim);
// - call: the gateway, with the per-order idempotency key `order-<id>-authorise`;
// - settle: the `authorise` or `decline` transition (or the 3-D Secure reference).
// A concurrent twin (the same Idempotency-Key) finds the claim taken and waits for the answer,
// so there is one gateway call and one hold. A gateway outage releases the claim: sending the
// same request again resumes, and the gateway's idempotency makes it the same hold. A configuration
// fault (the provider refused the call itself) closes the order instead (closeRefused).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';
import { GatewayConfigurationError, idempotencyKeyFor, type PaymentInput } from '../../payments/gateway.js';
import { findOrder } from './queries.js';
import { transition } from '../../db/order-transition.js';
import { holdExpiresAt } from '../../domain/order-triggers.js';
import { read, write } from '../../db/unit-of-work.js';
import { recordSavedCard } from '../saved-cards/index.js';

/**
 * A claim older than the gateway's longest call (database time) was abandoned by a claimant that
 * died (a killed instance): a waiting twin then takes it over. Stripe: 20 s × 3 tries → 120 s default.
 */
const leaseMs = (deps: AppDeps) => deps.payments.maxCallMs ?? 120_000;
/** Past the lease (by our clock) plus a margin, a twin stops waiting and tells the customer to try
 * again — and always before HAProxy's 65 s `timeout server` would answer for us. */
const waitLimitMs = (deps: AppDeps) => Math.min(leaseMs(deps) + 5_000, 55_000);
const POLL_MS = 100;

/** A fresh claim token for one request (pass it to createOrder too, so the creator holds the claim from the start). */
export const newClaimToken = (): string => randomUUID();

const settled = (order: OrderRow) => order.state !== 'authorising' || order.payment_reference !== null;

/** Claims the order for this request; null when another request holds a live claim (or it is settled). */
function claim(deps: AppDeps, orderId: string, token: string): Promise<OrderRow | undefined> {
  const leaseSeconds = leaseMs(deps) / 1000;
  // Guarded by the token: a re-run after a lost COMMIT answer finds its own claim and takes it again.
  return write(
    deps.db.writer,
    (trx) =>
      trx
        .updateTable('orders')
        .set({ authorise_claim: token, authorise_claimed_at: sql<Date>`now()` })
        .where('id', '=', orderId)
        .where('state', '=', 'authorising')
        .where('payment_reference', 'is', null)
        .where((eb) =>
          eb.or([
            eb('authorise_claim', 'is', null),
            eb('authorise_claim', '=', token),
            eb('authorise_claimed_at', '<', sql<Date>`now() - make_interval(secs => ${leaseSeconds})`),
          ]),
        )
        .returningAll()
        .executeTakeFirst(),
    { guardedBy: 'idempotency key' },
  );
}

/** Gives the claim back after a failed gateway call, so the next attempt need not wait for the lease. */
function release(deps: AppDeps, orderId: string, token: string): Promise<unknown> {
  return write(
    deps.db.writer,
    (trx) =>
      trx
        .updateTable('orders')
        .set({ authorise_claim: null, authorise_claimed_at: null })
        .where('id', '=', orderId)
        .where('authorise_claim', '=', token)
        .execute(),
    { guardedBy: 'idempotent by nature' },
  );
}

/**
 * The provider refused the call itself (a wrong key, a missing permission: decision 710), so nothing
 * is held: the order is closed `declined` at once, saying so, instead of staying claimed as
 * `authorising` — which would answer 409 `order_in_progress` to every new checkout of the basket
 * until the claim ran out. Only an order this request claims (or nobody does) and with no payment
 * reference: a 3-D Secure hold in progress or a twin's live claim is never closed from here.
 */
export async function closeRefused(deps: AppDeps, orderId: string, token: string, error: GatewayConfigurationError): Promise<void> {
  await write(
    deps.db.writer,
    async (trx) => {
      const mine = await trx
        .selectFrom('orders')
        .select('id')
        .where('id', '=', orderId)
        .where('state', '=', 'authorising')
        .where('payment_reference', 'is', null)
        .where((eb) => eb.or([eb('authorise_claim', 'is', null), eb('authorise_claim', '=', token)]))
        .forUpdate()
        .executeTakeFirst();
      if (!mine) return null;
      return transition(trx, orderId, 'decline', {
        now: deps.clock(),
        actor: 'system',
        detail: 'the payment provider refused the request (configuration fault)',
        set: { payment_failure: error.message },
      });
    },
    { guardedBy: 'conditional transition' },
  );
}

/** "Save this card": the account and its gateway Customer (decision 323). */
export interface SaveCard {
  userId: number;
  customer: string;
}

async function callAndSettle(deps: AppDeps, order: OrderRow, payment: PaymentInput, actor: string, token: string, save?: SaveCard): Promise<OrderRow> {
  const now = deps.clock();
  let result;
  try {
    result = await deps.payments.authorise({
      orderId: order.id,
      amountPence: order.total_pence,
      description: `Alpaca Cafe order ${order.number}`,
      payment,
      idempotencyKey: idempotencyKeyFor(order.id, 'authorise'),
      now,
      saveFor: save ? { customer: save.customer } : undefined,
    });
  } catch (error) {
    // Not logged here: the gateway's error is the answer (logged by the error handler, and a
    // configuration fault on the payments log). If the release or the close fails too, the claim
    // simply runs out after its lease.
    if (error instanceof GatewayConfigurationError && !error.mayHaveActed) await closeRefused(deps, order.id, token, error).catch(() => undefined);
    else await release(deps, order.id, token).catch(() => undefined);
    throw error;
  }
  const card = { card_brand: result.brand, card_last4: result.last4 };
  if (result.status === 'requires_action') {
    return write(
      deps.db.writer,
      (trx) =>
        trx
          .updateTable('orders')
          .set({ ...card, payment_reference: result.reference, updated_at: now })
          .where('id', '=', order.id)
          .returningAll()
          .executeTakeFirstOrThrow(),
      { guardedBy: 'idempotent by nature' },
    );
  }
  const applied =
    result.status === 'authorised'
      ? await transition(deps.db.writer, order.id, 'authorise', {
          now,
          actor,
          set: { ...card, payment_reference: result.reference, expires_at: holdExpiresAt(order, now, deps.config.checkinWindowMs) },
        })
      : await transition(deps.db.writer, order.id, 'decline', {
          now,
          actor,
          detail: result.code,
          set: { ...card, payment_reference: result.reference, payment_failure: result.message },
        });
  // Kept only once the hold succeeded: a declined card is never saved.
  if (save && result.status === 'authorised' && result.saved) await recordSavedCard(deps, save.userId, result.saved);
  // Null: a webhook, the sweeper, or a re-run of this settle after a lost COMMIT answer got there first.
  return applied?.order ?? (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
}

/** Authorises the order unless it is settled; returns it as it then is. */
export async function authoriseOrder(deps: AppDeps, order: OrderRow, payment: PaymentInput, actor: string, token: string, save?: SaveCard): Promise<OrderRow> {
  const started = Date.now();
  let current = order;
  while (!settled(current)) {
    const mine = current.authorise_claim === token ? current : await claim(deps, current.id, token);
    if (mine) return callAndSettle(deps, mine, payment, actor, token, save);
    // Another request (a double submit, or a replay of one whose instance died) holds the claim:
    // wait for its answer, holding nothing, trying again to claim until its lease runs out.
    if (Date.now() - started > waitLimitMs(deps)) {
      throw new AppError(503, 'payment_in_progress', 'We are still confirming your payment. Please try again in a moment.');
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = (await read(deps.db.writer, (db) => findOrder(db, current.id)))!;
  }
  return current;
}
