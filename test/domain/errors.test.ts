// The typed errors: each carries the HTTP status and code that the error handler answers with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PaymentDeclinedError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../../src/domain/errors.js';

describe('typed errors', () => {
  it('carry their status, code and default message', () => {
    const cases: [AppError, number, string, string][] = [
      [new ValidationError({ email: 'Enter an email.' }), 400, 'invalid', 'Some details need fixing.'],
      [new UnauthorizedError(), 401, 'unauthorized', 'Please log in.'],
      [new ForbiddenError(), 403, 'forbidden', 'You do not have access to this.'],
      [new NotFoundError('Order'), 404, 'not_found', 'Order not found.'],
      [new NotFoundError(), 404, 'not_found', 'Page not found.'],
      [new ConflictError('Store closed.', 'store_closed'), 409, 'store_closed', 'Store closed.'],
      [new ConflictError('Taken.'), 409, 'conflict', 'Taken.'],
      [new PaymentDeclinedError('Your card was declined.', 'insufficient_funds'), 402, 'payment_declined', 'Your card was declined.'],
      [new RateLimitedError(), 429, 'rate_limited', 'Too many attempts. Please wait a moment.'],
      [new RateLimitedError('Wait an hour.'), 429, 'rate_limited', 'Wait an hour.'],
    ];
    for (const [error, status, code, message] of cases) {
      assert.ok(error instanceof AppError && error instanceof Error);
      assert.deepEqual([error.status, error.code, error.message, error.name], [status, code, message, 'AppError']);
    }
  });

  it('keep the field errors and the decline reason', () => {
    assert.deepEqual(new ValidationError({ email: 'Enter an email.' }).fields, { email: 'Enter an email.' });
    assert.equal(new PaymentDeclinedError('Declined.', 'card_declined').reason, 'card_declined');
    assert.equal(new UnauthorizedError().fields, undefined);
  });
});
