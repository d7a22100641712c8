// Saved cards on the account page (remove) and at checkout / pay again (choose one, or save a new one).
import { Csrf, type PageContext } from '../../web/layout.js';
import type { SavedCard } from './service.js';
import { cardBrandName } from '../../domain/words.js';

/** "Visa ending 4242, expires 12/30". */
export function cardWords(card: SavedCard): string {
  return `${cardBrandName(card.brand)} ending ${card.last4}, expires ${String(card.expMonth).padStart(2, '0')}/${String(card.expYear).slice(-2)}`;
}

export function SavedCardsSection({ ctx, cards }: { ctx: PageContext; cards: SavedCard[] }) {
  return (
    <section class="panel" aria-labelledby="cards-heading">
      <h2 id="cards-heading">Saved cards</h2>
      {cards.length === 0 ? (
        <p class="muted">No saved cards. Tick "Save this card" at checkout to pay faster next time.</p>
      ) : (
        <ul class="saved-cards">
          {cards.map((card) => (
            <li class="saved-card" data-saved-card-id={card.id}>
              <span>{cardWords(card)}</span>
              <form method="post" action={`/account/cards/${card.id}/remove`} class="inline-form">
                <Csrf ctx={ctx} />
                <button type="submit" class="button button--small button--quiet" aria-label={`Remove ${cardWords(card)}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">We keep only the card's brand, last 4 digits and expiry; the number stays with the payment provider.</p>
    </section>
  );
}

/** At checkout and on pay again: pay with a saved card (first, preselected) or a new one. Works without JavaScript. */
export function SavedCardChoice({ cards, chosen }: { cards: SavedCard[]; chosen?: string | undefined }) {
  if (cards.length === 0) return null;
  const selected = chosen ?? String(cards[0]!.id);
  return (
    <fieldset class="option-group saved-card-choice">
      <legend>Pay with</legend>
      <div class="option-list">
        {cards.map((card) => (
          <label class="option" for={`saved-card-${card.id}`}>
            <input id={`saved-card-${card.id}`} type="radio" name="savedCard" value={card.id} checked={selected === String(card.id)} />
            <span class="option__name">{cardWords(card)}</span>
          </label>
        ))}
        <label class="option" for="saved-card-new">
          <input id="saved-card-new" type="radio" name="savedCard" value="new" checked={selected === 'new'} />
          <span class="option__name">A new card (below)</span>
        </label>
      </div>
    </fieldset>
  );
}

/** "Save this card" under the card fields: opt-in, never ticked for the customer. */
export function SaveCardBox({ checked }: { checked?: boolean | undefined }) {
  return (
    <div class="field field--checkbox">
      <label for="saveCard">
        <input id="saveCard" type="checkbox" name="saveCard" value="on" checked={checked === true} /> Save this card for next time
      </label>
    </div>
  );
}
