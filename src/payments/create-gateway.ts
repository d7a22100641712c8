// Picks the gateway PAYMENT_GATEWAY names. main.ts builds it once; tests build their own.
import type { Config } from '../config.js';
import type { PaymentGateway } from './gateway.js';
import { SimulatedGateway } from './simulated.js';
import { StripeGateway } from './stripe.js';
import { countFailures } from './counted.js';

export function createPaymentGateway(config: Config): PaymentGateway {
  if (config.paymentGateway === 'stripe') {
    // loadConfig already insists on the key when PAYMENT_GATEWAY=stripe.
    return countFailures(new StripeGateway({ secretKey: config.stripeSecretKey!, apiBase: config.stripeApiBase }));
  }
  return countFailures(new SimulatedGateway());
}
