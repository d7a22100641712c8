// AppDeps: what every feature is given. A leaf module (type imports only), so that a feature
// taking its dependencies never imports app.ts, which imports every feature.
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import type { PaymentGateway } from './payments/gateway.js';
import type { LiveHub } from './live/live-hub.js';
import type { Lifecycle } from './web/lifecycle.js';

export interface AppDeps {
  config: Config;
  db: Database;
  /** The time; tests pass a fixed clock. */
  clock: () => Date;
  lifecycle: Lifecycle;
  /** The payment gateway PAYMENT_GATEWAY names (src/payments/). */
  payments: PaymentGateway;
  /** This instance's live events: one LISTEN fanned out to SSE streams (src/live/live-hub.ts). */
  live: LiveHub;
}
