// The database's shape, declared once. These are row types, not API types:
// features map rows to their own result shapes. The JS types are those src/db/column-types.ts
// gives both engines: int8 → number, jsonb → parsed value, timestamptz → Date.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OrderState, OrderTransition, PaidWith } from '../domain/order-lifecycle.js';
import type { TriggerKind } from '../domain/order-triggers.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default that may also be set or updated. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StoresTable {
  id: Generated<number>;
  slug: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  town: string;
  postcode: string;
  phone: Generated<string>;
  timezone: Generated<string>;
  paused: Generated<boolean>;
  paused_until: Timestamp | null;
  created_at: CreatedAt;
  /** Capacity: drinks the store makes per 5-minute slot (migration 301). */
  drinks_per_slot: Generated<number>;
  /** Busy mode that adds minutes to every ETA instead of pausing (null: off). */
  busy_extra_minutes: number | null;
  /** When that busy mode ends by itself; null with minutes set: until turned off. */
  busy_until: Timestamp | null;
  /** The queue's order age timers: a ticket turns amber, then red, after this many minutes. */
  queue_amber_minutes: Generated<number>;
  queue_red_minutes: Generated<number>;
}

export interface StoreHoursTable {
  store_id: number;
  iso_day: number;
  opens: string; // 'HH:MM:SS' local to the store
  closes: string;
}

/** Holiday hours or a closure on a date range of the store's calendar (migration 420). */
export interface StoreSpecialDaysTable {
  id: Generated<number>;
  store_id: number;
  first_date: string; // a date; read it as first_date::text ('YYYY-MM-DD')
  last_date: string;
  /** Both null: closed all day. */
  opens: string | null;
  closes: string | null;
  reason: string;
  created_by: number | null;
  created_at: DefaultedTimestamp;
}

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  /** The chain's preparation time for the category; a store may set its own (store_category_prep). */
  prep_seconds: Generated<number>;
  /** Drinks count against a store's capacity; food is handed over. */
  is_drink: Generated<boolean>;
}

/** A store's own preparation time for a category (migration 301). */
export interface StoreCategoryPrepTable {
  store_id: number;
  category_id: number;
  prep_seconds: number;
  updated_at: DefaultedTimestamp;
}

export interface ProductsTable {
  id: Generated<number>;
  slug: string;
  category_id: number;
  name: string;
  description: Generated<string>;
  price_pence: number;
  image_url: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
  /** Migration 330: UK allergen slugs in the product whatever its options (domain/allergens.ts). */
  allergens: Generated<string[]>;
}

export interface OptionGroupsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  selection: 'single' | 'multi';
  required: boolean;
  max_choices: number;
  position: Generated<number>;
}

export interface OptionsTable {
  id: Generated<number>;
  group_id: number;
  slug: string;
  name: string;
  price_delta_pence: Generated<number>;
  is_default: Generated<boolean>;
  position: Generated<number>;
  /** Migration 330: UK allergen slugs this option brings in (domain/allergens.ts). */
  allergens: Generated<string[]>;
}

export interface ProductOptionGroupsTable {
  product_id: number;
  group_id: number;
  position: Generated<number>;
}

export interface StoreProductsTable {
  store_id: number;
  product_id: number;
  available: Generated<boolean>;
  /** Sold out until: when the sweeper switches it back on (migration 410); null while on or off indefinitely. */
  available_again_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface StoreOptionsTable {
  store_id: number;
  option_id: number;
  available: Generated<boolean>;
  /** Sold out until: when the sweeper switches it back on (migration 410); null while on or off indefinitely. */
  available_again_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  /** Migration 900: null until the address is confirmed by its link. */
  email_verified_at: Timestamp | null;
  /** A new address waiting for its confirmation link; `email` stays until then. */
  pending_email: string | null;
  notify_receipt: Generated<boolean>;
  notify_ready: Generated<boolean>;
  /** Set when the account's personal data was erased (the row stays for its orders). */
  erased_at: Timestamp | null;
}

export interface RolesTable {
  slug: string;
  name: string;
  store_scoped: boolean;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  store_id: number | null;
  granted_by: number | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  kind: 'web' | 'api';
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** Migration 900: browser and system, from the User-Agent at login ("Firefox on Android"). */
  device: Generated<string>;
  last_seen_at: DefaultedTimestamp;
}

/** Single-use links for verifying an address or confirming a new one (migration 900). */
export interface AccountTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: 'verify' | 'change';
  email: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A user's TOTP secret (RFC 6238), pending until enabled_at (migration 500). */
export interface UserTotpTable {
  user_id: number;
  secret: string;
  created_at: CreatedAt;
  enabled_at: Timestamp | null;
  /** The last 30-second step a code was accepted for: a code is never accepted twice. */
  last_step: number | null;
}

/** Single-use recovery codes for the second factor, as hashes (migration 500). */
export interface TotpRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface BasketsTable {
  id: Generated<number>;
  user_id: number | null;
  visitor_id: string | null;
  store_id: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface BasketLinesTable {
  id: Generated<number>;
  basket_id: number;
  product_id: number;
  option_ids: ColumnType<number[], number[] | undefined, number[]>;
  options_key: Generated<string>;
  quantity: number;
  created_at: CreatedAt;
}

export interface OutboxTable {
  id: Generated<number>; // bigserial
  kind: string;
  payload: ColumnType<unknown, string, string>;
  dedupe_key: string | null;
  attempts: Generated<number>;
  available_at: DefaultedTimestamp;
  last_error: string | null;
  delivered_at: Timestamp | null;
  parked_at: Timestamp | null;
  created_at: CreatedAt;
  message_id: Generated<string>;
  lease_token: string | null;
  /** The X-Request-Id of the request that enqueued it (migration 700). */
  request_id: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  store_id: number | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  at: DefaultedTimestamp;
}

export type { OrderState };

export interface OrdersTable {
  id: Generated<string>; // uuid
  number: Generated<number>; // short, human: called out at the counter
  store_id: number;
  user_id: number;
  state: OrderState;
  total_pence: number;
  currency: Generated<string>;
  customer_first_name: string;
  customer_last_initial: string;
  card_brand: string | null;
  card_last4: string | null;
  payment_gateway: 'simulated' | 'stripe';
  payment_reference: string | null;
  /** Why authorisation or capture was refused, in words a customer can read. */
  payment_failure: string | null;
  idempotency_key: string;
  created_at: CreatedAt;
  authorised_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  paid_at: Timestamp | null;
  ready_at: Timestamp | null;
  completed_at: Timestamp | null;
  /** When the order reached a final state other than completed (declined, expired, cancelled, refunded). */
  closed_at: Timestamp | null;
  /** Check-in deadline; set when authorised. */
  expires_at: Timestamp | null;
  /** Who is calling the gateway to authorise this order, and since when (database time): decision 216. */
  authorise_claim: string | null;
  authorise_claimed_at: Timestamp | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** What starts making (src/domain/order-triggers.ts): the tap, an arrival estimate, or a pickup slot. */
  trigger_kind: Generated<TriggerKind>;
  /** on_my_way: the customer's own travel time, 1–180 minutes. */
  arrival_minutes: number | null;
  /** on_my_way: when the customer expects to arrive. */
  due_at: Timestamp | null;
  /** pickup: the start of a 5-minute slot. */
  pickup_slot: Timestamp | null;
  /** on_my_way / pickup: when making starts and the card is charged (null for "here"). */
  making_starts_at: Timestamp | null;
  /** What was charged (the total, once paid); 0 before. */
  captured_pence: Generated<number>;
  /** The sum of the order's refunds not failed, kept by the database (never above captured_pence). */
  refunded_pence: ColumnType<number, never, never>;
  paid_with: PaidWith | null;
  /** Drinks in the order (food not counted), fixed at checkout: what it takes of the store's capacity. */
  drinks: Generated<number>;
  /** The longest preparation time among its categories at its store, fixed at checkout. */
  prep_seconds: Generated<number>;
  /** The ready time the customer was last told. */
  ready_estimate_at: Timestamp | null;
  /** A scheduled order's moment came but it was not charged: why (the customer may change or cancel). */
  start_blocked: StartBlocked | null;
  start_blocked_at: Timestamp | null;
  /** Which card hold the order is on: 1 = checkout's, each pay-again adds one (decision 317). */
  payment_attempt: Generated<number>;
  /** The Idempotency-Key of the pay-again request calling the gateway now, and since when (database time). */
  pay_again_claim: string | null;
  pay_again_claimed_at: Timestamp | null;
  /** The customer's note to the barista (an allergy, say): 1–140 characters, or null. */
  customer_note: string | null;
}

/** Why a scheduled order was not charged at its moment. */
export type StartBlocked = 'store_paused' | 'store_closed' | 'sold_out';

/** One chosen option, as snapshotted into an order line. */
export interface OrderLineOption {
  group: string;
  groupName: string;
  /** single groups show as one slug in the API, multi groups as a list */
  selection: 'single' | 'multi';
  slug: string;
  name: string;
  priceDeltaPence: number;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: string;
  position: number;
  product_id: number | null;
  product_slug: string;
  product_name: string;
  options: ColumnType<OrderLineOption[], string, never>;
  quantity: number;
  unit_pence: number;
  total_pence: number;
  /** Migration 331: the VAT rate the line was sold at, in percent (domain/vat.ts). */
  vat_rate_percent: Generated<number>;
}

/** A line the barista bumped ("this drink is done"); deleted by a recall. Order lines stay immutable. */
export interface OrderLineBumpsTable {
  order_id: string;
  position: number;
  bumped_at: ColumnType<Date, Date | string, never>;
  /** 'staff:<id>' */
  actor: string;
}

export interface OrderEventsTable {
  id: Generated<number>; // bigserial
  order_id: string;
  from_state: OrderState | null;
  to_state: OrderState;
  at: ColumnType<Date, Date | string | undefined, never>;
  /** 'customer:<userId>', 'staff:<userId>', 'system' or 'stripe'. */
  actor: string;
  /** The reason, in words (a gateway's code, "not checked in within the check-in window"…). */
  detail: string | null;
  /** The lifecycle transition that wrote it; null for the order's first event. */
  transition: ColumnType<OrderTransition | null, OrderTransition | null | undefined, never>;
}

/** A refund (migration 300): its amount counts against the order's capture unless it failed. */
export interface RefundsTable {
  id: Generated<number>; // bigserial
  order_id: string;
  amount_pence: number;
  /** [{position, quantity}]: the order lines given back. */
  lines: ColumnType<RefundLine[], string | undefined, never>;
  reason: string;
  actor: string;
  method: 'gateway' | 'cash';
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  gateway_reference: string | null;
  failure: string | null;
  idempotency_key: string;
  created_at: CreatedAt;
  settled_at: Timestamp | null;
}

export interface RefundLine {
  position: number;
  quantity: number;
}

export interface StripeWebhookEventsTable {
  event_id: string;
  type: string;
  payload: ColumnType<unknown, string, never>;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  processed_at: Timestamp | null;
  result: string | null;
}

export interface PaymentErrorsTable {
  id: Generated<number>;
  at: DefaultedTimestamp;
  gateway: string;
  operation: string;
  kind: 'configuration' | 'transient';
  order_id: string | null;
  payment_reference: string | null;
  message: string;
}

export interface CatalogueVersionTable {
  id: Generated<boolean>;
  version: ColumnType<number, never, never>;
}

export interface StoreTicketsTable {
  id: Generated<number>;
  store_id: number;
  message_id: string;
  order_id: string;
  order_number: string;
  payload: ColumnType<unknown, string, never>;
  text: string;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RateLimitHitsTable {
  bucket: string;
  hit_at: Timestamp;
}

/** Idempotency keys of writes already applied (src/db/migrations/120-applied-requests.ts). */
export interface AppliedRequestsTable {
  /** What the key is scoped to, e.g. 'basket:12'. */
  scope: string;
  idempotency_key: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
  /** What the keyed write did ('applied', 'already_done'…), so a repeat answers the same. */
  outcome: string | null;
}

export interface FavouritesTable {
  id: Generated<number>;
  user_id: number;
  product_id: number;
  option_ids: ColumnType<number[], number[] | undefined, number[]>;
  options_key: string;
  quantity: number;
  created_at: CreatedAt;
}

export interface PaymentCustomersTable {
  user_id: number;
  gateway: 'simulated' | 'stripe';
  reference: string;
  created_at: CreatedAt;
}

export interface SavedCardsTable {
  id: Generated<number>;
  user_id: number;
  gateway: 'simulated' | 'stripe';
  reference: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  created_at: CreatedAt;
}

export interface DB {
  favourites: FavouritesTable;
  payment_customers: PaymentCustomersTable;
  saved_cards: SavedCardsTable;
  stores: StoresTable;
  store_hours: StoreHoursTable;
  store_category_prep: StoreCategoryPrepTable;
  store_special_days: StoreSpecialDaysTable;
  categories: CategoriesTable;
  products: ProductsTable;
  option_groups: OptionGroupsTable;
  options: OptionsTable;
  product_option_groups: ProductOptionGroupsTable;
  store_products: StoreProductsTable;
  store_options: StoreOptionsTable;
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  baskets: BasketsTable;
  basket_lines: BasketLinesTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  catalogue_version: CatalogueVersionTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_events: OrderEventsTable;
  stripe_webhook_events: StripeWebhookEventsTable;
  payment_errors: PaymentErrorsTable;
  store_tickets: StoreTicketsTable;
  password_resets: PasswordResetsTable;
  rate_limit_hits: RateLimitHitsTable;
  applied_requests: AppliedRequestsTable;
  order_line_bumps: OrderLineBumpsTable;
  refunds: RefundsTable;
  account_tokens: AccountTokensTable;
  user_totp: UserTotpTable;
  totp_recovery_codes: TotpRecoveryCodesTable;
}

export type StoreRow = Selectable<StoresTable>;
export type UserRow = Selectable<UsersTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type OrderEventRow = Selectable<OrderEventsTable>;
export type RefundRow = Selectable<RefundsTable>;
