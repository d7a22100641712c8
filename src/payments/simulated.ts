// The default gateway: no network, Stripe's test-card semantics.
//   4242 4242 4242 4242  authorises and captures
//   4000 0000 0000 0002  declined
//   4000 0000 0000 9995  declined: insufficient funds
//   4000 0000 0000 0069  declined: expired card
//   4000 0000 0000 0127  declined: incorrect CVC
//   4000 0000 0000 0341  authorises, but the capture is refused
// Any other valid card number authorises. A saved card (decision 323) is a token `simcard_…` that
// carries its test behaviour (ok, or capture refused), never the number. References are derived from the
// idempotency key, so a repeated authorisation is the same authorisation,
// whichever instance makes it; the capture-fails card is marked in the reference
// because no instance remembers cards.
import { createHash } from 'node:crypto';
import { ValidationError } from '../domain/errors.js';
import { cardBrand, last4, parseCard } from './cards.js';
import type { AuthoriseRequest, AuthoriseResult, CaptureResult, PaymentGateway, PaymentInput, RefundResult, SavedCardDetails } from './gateway.js';

const DECLINES: Record<string, { code: string; message: string }> = {
  '4000000000000002': { code: 'card_declined', message: 'Your card was declined.' },
  '4000000000009995': { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000000000000069': { code: 'expired_card', message: 'Your card has expired.' },
  '4000000000000127': { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
};
const CAPTURE_FAILS = '4000000000000341';
const CAPTURE_FAILS_MARK = '_capture_refused';
/** A saved test card: its behaviour, its card's summary and a hash, never its number. */
const SAVED_CARD = /^simcard_(ok|capfail)_(visa|mastercard|amex|discover|card)_([0-9]{4})_([0-9]{2})([0-9]{4})_[0-9a-f]{16}$/;

/** What this process's simulated bank did; the tests read it to prove "once". */
export interface SimulatedLedger {
  /** reference → hold */
  holds: Map<string, { amountPence: number; status: 'held' | 'captured' | 'cancelled' }>;
  authoriseCalls: number;
  captureCalls: number;
  /** Distinct successful captures (a repeated capture of one hold counts once). */
  captures: number;
  cancelCalls: number;
  refundCalls: number;
  /** refund idempotency key → the refund made (a repeated call is the same refund). */
  refunds: Map<string, { reference: string; paymentReference: string; amountPence: number }>;
}

export class SimulatedGateway implements PaymentGateway {
  readonly name = 'simulated' as const;
  /** No network: a call takes its simulated latency; the margin covers a loaded machine. */
  readonly maxCallMs: number;
  readonly ledger: SimulatedLedger = { holds: new Map(), authoriseCalls: 0, captureCalls: 0, captures: 0, cancelCalls: 0, refundCalls: 0, refunds: new Map() };

  /** `latencyMs` stands in for the bank's round trip (the tests use it to widen races). */
  constructor(private readonly options: { latencyMs?: number } = {}) {
    this.maxCallMs = (options.latencyMs ?? 0) + 5_000;
  }

  private async wait(): Promise<void> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
  }

  validate(payment: PaymentInput, now: Date): void {
    if (payment.kind === 'saved-card') {
      if (!SAVED_CARD.test(payment.reference)) throw new ValidationError({ savedCard: 'That saved card is not known here.' });
      return;
    }
    if (payment.kind !== 'card') throw new ValidationError({ payment: 'Enter your card details.' });
    parseCard(payment.card, now, { requireAll: false });
  }

  async ensureCustomer(userId: number): Promise<string> {
    return `simcus_${userId}`;
  }

  /** Nothing to let go: a saved card lives only in its token. */
  async removeCard(): Promise<void> {}

  async forgetCustomer(): Promise<void> {}

  async authorise(request: AuthoriseRequest): Promise<AuthoriseResult> {
    if (request.payment.kind === 'saved-card') return this.authoriseSaved(request, request.payment.reference);
    if (request.payment.kind !== 'card') throw new ValidationError({ payment: 'Enter your card details.' });
    const card = parseCard(request.payment.card, request.now, { requireAll: false });
    this.ledger.authoriseCalls++;
    await this.wait();
    const summary = { brand: cardBrand(card.number), last4: last4(card) };
    const decline = DECLINES[card.number];
    if (decline) return { status: 'declined', reference: null, ...decline, ...summary };

    const hash = createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24);
    const reference = `sim_${hash}${card.number === CAPTURE_FAILS ? CAPTURE_FAILS_MARK : ''}`;
    if (!this.ledger.holds.has(reference)) this.ledger.holds.set(reference, { amountPence: request.amountPence, status: 'held' });
    const saved: SavedCardDetails | undefined = request.saveFor
      ? {
          reference: `simcard_${card.number === CAPTURE_FAILS ? 'capfail' : 'ok'}_${summary.brand}_${summary.last4}_${String(card.expMonth).padStart(2, '0')}${card.expYear}_${hash.slice(0, 16)}`,
          brand: summary.brand,
          last4: summary.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
        }
      : undefined;
    return { status: 'authorised', reference, ...summary, saved };
  }

  private async authoriseSaved(request: AuthoriseRequest, token: string): Promise<AuthoriseResult> {
    const parsed = SAVED_CARD.exec(token);
    if (!parsed) throw new ValidationError({ savedCard: 'That saved card is not known here.' });
    this.ledger.authoriseCalls++;
    await this.wait();
    const [, behaviour, brand, last] = parsed;
    const hash = createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24);
    const reference = `sim_${hash}${behaviour === 'capfail' ? CAPTURE_FAILS_MARK : ''}`;
    if (!this.ledger.holds.has(reference)) this.ledger.holds.set(reference, { amountPence: request.amountPence, status: 'held' });
    return { status: 'authorised', reference, brand: brand!, last4: last! };
  }

  async capture(request: { reference: string; amountPence: number }): Promise<CaptureResult> {
    this.ledger.captureCalls++;
    await this.wait();
    const hold = this.ledger.holds.get(request.reference);
    if (hold?.status === 'cancelled') return { ok: false, code: 'hold_released', message: 'The card hold had already been released.' };
    if (request.reference.endsWith(CAPTURE_FAILS_MARK)) {
      return { ok: false, code: 'capture_declined', message: 'Your bank refused the payment when we tried to take it.' };
    }
    if (hold?.status !== 'captured') this.ledger.captures++;
    this.ledger.holds.set(request.reference, { amountPence: request.amountPence, status: 'captured' });
    return { ok: true };
  }

  async cancel(request: { reference: string }): Promise<void> {
    this.ledger.cancelCalls++;
    await this.wait();
    const hold = this.ledger.holds.get(request.reference);
    if (hold && hold.status === 'held') hold.status = 'cancelled';
  }

  /** Refunds what was captured; more than the capture (all refunds of a hold together) is refused, as Stripe does. */
  async refund(request: { reference: string; amountPence: number; idempotencyKey: string }): Promise<RefundResult> {
    this.ledger.refundCalls++;
    await this.wait();
    const done = this.ledger.refunds.get(request.idempotencyKey);
    if (done) return { ok: true, reference: done.reference };
    const hold = this.ledger.holds.get(request.reference);
    // Holds live in one process's memory: a payment captured before a restart is not known here, and is refunded.
    if (hold && hold.status !== 'captured') return { ok: false, code: 'charge_not_captured', message: 'That payment was never taken.' };
    const before = [...this.ledger.refunds.values()].filter((r) => r.paymentReference === request.reference).reduce((sum, r) => sum + r.amountPence, 0);
    if (hold && before + request.amountPence > hold.amountPence) {
      return { ok: false, code: 'amount_too_large', message: 'The refund is more than what is left of the payment.' };
    }
    const reference = `sim_re_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
    this.ledger.refunds.set(request.idempotencyKey, { reference, paymentReference: request.reference, amountPence: request.amountPence });
    return { ok: true, reference };
  }
}
