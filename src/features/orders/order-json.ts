// The order as the API shows it (DESIGN.md §5), and its schema.
import Type from 'typebox';
import type { OrderLineOption } from '../../db/schema.js';
import { ORDER_STATES, type OrderState } from '../../domain/order-lifecycle.js';
import type { OrderDetail, OrderEvent, Refund } from './model.js';

const State = Type.Unsafe<OrderState>({ type: 'string', enum: [...ORDER_STATES] });
const Choice = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));

export const OrderEventJson = Type.Object({
  id: Type.String(),
  from: Type.Union([State, Type.Null()]),
  to: State,
  at: Type.String({ format: 'date-time' }),
});

export const RefundJson = Type.Object({
  id: Type.Integer(),
  amountPence: Type.Integer(),
  /** The order lines given back; empty when the refund was not of particular lines. */
  lines: Type.Array(Type.Object({ lineId: Type.Integer(), quantity: Type.Integer() })),
  reason: Type.String(),
  /** `gateway`: back to the card; `cash`: a till-paid order, refunded at the counter. */
  method: Type.Union([Type.Literal('gateway'), Type.Literal('cash')]),
  /** `pending` while the payment provider is asked; a failed refund gave nothing back. */
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** The live stream's `order` event: the event, and the order's state now with its label. */
export const LiveOrderEventJson = Type.Object({
  orderId: Type.String({ format: 'uuid' }),
  ...OrderEventJson.properties,
  state: State,
  label: Type.String(),
});

export const OrderJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  store: Type.String(),
  state: State,
  lines: Type.Array(
    Type.Object({
      /** Names the line in a refund of lines. */
      id: Type.Integer(),
      product: Type.String(),
      name: Type.String(),
      options: Choice,
      quantity: Type.Integer(),
      unitPence: Type.Integer(),
      totalPence: Type.Integer(),
    }),
  ),
  totalPence: Type.Integer(),
  /** What has been given back so far (refunds pending at the payment provider included). */
  refundedPence: Type.Integer(),
  /** The customer's note to the barista, or null. */
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  /** Check in before this, or the hold is released (set once authorised). */
  checkInBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  payment: Type.Object({
    brand: Type.Union([Type.String(), Type.Null()]),
    last4: Type.Union([Type.String(), Type.Null()]),
    failure: Type.Union([Type.String(), Type.Null()]),
  }),
  events: Type.Array(OrderEventJson),
  refunds: Type.Array(RefundJson),
  /** When making starts (and the card is charged), as the customer chose it. */
  trigger: Type.Object({
    kind: Type.Union([Type.Literal('here'), Type.Literal('on_my_way'), Type.Literal('pickup')]),
    arrivalMinutes: Type.Union([Type.Integer(), Type.Null()]),
    arriveBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    slot: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    makingStartsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Its moment came while the store could not make it: not charged; change or cancel it. */
    notStarted: Type.Union([Type.Literal('store_paused'), Type.Literal('store_closed'), Type.Literal('sold_out'), Type.Null()]),
  }),
  /** The estimated ready time last told (once scheduled or being made). */
  readyEstimate: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** `{"milk": "oat", "syrup": ["vanilla"]}`, like the basket and the menu. */
export function choiceOf(options: readonly OrderLineOption[]): Record<string, string | string[]> {
  const choice: Record<string, string | string[]> = {};
  for (const option of options) {
    if (option.selection === 'single') choice[option.group] = option.slug;
    else ((choice[option.group] ??= []) as string[]).push(option.slug);
  }
  return choice;
}

export function eventJson(event: OrderEvent) {
  return { id: event.id, from: event.from, to: event.to, at: event.at.toISOString() };
}

export function refundJson(refund: Refund, lines: OrderDetail['lines']) {
  return {
    id: refund.id,
    amountPence: refund.amountPence,
    lines: refund.lines.flatMap((l) => {
      const line = lines.find((x) => x.position === l.position);
      return line ? [{ lineId: line.id, quantity: l.quantity }] : [];
    }),
    reason: refund.reason,
    method: refund.method,
    status: refund.status,
    createdAt: refund.createdAt.toISOString(),
  };
}

export function orderJson(detail: OrderDetail) {
  const { order } = detail;
  return {
    id: order.id,
    number: order.number,
    store: detail.store.slug,
    state: order.state,
    lines: detail.lines.map((l) => ({
      id: l.id,
      product: l.product,
      name: l.name,
      options: choiceOf(l.options),
      quantity: l.quantity,
      unitPence: l.unitPence,
      totalPence: l.totalPence,
    })),
    totalPence: order.totalPence,
    refundedPence: order.refundedPence,
    note: order.note,
    createdAt: order.createdAt.toISOString(),
    checkInBy: order.expiresAt?.toISOString() ?? null,
    payment: { brand: order.card.brand, last4: order.card.last4, failure: order.paymentFailure },
    events: detail.events.map(eventJson),
    refunds: detail.refunds.map((r) => refundJson(r, detail.lines)),
    trigger: {
      kind: order.trigger.kind,
      arrivalMinutes: order.trigger.kind === 'on_my_way' ? order.trigger.arrivalMinutes : null,
      arriveBy: order.trigger.kind === 'on_my_way' ? order.trigger.dueAt.toISOString() : null,
      slot: order.trigger.kind === 'pickup' ? order.trigger.slot.toISOString() : null,
      makingStartsAt: order.makingStartsAt?.toISOString() ?? null,
      notStarted: order.startBlocked,
    },
    readyEstimate: order.readyEstimateAt?.toISOString() ?? null,
  };
}
