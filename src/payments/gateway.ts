// The one interface every payment gateway implements: hold a card (authorise),
// charge the hold (capture), release it (cancel). Every call carries an
// idempotency key derived from the order and the operation, so a retried call
// after a timeout or a crash never holds or charges twice.
import { AppError } from '../domain/errors.js';
import { holdOperationKey } from '../domain/payment-holds.js';
import type { CardInput } from './cards.js';

export type GatewayName = 'simulated' | 'stripe';

/** What the customer handed over: typed card details, or a Stripe PaymentMethod made by Stripe Elements. */
export type PaymentInput =
  | { kind: 'card'; card: CardInput }
  | { kind: 'payment-method'; paymentMethodId: string }
  /** A card the customer saved (decision 323): the gateway's reference, used with their gateway Customer. */
  | { kind: 'saved-card'; reference: string; customer: string };

/** What is kept of a saved card: never the number (decision 323). */
export interface SavedCardDetails {
  reference: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface AuthoriseRequest {
  orderId: string;
  amountPence: number;
  description: string;
  payment: PaymentInput;
  idempotencyKey: string;
  /** Card expiry is judged against this (the app's clock). */
  now: Date;
  /** "Save this card": keep it for this gateway Customer if the hold succeeds (the answer's `saved`). */
  saveFor?: { customer: string } | undefined;
}

/** Brand and last 4: all that is ever kept of a card. */
export interface CardSummary {
  brand: string | null;
  last4: string | null;
}

export type AuthoriseResult =
  | ({ status: 'authorised'; reference: string; saved?: SavedCardDetails | undefined } & CardSummary)
  | ({ status: 'declined'; reference: string | null; code: string; message: string } & CardSummary)
  /** The bank wants the customer to confirm (3-D Secure); the browser finishes it with Stripe.js, a webhook tells us. */
  | ({ status: 'requires_action'; reference: string } & CardSummary);

export type CaptureResult = { ok: true } | { ok: false; code: string; message: string };

/** A refund of (part of) a captured payment: the gateway's refund id, or its refusal. */
export type RefundResult = { ok: true; reference: string } | { ok: false; code: string; message: string };

export interface PaymentGateway {
  readonly name: GatewayName;
  /** The longest one call can take, retries included: an authorisation claim older than this was abandoned (decision 216). Default 120 s. */
  readonly maxCallMs?: number;
  /**
   * Checks the payment input before any order is written (card format, Luhn,
   * expiry, CVC); throws ValidationError naming the field.
   */
  validate(payment: PaymentInput, now: Date): void;
  authorise(request: AuthoriseRequest): Promise<AuthoriseResult>;
  capture(request: { reference: string; amountPence: number; idempotencyKey: string }): Promise<CaptureResult>;
  /**
   * Gives back part or all of a captured payment. The idempotency key is the refund row's own, so a
   * call repeated after a timeout or a crash is answered with the first call's refund.
   */
  refund(request: { reference: string; amountPence: number; idempotencyKey: string }): Promise<RefundResult>;
  /** Releases a hold. Cancelling an already-cancelled or never-held payment is not an error. */
  cancel(request: { reference: string; reason: 'expired' | 'cancelled' | 'failed'; idempotencyKey: string }): Promise<void>;
  /** For a payment awaiting 3-D Secure: the secret the browser's Stripe.js needs to finish it. */
  clientSecret?(reference: string): Promise<string | null>;
  /** The gateway's Customer for an account, made once (the same key makes a retry the same Customer). */
  ensureCustomer(userId: number): Promise<string>;
  /** A saved card removed by its customer: the gateway lets it go. One already gone is not an error. */
  removeCard(reference: string): Promise<void>;
  /**
   * Erasure (issue 14): delete the account's saved cards and its Customer at the gateway. Called
   * after the account's data is erased in the database (the rows are gone by then: their references
   * are passed in), never under a row lock; see src/features/accounts/erasure.ts.
   */
  forgetCustomer(customer: { userId: number; reference: string | null; cardReferences: string[] }): Promise<void>;
}

/** The gateway could not be reached or answered oddly: nothing is known to have happened; try again. */
export class GatewayUnavailableError extends AppError {
  /** What went wrong underneath (a network error, Stripe's 5xx or rate limit): for the logs, never shown. */
  readonly detail: string | undefined;
  constructor(message = 'We could not reach the payment provider. Please try again in a moment.', detail?: string) {
    super(503, 'payment_unavailable', message);
    this.detail = detail;
  }
}

/**
 * The provider refused the call itself: a wrong or revoked key, a missing permission, a request it
 * calls invalid. Ours to fix, not the customer's and not an outage: never retried, logged with its
 * cause, counted as `configuration` (alpaca_payment_errors_total). The customer sees a 503 that says
 * payments are unavailable, as nothing was charged.
 */
export class GatewayConfigurationError extends AppError {
  /** Stripe's error type, status, code, request id and message: logged (pino's `err`), never shown. */
  readonly detail: string;
  /**
   * False when the provider refused this very request before acting on it (a wrong key, a missing
   * permission, an invalid request): nothing is held, so a checkout's order can be closed at once
   * (decision 710). True for Stripe's idempotency error: an earlier request with this key may have held
   * the card, so the order is left for its claim to run out and the sweeper (decision 216).
   */
  readonly mayHaveActed: boolean;
  constructor(detail: string, { mayHaveActed = false }: { mayHaveActed?: boolean } = {}) {
    super(503, 'payment_unavailable', 'Card payments are unavailable right now. Nothing was charged; please try again later or pay at the counter.');
    this.name = 'GatewayConfigurationError';
    this.detail = detail;
    this.mayHaveActed = mayHaveActed;
  }
}

/**
 * Idempotency keys are per order, per card hold (`attempt`: 1 = checkout's, then one per "pay with
 * another card") and per operation: a retry repeats, a new operation or a new hold is new.
 */
export function idempotencyKeyFor(orderId: string, operation: 'authorise' | 'capture' | 'cancel', attempt = 1): string {
  return holdOperationKey(orderId, operation, attempt);
}
