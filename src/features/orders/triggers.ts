// When making starts, as the customer chooses it at checkout or later (DESIGN.md §2, decision 305):
// "when I'm here", "I'm on my way" (their arrival estimate), or a pickup slot. The choice is fixed
// into the order's trigger columns with the moment making starts (`making_starts_at`), which the
// start scheduler (start-scheduler.ts) watches; it can be changed until the card is charged.
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import type { DB, OrderRow } from '../../db/schema.js';
import { etaAt, loadStoreQueue, type OrderLoad, type StoreQueue } from '../../db/store-eta.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { offeredSlots, isOffered, type SlotOffer } from '../../domain/pickup-slots.js';
import { canChangeTrigger, chooseTrigger, makingStartsAt, type TriggerChoice } from '../../domain/order-triggers.js';
import { isOpen, type Store } from '../../domain/store.js';
import { localMoment } from '../../domain/order-state-words.js';
import { recordOrderEvent } from '../../db/order-transition.js';
import { write } from '../../db/unit-of-work.js';
import { ownOrder } from './customer-actions.js';
import type { CurrentUser } from '../../web/current-user.js';
import { getStoreById } from '../../db/stores.js';

/** The choice as the API takes it (`trigger` on `POST /api/v1/orders`, and `POST …/trigger`). */
export const TriggerBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('here'), Type.Literal('on_my_way'), Type.Literal('pickup')], {
      description: "here: making starts when you tap I'm here; on_my_way: give arrivalMinutes; pickup: give slot",
    }),
    arrivalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 180, description: 'on_my_way: minutes until you arrive' })),
    slot: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'pickup: a slot start from GET /api/v1/stores/{slug}/pickup-times' })),
  },
  { additionalProperties: false },
);

/** The choice from the API's or the page's fields; a missing part is a field error. */
export function triggerChoice(input: { kind?: string | undefined; arrivalMinutes?: number | undefined; slot?: string | undefined }): TriggerChoice {
  switch (input.kind ?? 'here') {
    case 'here':
      return { kind: 'here' };
    case 'on_my_way':
      if (input.arrivalMinutes === undefined) throw new ValidationError({ arrivalMinutes: 'Enter how many minutes until you arrive.' });
      return { kind: 'on_my_way', arrivalMinutes: input.arrivalMinutes };
    case 'pickup': {
      const slot = input.slot ? new Date(input.slot) : null;
      if (!slot || Number.isNaN(slot.getTime())) throw new ValidationError({ pickupSlot: 'Choose a pickup time from the list.' });
      return { kind: 'pickup', slot };
    }
    default:
      throw new ValidationError({ when: 'Choose when we should start making your order.' });
  }
}

/** The pickup times to offer for an order of this load at the store now. */
export function pickupOffer(store: Store, queue: StoreQueue, load: OrderLoad, now: Date): SlotOffer {
  return offeredSlots({
    now,
    hours: store.hours,
    specialDays: store.specialDays,
    timeZone: store.timezone,
    earliestReady: new Date(now.getTime() + etaAt(store, queue, now, load)),
    bookings: queue.bookings,
    drinks: load.drinks,
    drinksPerSlot: store.drinksPerSlot,
  });
}

/** The trigger columns of an order for a choice, checked against the store as it is now. */
export type TriggerColumns = Pick<OrderRow, 'trigger_kind' | 'arrival_minutes' | 'due_at' | 'pickup_slot' | 'making_starts_at' | 'ready_estimate_at'>;

export function triggerColumns(store: Store, queue: StoreQueue, load: OrderLoad, choice: TriggerChoice, now: Date): TriggerColumns {
  const trigger = chooseTrigger(choice, now);
  if (trigger.kind === 'here') {
    return { trigger_kind: 'here', arrival_minutes: null, due_at: null, pickup_slot: null, making_starts_at: null, ready_estimate_at: null };
  }
  if (trigger.kind === 'on_my_way') {
    if (!isOpen(store, trigger.dueAt) && !isOpen(store, now)) {
      throw new ValidationError({ arrivalMinutes: `${store.name} is closed then. Choose a pickup time after it opens instead.` });
    }
    const starts = makingStartsAt(trigger, etaAt(store, queue, now, load), now)!;
    const ready = new Date(starts.getTime() + etaAt(store, queue, starts, load));
    return {
      trigger_kind: 'on_my_way',
      arrival_minutes: trigger.arrivalMinutes,
      due_at: trigger.dueAt,
      pickup_slot: null,
      making_starts_at: starts,
      ready_estimate_at: ready,
    };
  }
  if (!isOffered(pickupOffer(store, queue, load, now), trigger.slot)) {
    throw new ValidationError({ pickupSlot: 'That pickup time is no longer available (it is full, passed or outside opening hours). Choose another.' });
  }
  // The queue at the slot is not known yet: the ETA at the moment it would start from the lead alone.
  const lead = new Date(trigger.slot.getTime() - load.prepSeconds * 1000);
  const starts = makingStartsAt(trigger, etaAt(store, queue, lead, load), now)!;
  return {
    trigger_kind: 'pickup',
    arrival_minutes: null,
    due_at: null,
    pickup_slot: trigger.slot,
    making_starts_at: starts,
    ready_estimate_at: new Date(Math.max(trigger.slot.getTime(), starts.getTime() + etaAt(store, queue, starts, load))),
  };
}

/** Words for the order's history when the choice changes ("Changed to a pickup time: 12:10"), on the store's clock. */
export function triggerWords(columns: Pick<TriggerColumns, 'trigger_kind' | 'due_at' | 'pickup_slot'>, now: Date, timeZone: string): string {
  if (columns.trigger_kind === 'on_my_way' && columns.due_at) return `changed to "I'm on my way": arriving about ${localMoment(columns.due_at, now, timeZone)}`;
  if (columns.trigger_kind === 'pickup' && columns.pickup_slot) return `changed to a pickup time: ${localMoment(columns.pickup_slot, now, timeZone)}`;
  return `changed to "when I'm here"`;
}

/** The order's load as fixed at checkout. */
function loadOf(order: OrderRow): OrderLoad {
  return { drinks: order.drinks, prepSeconds: order.prep_seconds };
}

/**
 * Changes when making starts, while the card is only held. Under the order's row lock, so it
 * can't cross the scheduler's start or a cancel: whichever locks first wins, and the other finds
 * the order moved on.
 */
export async function changeTrigger(deps: AppDeps, user: CurrentUser | null, orderId: string, choice: TriggerChoice): Promise<OrderRow> {
  const order = await ownOrder(deps, user, orderId);
  const now = deps.clock();
  return write(
    deps.db.writer,
    async (trx) => {
      const locked = await trx.selectFrom('orders').selectAll().where('id', '=', order.id).forUpdate().executeTakeFirstOrThrow();
      if (!canChangeTrigger(locked.state)) {
        throw new ConflictError('This order is already being made (or is closed), so its pickup can no longer be changed.', 'trigger_not_changeable');
      }
      // Past its hold's window the sweeper expires it: a change must not bring it back.
      if (locked.expires_at && locked.expires_at <= now) {
        throw new ConflictError('This order has expired and the hold on your card was released. Please place a new order.', 'order_expired');
      }
      const store = (await getStoreById(trx, locked.store_id))!;
      const columns = triggerColumns(store, await loadStoreQueue(trx, store.id, now, locked.id), loadOf(locked), choice, now);
      const readyBy = columns.due_at ?? columns.pickup_slot;
      const updated = await trx
        .updateTable('orders')
        .set({
          ...columns,
          start_blocked: null,
          start_blocked_at: null,
          updated_at: now,
          // The hold lasts until the check-in window after the chosen time.
          expires_at: new Date(Math.max(now.getTime(), readyBy?.getTime() ?? now.getTime()) + deps.config.checkinWindowMs),
        })
        .where('id', '=', locked.id)
        .where('state', '=', 'authorised')
        .returningAll()
        .executeTakeFirstOrThrow();
      // Announced like a transition: the order page, the kitchen display and every scheduler hear it.
      await recordOrderEvent(trx, updated, 'authorised', { now, actor: `customer:${updated.user_id}`, detail: triggerWords(columns, now, store.timezone) });
      return updated;
    },
    { guardedBy: 'conditional transition' },
  );
}

/** The customer's view of a store's pickup times now, for an order of this load. */
export async function pickupTimes(db: Kysely<DB>, store: Store, load: OrderLoad, now: Date): Promise<SlotOffer> {
  return pickupOffer(store, await loadStoreQueue(db, store.id, now), load, now);
}
