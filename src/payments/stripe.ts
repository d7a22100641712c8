// Stripe through its official SDK: a PaymentIntent with capture_method manual
// holds the card at checkout; capture charges it at check-in; cancel releases
// it. Every call carries an idempotency key per order and operation, so a call
// retried after a timeout is answered by Stripe with the first call's result.
import Stripe from 'stripe';
import { ValidationError } from '../domain/errors.js';
import { parseCard } from './cards.js';
import {
  GatewayConfigurationError,
  GatewayUnavailableError,
  type AuthoriseRequest,
  type AuthoriseResult,
  type CaptureResult,
  type CardSummary,
  type PaymentGateway,
  type PaymentInput,
  type RefundResult,
  type SavedCardDetails,
} from './gateway.js';

export interface StripeGatewayOptions {
  secretKey: string;
  /** STRIPE_API_BASE: another host for the API (the tests' stand-in). */
  apiBase?: string | undefined;
  /** Retries of a failed network call, each with the same idempotency key. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

// In test mode the API may name a Stripe test card by number; Stripe accepts
// only its test PaymentMethods for those, never raw numbers.
const TEST_PAYMENT_METHODS: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '4000000000000002': 'pm_card_chargeDeclined',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '4000000000000069': 'pm_card_chargeDeclinedExpiredCard',
  '4000000000000127': 'pm_card_chargeDeclinedIncorrectCvc',
  '4000000000000341': 'pm_card_chargeCustomerFail',
  '5555555555554444': 'pm_card_mastercard',
  '4000000000003220': 'pm_card_threeDSecure2Required',
};

export function stripeClient(options: StripeGatewayOptions): Stripe {
  const base = options.apiBase ? new URL(options.apiBase) : undefined;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

function cardSummary(method: string | Stripe.PaymentMethod | null | undefined): CardSummary {
  if (method && typeof method === 'object' && method.card) return { brand: method.card.brand, last4: method.card.last4 };
  return { brand: null, last4: null };
}

/** What is kept of a card Stripe attached to the Customer: brand, last 4, expiry and its PaymentMethod id. */
function savedCard(method: string | Stripe.PaymentMethod | null | undefined): SavedCardDetails | undefined {
  if (!method || typeof method !== 'object' || !method.card) return undefined;
  return { reference: method.id, brand: method.card.brand, last4: method.card.last4, expMonth: method.card.exp_month, expYear: method.card.exp_year };
}

/**
 * An error no call site read as an answer. Stripe refusing the request itself (a wrong or revoked key,
 * a missing permission, a request it calls invalid) is a configuration fault: ours to fix, never
 * retried, thrown with its cause (decision 706). A network error, a 5xx, a rate limit or anything else
 * means "unknown, try again" (the SDK has already retried with the same idempotency key).
 */
export function unavailableUnlessAnswered(error: unknown): never {
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError ||
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeIdempotencyError
  ) {
    const cause = `${error.rawType ?? error.type} (HTTP ${error.statusCode ?? '?'}${error.code ? `, ${error.code}` : ''}, request ${error.requestId ?? '?'}): ${error.message}`;
    throw new GatewayConfigurationError(cause, { mayHaveActed: error instanceof Stripe.errors.StripeIdempotencyError });
  }
  const cause =
    error instanceof Stripe.errors.StripeError
      ? `${error.rawType ?? error.type} (HTTP ${error.statusCode ?? '?'}${error.code ? `, ${error.code}` : ''}): ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  throw new GatewayUnavailableError(undefined, cause);
}

export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly client: Stripe;
  private readonly testMode: boolean;

  constructor(options: StripeGatewayOptions) {
    this.client = stripeClient(options);
    this.testMode = options.secretKey.startsWith('sk_test_');
  }

  private paymentMethodId(payment: PaymentInput, now: Date): string {
    if (payment.kind === 'saved-card') {
      if (!/^pm_[A-Za-z0-9_]{1,200}$/.test(payment.reference)) throw new ValidationError({ savedCard: 'That saved card is not known here.' });
      return payment.reference;
    }
    if (payment.kind === 'payment-method') {
      if (!/^pm_[A-Za-z0-9_]{1,200}$/.test(payment.paymentMethodId)) {
        throw new ValidationError({ 'payment.paymentMethod': 'That is not a Stripe PaymentMethod id (pm_…).' });
      }
      return payment.paymentMethodId;
    }
    const card = parseCard(payment.card, now, { requireAll: false });
    const testMethod = this.testMode ? TEST_PAYMENT_METHODS[card.number] : undefined;
    if (!testMethod) {
      throw new ValidationError({ 'payment.card': 'Card numbers go to Stripe directly: send payment.paymentMethod from Stripe Elements.' });
    }
    return testMethod;
  }

  validate(payment: PaymentInput, now: Date): void {
    this.paymentMethodId(payment, now);
  }

  async authorise(request: AuthoriseRequest): Promise<AuthoriseResult> {
    const paymentMethod = this.paymentMethodId(request.payment, request.now);
    try {
      const intent = await this.client.paymentIntents.create(
        {
          amount: request.amountPence,
          currency: 'gbp',
          capture_method: 'manual',
          confirm: true,
          payment_method: paymentMethod,
          // A saved card is used with its Customer; "save this card" attaches the card to the
          // Customer when the hold succeeds (Stripe refuses to attach a card used without one).
          ...(request.payment.kind === 'saved-card' ? { customer: request.payment.customer } : {}),
          ...(request.saveFor ? { customer: request.saveFor.customer, setup_future_usage: 'on_session' as const } : {}),
          allowed_payment_method_types: ['card'],
          description: request.description,
          metadata: { order_id: request.orderId },
          expand: ['payment_method'],
        },
        { idempotencyKey: request.idempotencyKey },
      );
      const card = cardSummary(intent.payment_method);
      if (intent.status === 'requires_capture') {
        return { status: 'authorised', reference: intent.id, ...card, saved: request.saveFor ? savedCard(intent.payment_method) : undefined };
      }
      if (intent.status === 'requires_action') return { status: 'requires_action', reference: intent.id, ...card };
      return {
        status: 'declined',
        reference: intent.id,
        ...card,
        code: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? intent.status,
        message: intent.last_payment_error?.message ?? 'Your card was not accepted.',
      };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'declined',
          reference: error.payment_intent?.id ?? null,
          ...cardSummary(error.payment_method ?? error.payment_intent?.payment_method),
          code: error.decline_code ?? error.code ?? 'card_declined',
          message: error.message,
        };
      }
      // e.g. an unknown or already-used PaymentMethod: an answer, not an outage.
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        return {
          status: 'declined',
          reference: error.payment_intent?.id ?? null,
          brand: null,
          last4: null,
          code: error.code ?? 'invalid_request',
          message: 'We could not use that card. Please try another.',
        };
      }
      return unavailableUnlessAnswered(error);
    }
  }

  async capture(request: { reference: string; amountPence: number; idempotencyKey: string }): Promise<CaptureResult> {
    try {
      const intent = await this.client.paymentIntents.capture(
        request.reference,
        { amount_to_capture: request.amountPence },
        { idempotencyKey: request.idempotencyKey },
      );
      if (intent.status === 'succeeded') return { ok: true };
      return { ok: false, code: intent.status, message: 'The payment could not be taken.' };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError) {
        return { ok: false, code: error.decline_code ?? error.code ?? 'card_declined', message: error.message };
      }
      // Already captured (a retry after a lost answer, or a webhook got there first).
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
        const intent = await this.client.paymentIntents.retrieve(request.reference).catch(unavailableUnlessAnswered);
        if (intent.status === 'succeeded') return { ok: true };
        return { ok: false, code: intent.status, message: 'The card hold is no longer available.' };
      }
      return unavailableUnlessAnswered(error);
    }
  }

  async cancel(request: { reference: string; reason: 'expired' | 'cancelled' | 'failed'; idempotencyKey: string }): Promise<void> {
    try {
      await this.client.paymentIntents.cancel(
        request.reference,
        {
          cancellation_reason: request.reason === 'cancelled' ? 'requested_by_customer' : 'abandoned',
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      // Already cancelled, captured or expired at Stripe: there is no hold left to release.
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') return;
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return;
      unavailableUnlessAnswered(error);
    }
  }

  /** Stripe's Refunds API on the order's PaymentIntent; the key makes a retried call the same refund. */
  async refund(request: { reference: string; amountPence: number; idempotencyKey: string }): Promise<RefundResult> {
    try {
      const refund = await this.client.refunds.create(
        { payment_intent: request.reference, amount: request.amountPence, reason: 'requested_by_customer' },
        { idempotencyKey: request.idempotencyKey },
      );
      if (refund.status === 'failed' || refund.status === 'canceled') {
        return { ok: false, code: refund.failure_reason ?? refund.status, message: 'The payment provider could not make the refund.' };
      }
      // succeeded, or pending at the bank: Stripe has accepted it and will not take it back.
      return { ok: true, reference: refund.id };
    } catch (error) {
      // e.g. more than is left of the charge, or a charge already refunded: an answer, not an outage.
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        return { ok: false, code: error.code ?? 'invalid_request', message: error.message };
      }
      return unavailableUnlessAnswered(error);
    }
  }

  /** One Customer per account, made once: the key makes a retried call the same Customer. */
  async ensureCustomer(userId: number): Promise<string> {
    const customer = await this.client.customers
      .create({ metadata: { user_id: String(userId) } }, { idempotencyKey: `customer-${userId}` })
      .catch(unavailableUnlessAnswered);
    return customer.id;
  }

  async removeCard(reference: string): Promise<void> {
    try {
      await this.client.paymentMethods.detach(reference);
    } catch (error) {
      // Detached already, or gone with its Customer: nothing left to let go.
      if (error instanceof Stripe.errors.StripeInvalidRequestError && (error.code === 'resource_missing' || error.code === 'payment_method_unexpected_state'))
        return;
      unavailableUnlessAnswered(error);
    }
  }

  /** Deleting the Customer detaches every card saved on it (Stripe's own rule); cards are detached first in case the Customer is already gone. */
  async forgetCustomer(customer: { userId: number; reference: string | null; cardReferences: string[] }): Promise<void> {
    for (const card of customer.cardReferences) await this.removeCard(card);
    if (!customer.reference) return;
    try {
      await this.client.customers.del(customer.reference);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return;
      unavailableUnlessAnswered(error);
    }
  }

  /** The client secret Stripe.js needs to finish a 3-D Secure confirmation in the browser. */
  async clientSecret(reference: string): Promise<string | null> {
    const intent = await this.client.paymentIntents.retrieve(reference).catch(unavailableUnlessAnswered);
    return intent.status === 'requires_action' ? intent.client_secret : null;
  }
}
