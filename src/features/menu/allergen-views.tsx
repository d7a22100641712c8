// What the menu and the product page show about allergens: the filter form (a GET form, no
// JavaScript needed), the "may contain" notice that is always there, and the allergens of the
// drink as customised (every one of the 14 rendered, the absent ones hidden, so app.js can show
// the right ones as choices change without knowing their names).
import { ALLERGENS, type Allergen, allergenName, allergensOf, allergenWords, MAY_CONTAIN_NOTICE } from '../../domain/allergens.js';
import type { MenuOption, MenuProduct } from '../../domain/customisation.js';
import { plural } from '../../domain/words.js';
import { Message } from '../../web/message.js';
import type { AllergenFilter } from './allergen-filter.js';

export function MayContainNotice() {
  return (
    <p class="may-contain" data-may-contain>
      <strong>May contain:</strong> {MAY_CONTAIN_NOTICE.replace(/^May contain /, '')}
    </p>
  );
}

export function AllergenFilterPanel({ action, filter, hidden }: { action: string; filter: AllergenFilter; hidden: number }) {
  const active = filter.avoid.length > 0;
  return (
    <section class="allergen-filter" aria-labelledby="allergen-filter-heading">
      <details open={filter.error !== undefined}>
        <summary id="allergen-filter-heading">Allergens{active ? `: without ${allergenWords(filter.avoid)}` : ': filter the menu'}</summary>
        <form method="get" action={action} class="allergen-filter__form">
          <fieldset class={filter.error ? 'field--invalid' : undefined} aria-describedby={filter.error ? 'without-error' : undefined}>
            <legend>Leave out anything containing</legend>
            <div class="allergen-filter__choices">
              {ALLERGENS.map((a) => (
                <label class="allergen-choice">
                  <input type="checkbox" name="without" value={a.slug} checked={filter.avoid.includes(a.slug)} /> {a.name}
                </label>
              ))}
            </div>
            {filter.error && (
              <p class="field-error" id="without-error">
                {filter.error}
              </p>
            )}
          </fieldset>
          <div class="actions">
            <button class="button button--primary" type="submit">
              Show the menu
            </button>
            {active && (
              <a class="button" href={action}>
                Clear
              </a>
            )}
          </div>
        </form>
      </details>
      {filter.error && (
        <Message kind="error">
          <p>The allergen filter was not applied: {filter.error}</p>
        </Message>
      )}
      {active && (
        <Message kind="info">
          <p data-allergen-summary>
            Showing what can be made without {allergenWords(filter.avoid)}.{' '}
            {hidden === 0 ? 'Nothing is hidden.' : `${plural(hidden, 'item')} hidden: they contain it whatever you choose.`} Items marked “can be made without”
            open with safe options chosen.
          </p>
        </Message>
      )}
      <MayContainNotice />
    </section>
  );
}

/** The allergens a set of selected options brings, with the product's own. */
export function selectedAllergens(product: MenuProduct, selected: Record<string, Set<string>>): Allergen[] {
  const options: MenuOption[] = product.groups.flatMap((g) => g.options.filter((o) => selected[g.slug]?.has(o.slug)));
  return allergensOf(product, options);
}

/** The drink's allergens as customised; app.js keeps it current as options change. */
export function DrinkAllergens({ contains, avoid }: { contains: readonly Allergen[]; avoid: readonly Allergen[] }) {
  return (
    <section class="drink-allergens" aria-labelledby="drink-allergens-heading">
      <h2 id="drink-allergens-heading">Allergens in your choice</h2>
      <ul class="allergen-list" data-allergen-list aria-live="polite">
        {ALLERGENS.map((a) => (
          <li class={avoid.includes(a.slug) ? 'allergen allergen--avoided' : 'allergen'} data-allergen={a.slug} hidden={!contains.includes(a.slug)}>
            {a.name}
            {avoid.includes(a.slug) && <span class="allergen__note"> (you are avoiding this)</span>}
          </li>
        ))}
        <li class="allergen allergen--none" data-allergen-none hidden={contains.length > 0}>
          None of the 14 UK allergens
        </li>
      </ul>
      <MayContainNotice />
    </section>
  );
}

/** Beside an option: what it brings in ("milk"), flagged when it is one the customer avoids. */
export function OptionAllergens({ option, avoid }: { option: MenuOption; avoid: readonly Allergen[] }) {
  if (option.allergens.length === 0) return null;
  const avoided = option.allergens.some((a) => avoid.includes(a));
  return (
    <span class={avoided ? 'option__allergens option__allergens--avoided' : 'option__allergens'}>
      {avoided ? 'Contains ' : ''}
      {option.allergens.map(allergenName).join(', ')}
    </span>
  );
}
