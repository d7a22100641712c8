// The client's Idempotency-Key: one rule for every request that may be repeated safely
// (placing an order, adding to the basket). The same key sent again is the same request.
import { ValidationError } from './errors.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,255}$/;

export function checkIdempotencyKey(key: string | undefined): string {
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError({ 'Idempotency-Key': 'Send a unique Idempotency-Key header (8–255 letters, digits, . _ : -) with each new order.' });
  }
  return key;
}
