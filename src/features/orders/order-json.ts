// The order as the API shows it (DESIGN.md §5), and its schema.
import Type from 'typebox';
import type { OrderLineOption } from '../../db/schema.js';
import { ORDER_STATES, type OrderState } from '../../domain/order-lifecycle.js';
import type { OrderDetail, OrderEvent } from './model.js';

const State = Type.Unsafe<OrderState>({ type: 'string', enum: [...ORDER_STATES] });
const Choice = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));

export const OrderEventJson = Type.Object({
  id: Type.String(),
  from: Type.Union([State, Type.Null()]),
  to: State,
  at: Type.String({ format: 'date-time' }),
});

export const OrderJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  store: Type.String(),
  state: State,
  lines: Type.Array(
    Type.Object({
      product: Type.String(),
      name: Type.String(),
      options: Choice,
      quantity: Type.Integer(),
      unitPence: Type.Integer(),
      totalPence: Type.Integer(),
    }),
  ),
  totalPence: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  /** Check in before this, or the hold is released (set once authorised). */
  checkInBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  payment: Type.Object({
    brand: Type.Union([Type.String(), Type.Null()]),
    last4: Type.Union([Type.String(), Type.Null()]),
    failure: Type.Union([Type.String(), Type.Null()]),
  }),
  events: Type.Array(OrderEventJson),
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

export function orderJson(detail: OrderDetail) {
  const { order } = detail;
  return {
    id: order.id,
    number: order.number,
    store: detail.store.slug,
    state: order.state,
    lines: detail.lines.map((l) => ({
      product: l.product,
      name: l.name,
      options: choiceOf(l.options),
      quantity: l.quantity,
      unitPence: l.unitPence,
      totalPence: l.totalPence,
    })),
    totalPence: order.totalPence,
    createdAt: order.createdAt.toISOString(),
    checkInBy: order.expiresAt?.toISOString() ?? null,
    payment: { brand: order.card.brand, last4: order.card.last4, failure: order.paymentFailure },
    events: detail.events.map(eventJson),
  };
}
