// "Pay with another card" for a `needs_payment` order (issue 9 item 4, decision 317): a new hold on
// the new card, then its capture — claim → call → settle, like placing (decision 216):
// - claim: a guarded write stamps the request's Idempotency-Key on the order, only while it is
//   `needs_payment` and nobody else's pay-again is in flight;
// - call: the gateway holds the new card with keys numbered for this hold (payment_attempt + 1);
// - settle: the `pay_again` transition (needs_payment → capturing) puts the new hold on the order,
//   then the ordinary capture runs (paid, or needs_payment again).
// Nothing is locked during a gateway call. The till and a cancel may win meanwhile: the transition
// is conditional, so then the new hold is released (a void naming it) and the customer is told.
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { enqueueVoid } from '../../db/order-effects.js';
import { transition } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';
import { AppError, ConflictError, PaymentDeclinedError } from '../../domain/errors.js';
import { checkIdempotencyKey } from '../../domain/idempotency-key.js';
import { STATE_PHRASES } from '../../domain/order-state-words.js';
import { sentences } from '../../domain/words.js';
import { idempotencyKeyFor, type PaymentInput } from '../../payments/gateway.js';
import type { CurrentUser } from '../../web/current-user.js';
import { finishCapture, ownOrder } from './customer-actions.js';
import { findOrder } from './queries.js';
import { gatewayCustomer, recordSavedCard } from '../saved-cards/index.js';

/** A claim older than the gateway's longest call was abandoned (a killed instance): another request may take it. */
const leaseSeconds = (deps: AppDeps) => (deps.payments.maxCallMs ?? 120_000) / 1000;

function claim(deps: AppDeps, orderId: string, key: string): Promise<OrderRow | undefined> {
  const lease = leaseSeconds(deps);
  // Guarded by the key: a re-run after a lost COMMIT answer finds its own claim and takes it again.
  return write(
    deps.db.writer,
    (trx) =>
      trx
        .updateTable('orders')
        .set({ pay_again_claim: key, pay_again_claimed_at: sql<Date>`now()` })
        .where('id', '=', orderId)
        .where('state', '=', 'needs_payment')
        .where((eb) =>
          // No claim in flight (a settled one keeps the key that paid, with no time), or our own.
          eb.or([
            eb('pay_again_claimed_at', 'is', null),
            eb('pay_again_claim', '=', key),
            eb('pay_again_claimed_at', '<', sql<Date>`now() - make_interval(secs => ${lease})`),
          ]),
        )
        .returningAll()
        .executeTakeFirst(),
    { guardedBy: 'idempotency key' },
  );
}

/** Gives the claim back (after a refusal or an outage), counting a hold the gateway answered for. */
function release(deps: AppDeps, orderId: string, key: string, settled?: { attempt: number; failure: string }): Promise<unknown> {
  return write(
    deps.db.writer,
    (trx) =>
      trx
        .updateTable('orders')
        .set({
          pay_again_claim: null,
          pay_again_claimed_at: null,
          ...(settled ? { payment_attempt: settled.attempt, payment_failure: settled.failure } : {}),
        })
        .where('id', '=', orderId)
        .where('pay_again_claim', '=', key)
        .execute(),
    { guardedBy: 'idempotent by nature' },
  );
}

/** Why the order can't be paid again now (it is not waiting for payment, or another request is paying it). */
function refusal(current: OrderRow): never {
  if (current.state === 'needs_payment') {
    throw new AppError(409, 'payment_in_progress', 'Another payment for this order is in progress. Please wait a moment and look at the order again.');
  }
  throw new ConflictError(`This order can't be paid again: it is ${STATE_PHRASES[current.state]}.`, 'order_not_payable');
}

export async function payAgain(
  deps: AppDeps,
  user: CurrentUser | null,
  orderId: string,
  input: { idempotencyKey: string; payment: PaymentInput; saveCard?: boolean | undefined },
): Promise<OrderRow> {
  const key = checkIdempotencyKey(input.idempotencyKey);
  const order = await ownOrder(deps, user, orderId);
  const actor = `customer:${order.user_id}`;
  deps.payments.validate(input.payment, deps.clock());
  // "Save this card" (a new card only), as at checkout: held with the account's gateway Customer,
  // kept once the new hold succeeds (decision 323). Asked before the claim, so a fault here holds nothing.
  const saveFor = input.saveCard && input.payment.kind !== 'saved-card' ? { customer: await gatewayCustomer(deps, order.user_id) } : undefined;
  const mine = order.state === 'needs_payment' ? await claim(deps, order.id, key) : undefined;
  if (!mine) {
    const current = (await read(deps.db.writer, (db) => findOrder(db, order.id)))!;
    // A repeat of the request that paid it (the key stays on the order): the same answer.
    if (current.state !== 'needs_payment' && current.pay_again_claim === key) return current;
    return refusal(current);
  }

  const attempt = mine.payment_attempt + 1;
  const now = deps.clock();
  let result;
  try {
    result = await deps.payments.authorise({
      orderId: mine.id,
      amountPence: mine.total_pence,
      description: `Alpaca Cafe order ${mine.number}`,
      payment: input.payment,
      idempotencyKey: idempotencyKeyFor(mine.id, 'authorise', attempt),
      now,
      saveFor,
    });
  } catch (error) {
    await release(deps, mine.id, key).catch(() => undefined);
    throw error;
  }

  if (result.status !== 'authorised') {
    // Refused, or the bank wants a 3-D Secure step that paying again can't offer yet: the order
    // stays waiting for payment; a half-made hold is released.
    const failure =
      result.status === 'declined' ? result.message : 'This card needs your bank to confirm the payment, which we cannot do here yet. Please try another card.';
    await write(
      deps.db.writer,
      async (trx) => {
        if (result.reference) await enqueueVoid(trx, mine.id, result.reference, attempt);
      },
      { guardedBy: 'idempotent by nature' },
    );
    await release(deps, mine.id, key, { attempt, failure });
    throw new PaymentDeclinedError(sentences(failure, 'You have not been charged. Try another card, or pay at the till'), 'authorisation_declined');
  }

  const applied = await transition(deps.db.writer, mine.id, 'pay_again', {
    now,
    actor,
    detail: `hold ${attempt}`,
    set: {
      payment_reference: result.reference,
      card_brand: result.brand,
      card_last4: result.last4,
      payment_failure: null,
      payment_attempt: attempt,
      // Kept: a repeat of this request (same key) is answered with the order, not refused.
      pay_again_claim: key,
      pay_again_claimed_at: null,
    },
  });
  if (!applied) {
    // The till or a cancel got there first: this new hold is not needed. Release it (named, so the
    // void can't touch the order's own) and tell the customer.
    await write(deps.db.writer, (trx) => enqueueVoid(trx, mine.id, result.reference, attempt), { guardedBy: 'idempotent by nature' });
    await release(deps, mine.id, key);
    const current = (await read(deps.db.writer, (db) => findOrder(db, mine.id)))!;
    throw new ConflictError(`This order is ${STATE_PHRASES[current.state]} now, so your card was not charged and its hold is released.`, 'order_not_payable');
  }
  if (saveFor && result.saved) await recordSavedCard(deps, order.user_id, result.saved);
  return finishCapture(deps, applied.order, actor);
}
