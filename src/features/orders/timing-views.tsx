// "When should we start making it?" (here / on my way / a pickup time) and the estimated ready
// time, on checkout and the order page. Plain radio buttons, a number box and a select: no
// JavaScript needed; the radio picked decides which of the other two counts.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../domain/errors.js';
import type { Order } from './model.js';
import type { OrderTiming } from './order-timing.js';
import { etaMinutes } from '../../domain/order-eta.js';
import type { SlotOffer } from '../../domain/pickup-slots.js';
import type { StoreEta } from '../../db/store-eta.js';
import { MAX_ARRIVAL_MINUTES, MIN_ARRIVAL_MINUTES, type TriggerKind } from '../../domain/order-triggers.js';
import { formatLocalDateTime, formatLocalTime } from '../../domain/store-time.js';
import { localMoment } from '../../domain/order-state-words.js';

export interface TimingValues {
  when?: TriggerKind | string | undefined;
  arrivalMinutes?: string | undefined;
  pickupSlot?: string | undefined;
}

/** "Ready about 12:34 (in 6 min)", and busy mode's extra minutes with its resume time. */
export function EtaLine({ eta, timeZone, prefix = 'If we start now, ready about' }: { eta: StoreEta; timeZone: string; prefix?: string }) {
  return (
    <div class="eta" data-eta-minutes={etaMinutes(eta.etaMs)}>
      <p>
        {prefix} <strong>{formatLocalTime(eta.readyAt, timeZone)}</strong> (in about {etaMinutes(eta.etaMs)} min).
      </p>
      {eta.busy && (
        <p class="notice notice--warn">
          <span>
            Busy right now: orders take about {eta.busy.extraMinutes} minutes longer
            {eta.busy.until ? `, until ${formatLocalTime(eta.busy.until, timeZone)}` : ''}.
          </span>
        </p>
      )}
    </div>
  );
}

function slotLabel(slot: Date, timeZone: string, laterDay: boolean): string {
  return laterDay ? formatLocalDateTime(slot, timeZone) : formatLocalTime(slot, timeZone);
}

/** The three choices, inside a form (checkout's, or the order page's "change"). */
export function TimingFields({
  offer,
  timeZone,
  open,
  values = {},
  errors,
}: {
  offer: SlotOffer;
  timeZone: string;
  /** The store is open now: "here" and "on my way" are possible; closed, only a pickup time. */
  open: boolean;
  values?: TimingValues | undefined;
  errors?: FieldErrors | undefined;
}) {
  const when = values.when ?? (open ? 'here' : 'pickup');
  const arrivalError = errors?.['arrivalMinutes'];
  const slotError = errors?.['pickupSlot'];
  return (
    <fieldset class="timing">
      <legend>When should we start making it?</legend>
      {errors?.['when'] && <p class="field-error">{errors['when']}</p>}
      {open && (
        <>
          <label class="choice">
            <input type="radio" name="when" value="here" checked={when === 'here'} /> When I'm here{' '}
            <span class="muted">(tap "I'm here" at the store; your card is charged then)</span>
          </label>
          <label class="choice">
            <input type="radio" name="when" value="on_my_way" checked={when === 'on_my_way'} /> I'm on my way{' '}
            <span class="muted">(ready when you arrive; charged when we start)</span>
          </label>
          <div class={`field field--inline${arrivalError ? ' field--error' : ''}`}>
            <label for="arrivalMinutes">I'll be there in (minutes)</label>
            <input
              id="arrivalMinutes"
              name="arrivalMinutes"
              type="number"
              inputmode="numeric"
              min={MIN_ARRIVAL_MINUTES}
              max={MAX_ARRIVAL_MINUTES}
              value={values.arrivalMinutes ?? ''}
              aria-invalid={arrivalError ? 'true' : undefined}
              aria-describedby={arrivalError ? 'arrivalMinutes-error' : undefined}
            />
            {arrivalError && (
              <p class="field-error" id="arrivalMinutes-error">
                {arrivalError}
              </p>
            )}
          </div>
        </>
      )}
      <label class="choice">
        <input type="radio" name="when" value="pickup" checked={when === 'pickup'} disabled={offer.slots.length === 0} /> A pickup time
        {offer.laterDay && <span class="muted"> ({open ? 'no times left today' : 'the store is closed now'}: the next opening day)</span>}
      </label>
      <div class={`field field--inline${slotError ? ' field--error' : ''}`}>
        <label for="pickupSlot">Pickup time</label>
        {offer.slots.length > 0 ? (
          <select id="pickupSlot" name="pickupSlot" aria-invalid={slotError ? 'true' : undefined} aria-describedby={slotError ? 'pickupSlot-error' : undefined}>
            {offer.slots.map((slot) => (
              <option value={slot.toISOString()} selected={values.pickupSlot === slot.toISOString()}>
                {slotLabel(slot, timeZone, offer.laterDay)}
              </option>
            ))}
          </select>
        ) : (
          <p class="muted">No pickup times left.</p>
        )}
        {offer.fullSkipped > 0 && <p class="muted">Times that are already full are not shown.</p>}
        {slotError && (
          <p class="field-error" id="pickupSlot-error">
            {slotError}
          </p>
        )}
      </div>
    </fieldset>
  );
}

const NOT_STARTED: Record<'store_paused' | 'store_closed' | 'sold_out', string> = {
  store_paused: 'the store had paused orders',
  store_closed: 'the store was closed',
  sold_out: 'an item in it had sold out',
};

/** The order page's part about time: the ready estimate, and changing when making starts. */
export function OrderTimingPanel({
  order,
  timing,
  timeZone,
  csrf,
}: {
  order: Pick<Order, 'id' | 'state' | 'trigger' | 'makingStartsAt' | 'startBlocked' | 'authorisedAt'>;
  timing: OrderTiming;
  timeZone: string;
  csrf: ComponentChildren;
}) {
  const { trigger } = order;
  return (
    <div class="order-timing">
      {order.startBlocked && (
        <p class="notice notice--warn" role="alert">
          <span>
            We did not start your order because {NOT_STARTED[order.startBlocked]}. Your card has not been charged. Choose another time below, tap "I'm here"
            when you arrive, or cancel the order.
          </span>
        </p>
      )}
      {order.state === 'authorised' && !order.startBlocked && trigger.kind === 'on_my_way' && order.makingStartsAt && (
        <p>
          You're on your way: arriving about <strong>{formatLocalTime(trigger.dueAt, timeZone)}</strong>. We start making it at{' '}
          {formatLocalTime(order.makingStartsAt, timeZone)} and charge your card then.
        </p>
      )}
      {order.state === 'authorised' && !order.startBlocked && trigger.kind === 'pickup' && order.makingStartsAt && (
        // The day only when it is not the day the order was placed, as the pill above says it ("Pickup at 12:10").
        <p>
          Pickup time <strong>{localMoment(trigger.slot, order.authorisedAt ?? trigger.slot, timeZone)}</strong>. We start making it at{' '}
          {localMoment(order.makingStartsAt, order.authorisedAt ?? trigger.slot, timeZone)} and charge your card then.
        </p>
      )}
      {timing.readyBy && (
        <p class="eta" data-ready-by={timing.readyBy.toISOString()}>
          Ready about <strong>{formatLocalTime(timing.readyBy, timeZone)}</strong>.
        </p>
      )}
      {timing.change && (
        <>
          {trigger.kind === 'here' && <EtaLine eta={timing.change.etaIfNow} timeZone={timeZone} prefix={`If you tap "I'm here" now, ready about`} />}
          <details class="timing-change" open={order.startBlocked !== null}>
            <summary>Change when we start making it</summary>
            <form method="post" action={`/orders/${order.id}/trigger`} class="stack">
              {csrf}
              <TimingFields
                offer={timing.change.offer}
                timeZone={timeZone}
                open={timing.change.open}
                values={{
                  when: trigger.kind,
                  arrivalMinutes: trigger.kind === 'on_my_way' ? String(trigger.arrivalMinutes) : undefined,
                  pickupSlot: trigger.kind === 'pickup' ? trigger.slot.toISOString() : undefined,
                }}
              />
              <button type="submit" class="button">
                Save
              </button>
            </form>
          </details>
        </>
      )}
    </div>
  );
}
