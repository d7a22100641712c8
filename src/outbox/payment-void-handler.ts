// Delivers a 'payment-void' row: releases the card hold it names through the payment gateway
// (src/payments/void.ts, safe to repeat). A hold that was charged, or that the order still relies
// on, needs nothing more: delivered.
import type { AppDeps } from '../deps.js';
import { voidHeldPayment } from '../payments/void.js';
import { GatewayConfigurationError } from '../payments/gateway.js';
import { PermanentDeliveryError, type OutboxHandler } from './handlers.js';

export function paymentVoidHandler(deps: AppDeps): OutboxHandler {
  return async (row) => {
    const { orderId, reference, attempt } = row.payload;
    if (typeof orderId !== 'string') throw new PermanentDeliveryError('payment-void without an orderId');
    // Rows written before voids named their hold mean the order's current one.
    const hold = typeof reference === 'string' ? { reference, attempt: typeof attempt === 'number' ? attempt : 1 } : undefined;
    try {
      await voidHeldPayment(deps, orderId, hold);
    } catch (error) {
      // Retrying cannot fix a wrong key or a refused request: park it with the cause, for a person.
      if (error instanceof GatewayConfigurationError) throw new PermanentDeliveryError(`payment provider refused the request: ${error.detail}`);
      throw error;
    }
  };
}
