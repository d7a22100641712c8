// The "Place order" form on the checkout page. With the simulated gateway it
// asks for the card here (no JavaScript needed); with Stripe, Stripe Elements
// collects the card in Stripe's own frame and only a PaymentMethod id is posted.
// The idempotency key is made per checkout view, so a double click or a resent
// form is the same order.
import { randomUUID } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../domain/errors.js';
import { formatPence } from '../../domain/money.js';
import { ErrorSummary, TextField } from '../../web/forms.js';
import { Csrf, FieldError, type PageContext } from '../../web/layout.js';
import { Message } from '../../web/message.js';
import { NOTE_MAX_LENGTH } from './place-order.js';
import { SaveCardBox, SavedCardChoice, type SavedCard } from '../saved-cards/index.js';

export interface PaymentFormProps {
  ctx: PageContext;
  totalPence: number;
  gateway: 'simulated' | 'stripe';
  stripePublishableKey?: string | undefined;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
  /** What was typed, shown again after a refusal so nothing has to be typed twice. */
  card?: TypedCard | undefined;
  /** Where the form posts, its button and the line above it: checkout's unless given (pay again reuses the form). */
  action?: string;
  submitLabel?: string;
  note?: string;
  heading?: string;
  /** Why the order can't be placed now (store closed or paused): the button is disabled and says so. */
  blocked?: string | undefined;
  /** The customer's note to the barista as typed (checkout only). */
  customerNote?: string | undefined;
  /** When making starts (timing-views.tsx), part of the same form. */
  timing?: ComponentChildren;
  /** The customer's saved cards (decision 323): chosen by a radio, the first preselected; "a new card" uses the fields. */
  savedCards?: SavedCard[] | undefined;
  chosenCard?: string | undefined;
  /** Offer "Save this card" under the card fields (checkout). */
  offerSave?: boolean | undefined;
  saveChecked?: boolean | undefined;
}

export interface TypedCard {
  number?: string | undefined;
  expiry?: string | undefined;
  cvc?: string | undefined;
}

export function PaymentForm({
  ctx,
  totalPence,
  gateway,
  stripePublishableKey,
  errors,
  message,
  card,
  action,
  submitLabel,
  note,
  heading,
  blocked,
  customerNote,
  timing,
  savedCards = [],
  chosenCard,
  offerSave,
  saveChecked,
}: PaymentFormProps) {
  // With a saved card chosen the fields stay empty: the browser must not refuse the form for them
  // (the server still asks for them when "A new card" is chosen).
  const cardRequired = savedCards.length === 0;
  return (
    <section class="panel" aria-labelledby="payment-heading">
      <h2 id="payment-heading">{heading ?? 'Payment'}</h2>
      <ErrorSummary errors={errors} message={message} />
      <form method="post" action={action ?? '/orders'} class="payment-form" data-payment-form={gateway}>
        <Csrf ctx={ctx} />
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        {action === undefined && <NoteField value={customerNote} error={errors?.['note']} />}
        {timing}
        <SavedCardChoice cards={savedCards} chosen={chosenCard} />
        {gateway === 'stripe' ? (
          <>
            {/* Apple Pay / Google Pay (decision 324): shown by checkout-stripe.js only where a wallet is available. */}
            <div class="field express-checkout" data-express-checkout hidden>
              <p class="hint">Pay with your phone's wallet, or with a card below.</p>
              <div id="express-checkout" data-publishable-key={stripePublishableKey} data-amount={totalPence} />
              <p class="field-error" id="express-checkout-errors" role="alert" />
            </div>
            <div class="field">
              <label for="card-element">Card</label>
              <div id="card-element" class="stripe-card" data-publishable-key={stripePublishableKey} />
              <p class="field-error" id="card-errors" role="alert" />
            </div>
            <input type="hidden" name="paymentMethod" value="" />
            <noscript>
              <Message kind="warning">
                <p>Card payments through Stripe need JavaScript.</p>
              </Message>
            </noscript>
          </>
        ) : (
          // app.js hides (and disables) these while a saved card is chosen; without it they stay.
          <div data-new-card>
            <TextField
              name="cardNumber"
              label="Card number"
              autocomplete="cc-number"
              inputMode="numeric"
              value={card?.number}
              errors={renamed(errors, 'card', 'cardNumber')}
              hint="Test cards: 4242 4242 4242 4242 works; 4000 0000 0000 0002 is declined."
              maxLength={23}
              required={cardRequired}
            />
            <TextField
              name="expiry"
              label="Expiry (MM/YY)"
              autocomplete="cc-exp"
              inputMode="numeric"
              placeholder="MM/YY"
              value={card?.expiry}
              errors={errors}
              maxLength={7}
              required={cardRequired}
            />
            <TextField
              name="cvc"
              label="Security code (CVC)"
              autocomplete="cc-csc"
              inputMode="numeric"
              value={card?.cvc}
              errors={errors}
              maxLength={4}
              required={cardRequired}
            />
          </div>
        )}
        {offerSave && (
          <div data-new-card>
            <SaveCardBox checked={saveChecked} />
          </div>
        )}
        <p class="muted">{note ?? `We hold ${formatPence(totalPence)} on your card now and take it only when we start making your order.`}</p>
        {blocked && (
          <p class="field-error" id="place-order-blocked">
            {blocked}
          </p>
        )}
        <button
          type="submit"
          class="button button--primary button--large"
          disabled={blocked !== undefined}
          aria-describedby={blocked ? 'place-order-blocked' : undefined}
        >
          {submitLabel ?? 'Place order'}
        </button>
      </form>
      {gateway === 'stripe' && (
        <>
          <script src="https://js.stripe.com/v3/" />
          <script src="/static/checkout-stripe.js" defer />
        </>
      )}
    </section>
  );
}

function renamed(errors: FieldErrors | undefined, from: string, to: string): FieldErrors | undefined {
  if (!errors?.[from]) return errors;
  return { ...errors, [to]: errors[from]! };
}

/** The customer's note to the barista: optional, up to 140 characters, printed big on the ticket. */
function NoteField({ value, error }: { value: string | undefined; error: string | undefined }) {
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for="note">Note for the barista (optional)</label>
      <p class="hint" id="note-hint">
        An allergy or anything we should know, up to {NOTE_MAX_LENGTH} characters. It is printed on your ticket.
      </p>
      <textarea
        id="note"
        name="note"
        rows={2}
        maxLength={NOTE_MAX_LENGTH}
        aria-describedby={error ? 'note-hint note-error' : 'note-hint'}
        aria-invalid={error ? 'true' : undefined}
      >
        {value ?? ''}
      </textarea>
      <FieldError id="note-error" message={error} />
    </div>
  );
}
