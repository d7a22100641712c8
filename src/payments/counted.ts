// Counts what goes wrong with payment calls on /metrics (alpaca_payment_errors_total), by operation
// and kind, for whichever gateway is in use: a refusal the provider answered is `declined`; a thrown
// GatewayConfigurationError is `configuration`; any other thrown error is `transient` (retried).
// Thrown errors are also handed to the gateway's listeners (the admin payments log, decision 708).
import { paymentErrors, type PaymentErrorKind } from '../observability/counters.js';
import { GatewayConfigurationError, GatewayUnavailableError, type PaymentGateway } from './gateway.js';

/** A payment call that failed with an error rather than an answer. */
export interface PaymentErrorEntry {
  gateway: string;
  operation: string;
  kind: 'configuration' | 'transient';
  /** The order, when the call names it (authorise) or its idempotency key does (capture, cancel, refund). */
  orderId: string | null;
  reference: string | null;
  /** The cause as the gateway gave it (a configuration fault's type, status, code, request id and message). */
  message: string;
}
export type PaymentErrorListener = (entry: PaymentErrorEntry) => Promise<void> | void;

const listeners = new WeakMap<object, Set<PaymentErrorListener>>();

/** Hears every failed call of this gateway; returns the unsubscribe. */
export function onPaymentError(gateway: PaymentGateway, listener: PaymentErrorListener): () => void {
  let set = listeners.get(gateway);
  if (!set) listeners.set(gateway, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function kindOf(error: unknown): 'configuration' | 'transient' {
  return error instanceof GatewayConfigurationError ? 'configuration' : 'transient';
}

const ORDER_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function causeOf(error: unknown): string {
  if (error instanceof GatewayConfigurationError || error instanceof GatewayUnavailableError) return error.detail ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

export interface CallTarget {
  /** An order id, or a key or text holding one (`order-<id>-capture`, `refund-<id>-…`). */
  order?: string | null | undefined;
  reference?: string | null | undefined;
}

/** Runs one payment call, counting (and telling the listeners of) a failure; the error is rethrown as it was. */
export async function countedPaymentCall<T>(
  gateway: PaymentGateway,
  operation: string,
  call: () => Promise<T>,
  target: CallTarget = {},
  refused: (result: T) => boolean = () => false,
): Promise<T> {
  try {
    const result = await call();
    if (refused(result)) paymentErrors.inc({ operation, kind: 'declined' satisfies PaymentErrorKind });
    return result;
  } catch (error) {
    const kind = kindOf(error);
    paymentErrors.inc({ operation, kind });
    const entry: PaymentErrorEntry = {
      gateway: gateway.name,
      operation,
      kind,
      orderId: ORDER_ID.exec(target.order ?? '')?.[0]?.toLowerCase() ?? null,
      reference: target.reference ?? null,
      message: causeOf(error).slice(0, 2000),
    };
    // Told before the error goes on, so the log has it when the caller answers; a listener's own
    // failure is its own business and never replaces the payment error.
    for (const listener of listeners.get(gateway) ?? []) await Promise.resolve(listener(entry)).catch(() => undefined);
    throw error;
  }
}

/** Counts the gateway's failures in place (the same object: tests read the simulated gateway's ledger through it). */
export function countFailures<G extends PaymentGateway>(gateway: G): G {
  const g = gateway as PaymentGateway;
  const authorise = g.authorise.bind(g);
  const capture = g.capture.bind(g);
  const refund = g.refund.bind(g);
  const cancel = g.cancel.bind(g);
  g.authorise = (request) =>
    countedPaymentCall(
      g,
      'authorise',
      () => authorise(request),
      { order: request.orderId },
      (r) => r.status === 'declined',
    );
  g.capture = (request) =>
    countedPaymentCall(
      g,
      'capture',
      () => capture(request),
      { order: request.idempotencyKey, reference: request.reference },
      (r) => !r.ok,
    );
  g.refund = (request) =>
    countedPaymentCall(
      g,
      'refund',
      () => refund(request),
      { order: request.idempotencyKey, reference: request.reference },
      (r) => !r.ok,
    );
  const ensureCustomer = g.ensureCustomer.bind(g);
  // "Save this card" makes the Customer during checkout: a wrong key may first show here.
  g.ensureCustomer = (userId) => countedPaymentCall(g, 'customer', () => ensureCustomer(userId));
  g.cancel = (request) => countedPaymentCall(g, 'cancel', () => cancel(request), { order: request.idempotencyKey, reference: request.reference });
  return gateway;
}
