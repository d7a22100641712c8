// Counts what goes wrong with payment calls on /metrics (alpaca_payment_errors_total), by operation
// and kind, for whichever gateway is in use: a refusal the provider answered is `declined`; a thrown
// GatewayConfigurationError is `configuration`; any other thrown error is `transient` (retried).
import { paymentErrors, type PaymentErrorKind } from '../observability/counters.js';
import { GatewayConfigurationError, type PaymentGateway } from './gateway.js';

function kindOf(error: unknown): PaymentErrorKind {
  return error instanceof GatewayConfigurationError ? 'configuration' : 'transient';
}

async function counted<T>(operation: string, call: () => Promise<T>, refused: (result: T) => boolean): Promise<T> {
  try {
    const result = await call();
    if (refused(result)) paymentErrors.inc({ operation, kind: 'declined' });
    return result;
  } catch (error) {
    paymentErrors.inc({ operation, kind: kindOf(error) });
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
    counted(
      'authorise',
      () => authorise(request),
      (r) => r.status === 'declined',
    );
  g.capture = (request) =>
    counted(
      'capture',
      () => capture(request),
      (r) => !r.ok,
    );
  g.refund = (request) =>
    counted(
      'refund',
      () => refund(request),
      (r) => !r.ok,
    );
  g.cancel = (request) =>
    counted(
      'cancel',
      () => cancel(request),
      () => false,
    );
  return gateway;
}
