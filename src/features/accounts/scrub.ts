// Erasing a person from a JSON value (audit rows, Stripe webhook payloads): keys that hold personal
// data lose their value, and any string mentioning the email address is replaced. Pure.
const PERSONAL_KEYS = new Set(['email', 'firstName', 'lastName', 'first_name', 'last_name', 'name', 'to', 'newEmail', 'customer', 'phone']);
/** What Stripe's objects carry about the customer (PaymentIntent, Charge, Customer, Checkout Session). */
const STRIPE_CUSTOMER_KEYS = new Set([
  'receipt_email',
  'billing_details',
  'shipping',
  'customer_details',
  'customer_email',
  'customer',
  'email',
  'name',
  'phone',
  'address',
]);

export const ERASED = '[erased]';

export interface ScrubOptions {
  addresses: string[];
  names: string[];
  /** Also drop Stripe's customer fields (webhook payloads). */
  stripeCustomerFields?: boolean;
}

export function scrubPersonal(value: unknown, options: ScrubOptions): unknown {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return options.addresses.some((a) => lower.includes(a)) || options.names.includes(value) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((item) => scrubPersonal(item, options));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (PERSONAL_KEYS.has(key) && (typeof item === 'string' || options.stripeCustomerFields)) out[key] = item === null ? null : ERASED;
    else if (options.stripeCustomerFields && STRIPE_CUSTOMER_KEYS.has(key)) out[key] = item === null ? null : ERASED;
    else out[key] = scrubPersonal(item, options);
  }
  return out;
}
