// Card details as typed by a customer: checked (Luhn, expiry, CVC) and reduced
// to brand + last 4 before anything is stored. The full number never leaves memory.
import { ValidationError, type FieldErrors } from '../domain/errors.js';
import { hasExpired, parseCardExpiry } from '../domain/card-expiry.js';

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number; // four digits
  cvc: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  return 'card';
}

export interface CardInput {
  number?: unknown;
  expiry?: unknown;
  cvc?: unknown;
}

/**
 * "4242 4242 4242 4242", "12/34" (or "1234", "12 / 34": domain/card-expiry.ts) and "123" from a form or JSON, checked at `now`.
 * The checkout form always asks for all three; the API contract (DESIGN.md §5)
 * may send the number alone, so `expiry` and `cvc` are checked when present.
 */
export function parseCard(input: CardInput, now: Date, { requireAll = true } = {}): CardDetails {
  const fields: FieldErrors = {};
  const number = typeof input.number === 'string' ? input.number.replace(/[\s-]/g, '') : '';
  if (!/^\d{12,19}$/.test(number)) fields['card'] = 'Enter the long number on the front of your card.';
  else if (!luhnValid(number)) fields['card'] = 'That card number is not valid. Please check it.';

  const expiry = typeof input.expiry === 'string' ? input.expiry.trim() : '';
  const skipExpiry = !requireAll && input.expiry === undefined;
  const typed = parseCardExpiry(expiry);
  let expMonth = 0;
  let expYear = 0;
  if (skipExpiry) {
    expMonth = 12;
    expYear = now.getUTCFullYear() + 1;
  } else if (!typed) {
    fields['expiry'] = 'Enter the expiry date as MM/YY, for example 12/29.';
  } else {
    expMonth = typed.month;
    expYear = typed.year;
    if (expMonth < 1 || expMonth > 12) fields['expiry'] = 'The expiry month must be between 01 and 12.';
    else if (hasExpired(typed, now)) fields['expiry'] = 'This card has expired.';
  }

  const cvc = typeof input.cvc === 'string' ? input.cvc.trim() : '';
  const skipCvc = !requireAll && input.cvc === undefined;
  if (!skipCvc && !/^\d{3,4}$/.test(cvc)) fields['cvc'] = 'Enter the 3 or 4 digit security code.';

  if (Object.keys(fields).length > 0) throw new ValidationError(fields, 'Please check your card details.');
  return { number, expMonth, expYear, cvc };
}

export function last4(card: CardDetails): string {
  return card.number.slice(-4);
}
