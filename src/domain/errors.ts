// Typed errors thrown by features and mapped to HTTP in one place (src/web/error-handler.ts).

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldErrors, message = 'Some details need fixing.') {
    super(400, 'invalid', message, fields);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Please log in.') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Page') {
    super(404, 'not_found', `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

export class PaymentDeclinedError extends AppError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(402, 'payment_declined', message);
  }
}

export class RateLimitedError extends AppError {
  /** When one more attempt will be allowed: the answer's Retry-After header. */
  readonly retryAfterSeconds: number;
  constructor(message = 'Too many attempts. Please wait a moment.', retryAfterSeconds = 60) {
    super(429, 'rate_limited', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
