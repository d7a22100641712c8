// An order as the pages, the API and the messages see it, and the one place its rows become
// that (rows keep the database's names and are for queries and transitions only).
import type { OrderEventRow, OrderLineOption, OrderLineRow, OrderRow, RefundRow, StartBlocked } from '../../db/schema.js';
import type { OrderState, PaidWith } from '../../domain/order-lifecycle.js';
import { triggerFrom, type Trigger } from '../../domain/order-triggers.js';
import type { Store } from '../../domain/store.js';

export interface Order {
  id: string;
  /** Short, human: called out at the counter. */
  number: number;
  storeId: number;
  userId: number;
  state: OrderState;
  totalPence: number;
  currency: string;
  customerFirstName: string;
  customerLastInitial: string;
  card: { brand: string | null; last4: string | null };
  paymentGateway: 'simulated' | 'stripe';
  paymentReference: string | null;
  /** Why authorisation or capture was refused, in words a customer can read. */
  paymentFailure: string | null;
  createdAt: Date;
  authorisedAt: Date | null;
  checkedInAt: Date | null;
  paidAt: Date | null;
  readyAt: Date | null;
  completedAt: Date | null;
  /** When it reached a final state other than completed. */
  closedAt: Date | null;
  /** The check-in deadline; set when authorised. */
  expiresAt: Date | null;
  /** What starts making: the tap, an arrival estimate, or a pickup slot (src/domain/order-triggers.ts). */
  trigger: Trigger;
  /** When a scheduled order's making starts and its card is charged. */
  makingStartsAt: Date | null;
  /** What was charged (0 before), and how much of it has been refunded. */
  capturedPence: number;
  refundedPence: number;
  paidWith: PaidWith | null;
  /** The customer's note to the barista (an allergy, say), or null. */
  note: string | null;
  /** Drinks and the longest preparation, fixed at checkout (what the ETA needs). */
  drinks: number;
  prepSeconds: number;
  /** The ready time the customer was last told (set when scheduled, and when making starts). */
  readyEstimateAt: Date | null;
  /** A scheduled order whose moment came while the store could not make it: not charged. */
  startBlocked: StartBlocked | null;
}

export interface OrderLine {
  /** The line's own id: the API names lines by it (a refund of some lines). */
  id: number;
  position: number;
  productId: number | null;
  product: string;
  name: string;
  options: OrderLineOption[];
  quantity: number;
  unitPence: number;
  totalPence: number;
  /** The VAT rate the line was sold at, in percent (decision 332). */
  vatRatePercent: number;
}

/** Money given back (DESIGN.md §2): through the gateway for a card, in cash for a till payment. */
export interface Refund {
  id: number;
  orderId: string;
  amountPence: number;
  /** The order lines given back, by position (empty when the refund was an amount). */
  lines: { position: number; quantity: number }[];
  reason: string;
  actor: string;
  method: 'gateway' | 'cash';
  /** pending: the gateway is being asked; failed refunds count for nothing. */
  status: 'pending' | 'succeeded' | 'failed';
  gatewayReference: string | null;
  failure: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

export interface OrderEvent {
  /** Text: it travels as an SSE event id. */
  id: string;
  from: OrderState | null;
  to: OrderState;
  at: Date;
  actor: string;
  detail: string | null;
}

/** The store an order is collected from (without its hours). */
export type OrderStore = Pick<Store, 'id' | 'slug' | 'name' | 'timezone' | 'addressLine1' | 'addressLine2' | 'town' | 'postcode'>;

export interface OrderDetail {
  order: Order;
  store: OrderStore;
  lines: OrderLine[];
  events: OrderEvent[];
  /** Oldest first; only loaded with one order's detail (lists leave it empty). */
  refunds: Refund[];
}

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    number: row.number,
    storeId: row.store_id,
    userId: row.user_id,
    state: row.state,
    totalPence: row.total_pence,
    currency: row.currency,
    customerFirstName: row.customer_first_name,
    customerLastInitial: row.customer_last_initial,
    card: { brand: row.card_brand, last4: row.card_last4 },
    paymentGateway: row.payment_gateway,
    paymentReference: row.payment_reference,
    paymentFailure: row.payment_failure,
    createdAt: row.created_at,
    authorisedAt: row.authorised_at,
    checkedInAt: row.checked_in_at,
    paidAt: row.paid_at,
    readyAt: row.ready_at,
    completedAt: row.completed_at,
    closedAt: row.closed_at,
    expiresAt: row.expires_at,
    trigger: triggerFrom({ kind: row.trigger_kind, arrivalMinutes: row.arrival_minutes, dueAt: row.due_at, pickupSlot: row.pickup_slot }),
    makingStartsAt: row.making_starts_at,
    capturedPence: row.captured_pence,
    refundedPence: row.refunded_pence,
    paidWith: row.paid_with,
    note: row.customer_note,
    drinks: row.drinks,
    prepSeconds: row.prep_seconds,
    readyEstimateAt: row.ready_estimate_at,
    startBlocked: row.start_blocked,
  };
}

export function toOrderLine(row: OrderLineRow): OrderLine {
  return {
    id: row.id,
    position: row.position,
    productId: row.product_id,
    product: row.product_slug,
    name: row.product_name,
    options: row.options,
    quantity: row.quantity,
    unitPence: row.unit_pence,
    totalPence: row.total_pence,
    vatRatePercent: row.vat_rate_percent,
  };
}

export function toOrderEvent(row: Pick<OrderEventRow, 'id' | 'from_state' | 'to_state' | 'at' | 'actor' | 'detail'>): OrderEvent {
  return { id: String(row.id), from: row.from_state, to: row.to_state, at: row.at, actor: row.actor, detail: row.detail };
}

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    orderId: row.order_id,
    amountPence: row.amount_pence,
    lines: row.lines,
    reason: row.reason,
    actor: row.actor,
    method: row.method,
    status: row.status,
    gatewayReference: row.gateway_reference,
    failure: row.failure,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
