// What the customer pays with, from a form or the API: a saved card (by its id) or the card fields
// (typed, or a Stripe PaymentMethod). "Save this card" applies only to a new card (decision 323).
import type { AppDeps } from '../../deps.js';
import type { PaymentInput } from '../../payments/gateway.js';
import { savedCardPayment } from '../saved-cards/index.js';

export interface PaymentFields {
  card?: string | undefined;
  expiry?: string | undefined;
  cvc?: string | undefined;
  paymentMethod?: string | undefined;
  /** A saved card's id, or "new" (the page's radio) for the card fields. */
  savedCard?: number | string | undefined;
}

export function paymentInput(payment: PaymentFields): PaymentInput {
  if (payment.paymentMethod !== undefined) return { kind: 'payment-method', paymentMethodId: payment.paymentMethod };
  return { kind: 'card', card: { number: payment.card ?? '', expiry: payment.expiry, cvc: payment.cvc } };
}

export async function choosePayment(deps: AppDeps, userId: number, payment: PaymentFields): Promise<PaymentInput> {
  const saved = payment.savedCard;
  // A card typed (or made by Stripe Elements) is the card to pay with, whatever radio was left on.
  const typed = (payment.card ?? '').trim() !== '' || payment.paymentMethod !== undefined;
  if (saved === undefined || saved === 'new' || typed) return paymentInput(payment);
  const id = typeof saved === 'number' ? saved : /^[1-9][0-9]{0,8}$/.test(saved) ? Number(saved) : -1;
  return savedCardPayment(deps, userId, id);
}
