// Placing an order: basket → immutable order snapshot → card hold → `authorised`.
// The order row is written first, `authorising`, under the customer's
// idempotency key, so a double click, a retried request or a concurrent one all
// land on the same row; the authorisation then runs claim → call → settle
// (authorise-order.ts) with an idempotency key derived from the order id, so
// there is one hold, ever, and no row lock during the gateway call.
import { STANDARD_RATE_PERCENT } from '../../domain/vat.js';
import { sql, type Kysely } from 'kysely';
import { jsonb } from '../../db/jsonb.js';
import type { AppDeps } from '../../deps.js';
import type { DB, OrderLineOption, OrderRow } from '../../db/schema.js';
import { AppError, ConflictError, PaymentDeclinedError } from '../../domain/errors.js';
import { GatewayConfigurationError, type PaymentInput } from '../../payments/gateway.js';
import type { CurrentUser } from '../../web/current-user.js';
import { viewBasket } from '../basket/index.js';
import { isOpen, isPaused } from '../../domain/store.js';
import { loadMenuProducts } from '../menu/index.js';
import type { MenuProduct } from '../../domain/customisation.js';
import { recordOrderEvent } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';
import { basketSizeProblem } from '../../domain/limits.js';
import { takeOrRefuse } from '../../web/throttle.js';
import { checkIdempotencyKey } from '../../domain/idempotency-key.js';
import { gatewayCustomer } from '../saved-cards/index.js';
import { authoriseOrder, closeRefused, newClaimToken } from './authorise-order.js';
import type { TriggerChoice } from '../../domain/order-triggers.js';
import { loadStoreQueue, orderLoad } from '../../db/store-eta.js';
import { triggerColumns } from './triggers.js';

/** The longest note to the barista (the column's CHECK says the same). */
export const NOTE_MAX_LENGTH = 140;

/** A blank note is no note; spaces around it are dropped. */
export function noteOf(note: string | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export type PlaceOutcome =
  | { status: 'authorised'; order: OrderRow; replayed: boolean }
  /** 3-D Secure: the browser must finish with Stripe.js; a webhook completes the order. */
  | { status: 'requires_action'; order: OrderRow; replayed: boolean };

/** The chosen options with the names and prices the customer saw, in menu order. */
function snapshotOptions(product: MenuProduct | undefined, optionIds: number[]): OrderLineOption[] {
  if (!product) return [];
  return product.groups.flatMap((group) =>
    group.options
      .filter((option) => optionIds.includes(option.id))
      .map((option) => ({
        group: group.slug,
        groupName: group.name,
        selection: group.selection,
        slug: option.slug,
        name: option.name,
        priceDeltaPence: option.priceDeltaPence,
      })),
  );
}

async function findByKey(db: Kysely<DB>, userId: number, key: string) {
  return db.selectFrom('orders').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * Checks the basket at its store now and writes the snapshot, `authorising`, claimed for this
 * request. Guarded by the key: a re-run after a lost COMMIT answer finds the order it wrote.
 */
async function createOrder(deps: AppDeps, user: CurrentUser, key: string, claim: string, note: string | null, choice: TriggerChoice): Promise<OrderRow> {
  const now = deps.clock();
  return write(
    deps.db.writer,
    async (trx) => {
      // One basket, one order: placements on this basket queue here, one at a time, on every
      // instance, until the first's order row is committed; they then find it below.
      await trx.selectFrom('baskets').select('id').where('user_id', '=', user.id).forUpdate().execute();
      const twin = await findByKey(trx, user.id, key);
      if (twin) return twin;
      const inFlight = await trx
        .selectFrom('orders')
        .select('number')
        .where('user_id', '=', user.id)
        .where('state', '=', 'authorising')
        .where('idempotency_key', '<>', key)
        .executeTakeFirst();
      if (inFlight) {
        throw new ConflictError(
          `Your order #${inFlight.number} from this basket is still being placed. Wait for its answer before placing the basket again.`,
          'order_in_progress',
        );
      }
      const basket = await viewBasket(trx, { userId: user.id });
      const store = basket.store;
      if (basket.lines.length === 0) throw new ConflictError('Your basket is empty.', 'basket_empty');
      if (!store) throw new ConflictError('Choose a store for your order.', 'basket_problems');
      // A basket merged at login (or filled before the caps) may be past them: never an order that size.
      const tooLarge = basketSizeProblem(
        basket.lines.length,
        basket.lines.reduce((sum, l) => sum + l.quantity, 0),
      );
      if (tooLarge) throw new ConflictError(tooLarge, 'basket_too_large');
      if (basket.hasProblems) {
        const fields = Object.fromEntries(basket.lines.filter((l) => l.problems.length > 0).map((l) => [`lines.${l.id}`, l.problems.join(' ')]));
        throw new AppError(409, 'basket_problems', 'Some items in your basket cannot be made right now. Please check your basket.', fields);
      }
      if (isPaused(store, now)) {
        throw new ConflictError(`${store.name} is very busy and has paused new orders. Please try again shortly or choose another store.`, 'store_paused');
      }
      // A closed store still takes an order for a pickup time after it opens.
      if (!isOpen(store, now) && choice.kind !== 'pickup') {
        throw new ConflictError(`${store.name} is closed right now, so it cannot take your order.`, 'store_closed');
      }
      const load = await orderLoad(trx, store.id, basket.lines);
      const trigger = triggerColumns(store, await loadStoreQueue(trx, store.id, now), load, choice, now);

      const inserted = await trx
        .insertInto('orders')
        .values({
          store_id: store.id,
          user_id: user.id,
          state: 'authorising',
          total_pence: basket.totalPence,
          customer_first_name: user.firstName.slice(0, 60),
          customer_last_initial: user.lastName.slice(0, 1).toUpperCase(),
          payment_gateway: deps.payments.name,
          idempotency_key: key,
          updated_at: now,
          authorise_claim: claim,
          authorise_claimed_at: sql<Date>`now()`,
          customer_note: note,
          ...trigger,
          drinks: load.drinks,
          prep_seconds: load.prepSeconds,
        })
        .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      // A concurrent request with the same key got there first (we waited for it to commit).
      if (!inserted) return (await findByKey(trx, user.id, key))!;

      const products = await loadMenuProducts(trx, store.id, { productIds: basket.lines.map((l) => l.productId) });
      await trx
        .insertInto('order_lines')
        .values(
          basket.lines.map((line, index) => ({
            order_id: inserted.id,
            position: index + 1,
            product_id: line.productId,
            product_slug: line.product,
            product_name: line.name,
            options: jsonb(
              snapshotOptions(
                products.find((p) => p.id === line.productId),
                line.optionIds,
              ),
            ),
            quantity: line.quantity,
            unit_pence: line.unitPence,
            total_pence: line.totalPence,
            // Everything on this menu is standard-rated (hot drinks, takeaway food): decision 332.
            vat_rate_percent: STANDARD_RATE_PERCENT,
          })),
        )
        .execute();
      await recordOrderEvent(trx, inserted, null, { now, actor: `customer:${user.id}`, detail: null });
      return inserted;
    },
    { guardedBy: 'idempotency key' },
  );
}

function outcome(order: OrderRow, replayed: boolean): PlaceOutcome {
  if (order.state === 'declined') {
    throw new PaymentDeclinedError(order.payment_failure ?? 'Your card was declined.', 'authorisation_declined');
  }
  if (order.state === 'authorising') return { status: 'requires_action', order, replayed };
  return { status: 'authorised', order, replayed };
}

/** A configuration fault before the card is even tried (making the Customer) closes the order too (decision 710). */
function closeOnFault(deps: AppDeps, orderId: string, claim: string) {
  return async (error: unknown): Promise<never> => {
    if (error instanceof GatewayConfigurationError && !error.mayHaveActed) await closeRefused(deps, orderId, claim, error).catch(() => undefined);
    throw error;
  };
}

export async function placeOrder(
  deps: AppDeps,
  user: CurrentUser,
  input: { idempotencyKey: string; payment: PaymentInput; note?: string | undefined; trigger?: TriggerChoice; saveCard?: boolean | undefined },
): Promise<PlaceOutcome> {
  const key = checkIdempotencyKey(input.idempotencyKey);
  deps.payments.validate(input.payment, deps.clock());
  // Every step is keyed by the customer's idempotency key (and the order's claim token), so each
  // is run again by the unit of work after a database failover, even after a lost COMMIT answer,
  // and finds what its cut-short run committed. Only a first look that finds the order is a replay.
  const db = deps.db.writer;
  const claim = newClaimToken();
  let order = await read(db, (r) => findByKey(r, user.id, key));
  const replayed = order !== undefined;
  if (!order) {
    // Only new placements count (a replay of a key is free): 10 a minute per account by default.
    const limit = { bucket: `order-placements:user:${user.id}`, ...deps.config.rateLimits.orderPlacementsPerAccount };
    await takeOrRefuse(db, limit, 'You are placing orders very quickly. Please wait a moment and try again.');
    try {
      order = await createOrder(deps, user, key, claim, noteOf(input.note), input.trigger ?? { kind: 'here' });
    } catch (error) {
      // The basket may be empty because a concurrent twin already placed this very order.
      const twin = error instanceof AppError ? await read(db, (r) => findByKey(r, user.id, key)) : undefined;
      if (!twin) throw error;
      order = twin;
    }
  }
  if (order.state === 'authorising') {
    // "Save this card" (a new card only): held with the account's gateway Customer, kept if the hold succeeds.
    const save =
      input.saveCard && input.payment.kind !== 'saved-card'
        ? { userId: user.id, customer: await gatewayCustomer(deps, user.id).catch(closeOnFault(deps, order.id, claim)) }
        : undefined;
    order = await authoriseOrder(deps, order, input.payment, `customer:${user.id}`, claim, save);
  }
  return outcome(order, replayed);
}
