// Delivers a 'payment-void' row: releases the order's card hold through the
// payment gateway (src/payments/void.ts, safe to repeat). An order with nothing
// held, or one that was charged after all, needs nothing more: delivered.
import type { AppDeps } from '../deps.js';
import { voidHeldPayment } from '../payments/void.js';
import { PermanentDeliveryError, type OutboxHandler } from './handlers.js';

export function paymentVoidHandler(deps: AppDeps): OutboxHandler {
  return async (row) => {
    const orderId = row.payload['orderId'];
    if (typeof orderId !== 'string') throw new PermanentDeliveryError('payment-void without an orderId');
    await voidHeldPayment(deps, orderId);
  };
}
