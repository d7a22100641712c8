// A local HTTP stand-in for the few Stripe endpoints the app uses, so the real
// `stripe` SDK can be driven end to end without a network. It keeps Stripe's
// idempotency rule (same key → same response) and its test PaymentMethods' outcomes:
//   pm_card_visa / pm_card_mastercard      → requires_capture; capture succeeds
//   pm_card_chargeDeclined                  → 402 card_declined
//   pm_card_chargeDeclinedInsufficientFunds → 402 insufficient_funds
//   pm_card_chargeCustomerFail              → requires_capture; the capture is declined
//   pm_card_threeDSecure2Required           → requires_action
// Saved cards (decision 323): customers are created (keyed), an intent with `customer` and
// `setup_future_usage` attaches a new PaymentMethod (pm_saved_…) that behaves as its source card;
// a saved one is used only with its own customer; detach and customer deletion let them go.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface StandInRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: URLSearchParams;
}

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  payment_method: string | Record<string, unknown>;
  last_payment_error: null | Record<string, unknown>;
  cancellation_reason: string | null;
}

const EXPIRY = { exp_month: 12, exp_year: 2034 };
const CARDS: Record<string, { brand: string; last4: string; exp_month: number; exp_year: number }> = {
  pm_card_visa: { brand: 'visa', last4: '4242', ...EXPIRY },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', ...EXPIRY },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', ...EXPIRY },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', ...EXPIRY },
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', ...EXPIRY },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', ...EXPIRY },
};

export class StripeStandIn {
  readonly requests: StandInRequest[] = [];
  readonly intents = new Map<string, Intent>();
  readonly refunds: { id: string; amount: number; payment_intent: string }[] = [];
  /** cus_… → still there (deleted customers are removed). */
  readonly customers = new Map<string, { metadata: Record<string, string> }>();
  /** A saved PaymentMethod → the test card it stands for and the customer it is attached to (null: detached). */
  readonly savedMethods = new Map<string, { source: string; customer: string | null }>();
  /** Answer the next N requests with a 500 (an outage). */
  failNext = 0;
  /** Answer the next requests with these errors, in turn (a wrong key: 401 authentication_error, …). */
  readonly nextErrors: { status: number; type: string; code?: string; message: string }[] = [];
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  private server: http.Server | null = null;

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const key = req.headers['idempotency-key'] as string | undefined;
        const request = { method: req.method!, path: req.url!.split('?')[0]!, idempotencyKey: key, body: new URLSearchParams(raw) };
        this.requests.push(request);
        const { status, body } = this.reply(request);
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  calls(method: string, pattern: RegExp): StandInRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  private reply(request: StandInRequest): { status: number; body: unknown } {
    const error = this.nextErrors.shift();
    if (error) return { status: error.status, body: { error: { type: error.type, code: error.code, message: error.message } } };
    if (this.failNext > 0) {
      this.failNext--;
      return { status: 500, body: { error: { type: 'api_error', message: 'stand-in outage' } } };
    }
    const cacheKey = request.idempotencyKey ? `${request.method} ${request.path} ${request.idempotencyKey}` : null;
    if (cacheKey && this.replies.has(cacheKey)) return this.replies.get(cacheKey)!;
    const result = this.handle(request);
    if (cacheKey) this.replies.set(cacheKey, result);
    return result;
  }

  private handle({ method, path, body }: StandInRequest): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') return this.create(body);
    if (method === 'POST' && path === '/v1/customers') {
      const id = `cus_${randomBytes(8).toString('hex')}`;
      this.customers.set(id, { metadata: { user_id: body.get('metadata[user_id]') ?? '' } });
      return { status: 200, body: { id, object: 'customer', metadata: this.customers.get(id)!.metadata } };
    }
    const customer = /^\/v1\/customers\/(cus_[A-Za-z0-9]+)$/.exec(path);
    if (method === 'DELETE' && customer) {
      if (!this.customers.delete(customer[1]!)) return missing('customer');
      for (const saved of this.savedMethods.values()) if (saved.customer === customer[1]) saved.customer = null;
      return { status: 200, body: { id: customer[1], object: 'customer', deleted: true } };
    }
    const detach = /^\/v1\/payment_methods\/(pm_[A-Za-z0-9_]+)\/detach$/.exec(path);
    if (method === 'POST' && detach) {
      const saved = this.savedMethods.get(detach[1]!);
      if (!saved) return missing('payment_method');
      if (!saved.customer)
        return {
          status: 400,
          body: {
            error: { type: 'invalid_request_error', code: 'payment_method_unexpected_state', message: 'The payment method is not attached to a customer.' },
          },
        };
      saved.customer = null;
      return { status: 200, body: { id: detach[1], object: 'payment_method', customer: null, card: CARDS[saved.source] } };
    }
    if (method === 'POST' && path === '/v1/refunds') return this.refund(body);
    const match = /^\/v1\/payment_intents\/(pi_[A-Za-z0-9]+)(\/capture|\/cancel)?$/.exec(path);
    const intent = match ? this.intents.get(match[1]!) : undefined;
    if (!match || !intent)
      return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } } };
    if (method === 'GET' && !match[2]) return { status: 200, body: intent };
    if (method === 'POST' && match[2] === '/capture') return this.capture(intent);
    if (method === 'POST' && match[2] === '/cancel') return this.cancel(intent, body.get('cancellation_reason'));
    return { status: 404, body: { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } } };
  }

  private create(body: URLSearchParams): { status: number; body: unknown } {
    const given = body.get('payment_method') ?? '';
    const customer = body.get('customer');
    const saved = this.savedMethods.get(given);
    // A saved card is usable only with the customer it is attached to.
    if (saved && (saved.customer === null || saved.customer !== customer)) {
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such PaymentMethod: '${given}' for this customer` } },
      };
    }
    const method = saved ? saved.source : given;
    const card = CARDS[method];
    if (!card)
      return { status: 400, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such PaymentMethod: '${method}'` } } };
    if (customer && !this.customers.has(customer)) return missing('customer');
    // "Save this card": the card used is attached to the customer as a PaymentMethod of its own.
    let pmId = given;
    if (!saved && customer && body.get('setup_future_usage')) {
      pmId = `pm_saved_${randomBytes(8).toString('hex')}`;
      this.savedMethods.set(pmId, { source: method, customer });
    }
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const metadata: Record<string, string> = {};
    for (const [k, v] of body) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m) metadata[m[1]!] = v;
    }
    const amount = Number(body.get('amount'));
    const intent: Intent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency: body.get('currency') ?? 'gbp',
      capture_method: body.get('capture_method') ?? 'automatic',
      status: 'requires_capture',
      client_secret: `${id}_secret_x`,
      metadata,
      payment_method: { id: pmId, object: 'payment_method', card },
      last_payment_error: null,
      cancellation_reason: null,
    };
    this.intents.set(id, intent);
    const declines: Record<string, [string, string]> = {
      pm_card_chargeDeclined: ['generic_decline', 'Your card was declined.'],
      pm_card_chargeDeclinedInsufficientFunds: ['insufficient_funds', 'Your card has insufficient funds.'],
    };
    const decline = declines[method];
    if (decline) {
      if (pmId !== given) this.savedMethods.delete(pmId); // a refused card is not attached
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: decline[0], message: decline[1] };
      return {
        status: 402,
        body: {
          error: {
            type: 'card_error',
            code: 'card_declined',
            decline_code: decline[0],
            message: decline[1],
            payment_intent: intent,
            payment_method: intent.payment_method,
          },
        },
      };
    }
    if (method === 'pm_card_threeDSecure2Required') intent.status = 'requires_action';
    else intent.amount_capturable = amount;
    return { status: 200, body: intent };
  }

  private capture(intent: Intent): { status: number; body: unknown } {
    if (intent.status !== 'requires_capture') {
      return {
        status: 400,
        body: {
          error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent's status is ${intent.status}.` },
        },
      };
    }
    const used = (intent.payment_method as { id: string }).id;
    if ((this.savedMethods.get(used)?.source ?? used) === 'pm_card_chargeCustomerFail') {
      return {
        status: 402,
        body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } },
      };
    }
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.amount_capturable = 0;
    return { status: 200, body: intent };
  }

  /** A refund of a captured intent, never more than was received in all. */
  private refund(body: URLSearchParams): { status: number; body: unknown } {
    const intent = this.intents.get(body.get('payment_intent') ?? '');
    if (!intent || intent.status !== 'succeeded') {
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'charge_not_captured', message: 'This PaymentIntent has no charge to refund.' } },
      };
    }
    const amount = Number(body.get('amount') ?? intent.amount_received - this.refundedOf(intent.id));
    if (this.refundedOf(intent.id) + amount > intent.amount_received) {
      return {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'amount_too_large', message: 'Refund amount is greater than unrefunded amount on charge.' } },
      };
    }
    const refund = {
      id: `re_${randomBytes(12).toString('hex')}`,
      object: 'refund',
      amount,
      payment_intent: intent.id,
      status: 'succeeded',
      currency: intent.currency,
    };
    this.refunds.push(refund);
    return { status: 200, body: refund };
  }

  private refundedOf(intentId: string): number {
    return this.refunds.filter((r) => r.payment_intent === intentId).reduce((sum, r) => sum + r.amount, 0);
  }

  private cancel(intent: Intent, reason: string | null): { status: number; body: unknown } {
    if (intent.status === 'canceled' || intent.status === 'succeeded') {
      return {
        status: 400,
        body: {
          error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent's status is ${intent.status}.` },
        },
      };
    }
    intent.status = 'canceled';
    intent.cancellation_reason = reason;
    intent.amount_capturable = 0;
    return { status: 200, body: intent };
  }
}

function missing(what: string): { status: number; body: unknown } {
  return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } } };
}

/** A Stripe event envelope around an object, as Stripe posts it to a webhook. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_${randomBytes(10).toString('hex')}`) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}
