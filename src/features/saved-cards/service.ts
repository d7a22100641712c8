// Saved cards (decision 323): what is kept of a card a customer chose to save at checkout — brand,
// last 4, expiry and the gateway's reference, never a number — per gateway, with the gateway's
// Customer it belongs to. Removing one lets the gateway release it too.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { DB } from '../../db/schema.js';
import { read, write } from '../../db/unit-of-work.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { PaymentInput, SavedCardDetails } from '../../payments/gateway.js';

/** A customer keeps at most this many cards. */
export const MAX_SAVED_CARDS = 10;

export interface SavedCard {
  id: number;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export function listSavedCards(deps: AppDeps, userId: number, db: Kysely<DB> = deps.db.writer): Promise<SavedCard[]> {
  return read(db, async (r) =>
    (
      await r
        .selectFrom('saved_cards')
        .select(['id', 'brand', 'last4', 'exp_month', 'exp_year'])
        .where('user_id', '=', userId)
        .where('gateway', '=', deps.payments.name)
        .orderBy('id', 'desc')
        .execute()
    ).map((c) => ({ id: c.id, brand: c.brand, last4: c.last4, expMonth: c.exp_month, expYear: c.exp_year })),
  );
}

/** The account's Customer at the gateway, made (and kept) on first use. */
export async function gatewayCustomer(deps: AppDeps, userId: number): Promise<string> {
  const db = deps.db.writer;
  const gateway = deps.payments.name;
  const known = await read(db, (r) =>
    r.selectFrom('payment_customers').select('reference').where('user_id', '=', userId).where('gateway', '=', gateway).executeTakeFirst(),
  );
  if (known) return known.reference;
  // The gateway call is keyed by the account, so two requests racing get the same Customer.
  const reference = await deps.payments.ensureCustomer(userId);
  await write(
    db,
    (trx) =>
      trx
        .insertInto('payment_customers')
        .values({ user_id: userId, gateway, reference })
        .onConflict((oc) => oc.columns(['user_id', 'gateway']).doNothing())
        .execute(),
    { guardedBy: 'idempotent by nature' },
  );
  return reference;
}

/** Records a card the gateway saved with a successful hold; the same card twice is one row. */
export async function recordSavedCard(deps: AppDeps, userId: number, card: SavedCardDetails): Promise<void> {
  await write(
    deps.db.writer,
    async (trx) => {
      const { n } = await trx
        .selectFrom('saved_cards')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      // Past the limit the order still goes through; the card is simply not kept.
      if (Number(n) >= MAX_SAVED_CARDS) return;
      await trx
        .insertInto('saved_cards')
        .values({
          user_id: userId,
          gateway: deps.payments.name,
          reference: card.reference,
          brand: card.brand.slice(0, 40),
          last4: card.last4,
          exp_month: card.expMonth,
          exp_year: card.expYear,
        })
        .onConflict((oc) => oc.columns(['user_id', 'gateway', 'reference']).doNothing())
        .execute();
    },
    { guardedBy: 'idempotent by nature' },
  );
}

/** A saved card of the customer's as the payment to authorise with; someone else's is "not known". */
export async function savedCardPayment(deps: AppDeps, userId: number, cardId: number): Promise<PaymentInput> {
  const card = await read(deps.db.writer, (r) =>
    r
      .selectFrom('saved_cards')
      .select('reference')
      .where('id', '=', cardId)
      .where('user_id', '=', userId)
      .where('gateway', '=', deps.payments.name)
      .executeTakeFirst(),
  );
  if (!card) throw new ValidationError({ savedCard: 'Choose one of your saved cards, or enter a card.' });
  return { kind: 'saved-card', reference: card.reference, customer: await gatewayCustomer(deps, userId) };
}

/** Removes a saved card here, then at the gateway (after commit, never under a lock). */
export async function removeSavedCard(deps: AppDeps, userId: number, cardId: number): Promise<void> {
  const removed = await write(
    deps.db.writer,
    (trx) => trx.deleteFrom('saved_cards').where('id', '=', cardId).where('user_id', '=', userId).returning('reference').executeTakeFirst(),
    { guardedBy: 'idempotent by nature' },
  );
  if (!removed) throw new NotFoundError('Saved card');
  await deps.payments.removeCard(removed.reference);
}
