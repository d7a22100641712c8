// The allergen rules: the 14, what a customised drink contains, and whether a product can be
// made without an allergen (and with which options).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALLERGEN_SLUGS,
  ALLERGENS,
  allergenFit,
  allergenName,
  allergensOf,
  allergenWord,
  allergenWords,
  isAllergen,
  normaliseAllergens,
  withSafeChoice,
} from '../../src/domain/allergens.js';
import { group, latte, option, product, shots, syrup } from '../support/menu-fixtures.js';

const milkGroup = (extra: { soyAvailable?: boolean; defaultAvailable?: boolean } = {}) =>
  group('milk', [
    option('semi-skimmed', 0, { isDefault: true, allergens: ['milk'], available: extra.defaultAvailable ?? true }),
    option('oat', 45, { allergens: ['gluten'] }),
    option('soy', 40, { allergens: ['soya'], available: extra.soyAvailable ?? true }),
  ]);

describe('the 14 UK allergens', () => {
  it('are fourteen, each with a name, in the FSA order', () => {
    assert.equal(ALLERGENS.length, 14);
    assert.equal(new Set(ALLERGEN_SLUGS).size, 14);
    assert.equal(ALLERGEN_SLUGS[0], 'celery');
    assert.equal(allergenName('sulphites'), 'Sulphur dioxide and sulphites');
    assert.equal(allergenWord('tree-nuts'), 'tree nuts');
    assert.equal(allergenWords([]), '');
    assert.equal(allergenWords(['milk']), 'milk');
    assert.equal(allergenWords(['milk', 'soya']), 'milk and soya');
    assert.equal(allergenWords(['gluten', 'milk', 'tree-nuts']), 'cereals containing gluten, milk and tree nuts');
  });

  it('tells a known slug from anything else', () => {
    assert.equal(isAllergen('peanuts'), true);
    assert.equal(isAllergen('nuts'), false);
    assert.equal(isAllergen(''), false);
  });

  it('normalises a list: known slugs only, once each, in the canonical order', () => {
    assert.deepEqual(normaliseAllergens(['soya', 'milk', 'bogus', 'milk', 'celery']), ['celery', 'milk', 'soya']);
    assert.deepEqual(normaliseAllergens([]), []);
  });
});

describe('allergensOf: what a drink contains as customised', () => {
  it('joins the product’s own allergens and every chosen option’s', () => {
    const mocha = { allergens: ['soya' as const, 'milk' as const] };
    assert.deepEqual(allergensOf(mocha, [{ allergens: ['gluten'] }, { allergens: ['milk'] }]), ['gluten', 'milk', 'soya']);
    assert.deepEqual(allergensOf({ allergens: [] }, []), []);
  });
});

describe('allergenFit: can a product be made without an allergen', () => {
  it('is free when nothing is avoided, or nothing in the defaults contains it', () => {
    const coffee = latte({ groups: [milkGroup(), shots(), syrup()] });
    assert.deepEqual(allergenFit(coffee, []), { kind: 'free' });
    assert.deepEqual(allergenFit(coffee, ['peanuts']), { kind: 'free' });
    // An optional group's option with the allergen is never preselected, so it does not count.
    const withNutSyrup = product([group('syrup', [option('praline', 50, { allergens: ['tree-nuts'] })], { selection: 'multi', required: false })]);
    assert.deepEqual(allergenFit(withNutSyrup, ['tree-nuts']), { kind: 'free' });
  });

  it('is adaptable when only a default option brings it in, naming the first safe option', () => {
    const fit = allergenFit(latte({ groups: [milkGroup(), shots()] }), ['milk']);
    assert.deepEqual(fit, { kind: 'adaptable', choice: { milk: 'oat' }, via: ['milk'] });
    // Avoiding milk and gluten skips oat for soy.
    assert.deepEqual(allergenFit(latte({ groups: [milkGroup(), shots()] }), ['milk', 'gluten']), {
      kind: 'adaptable',
      choice: { milk: 'soy' },
      via: ['milk'],
    });
  });

  it('picks a safe option when the default is sold out, without claiming the default brought anything', () => {
    const fit = allergenFit(latte({ groups: [milkGroup({ defaultAvailable: false }), shots()] }), ['gluten']);
    assert.deepEqual(fit, { kind: 'adaptable', choice: { milk: 'soy' }, via: [] });
  });

  it('is impossible when the product itself contains it', () => {
    const croissant = product([], { allergens: ['gluten', 'eggs', 'milk'] });
    assert.deepEqual(allergenFit(croissant, ['milk', 'peanuts', 'eggs']), { kind: 'impossible', because: ['eggs', 'milk'] });
  });

  it('is impossible when a required group has no available option without it', () => {
    const dairyOnly = latte({ groups: [milkGroup({ soyAvailable: false }), shots()] });
    assert.deepEqual(allergenFit(dairyOnly, ['milk', 'gluten']), { kind: 'impossible', because: ['gluten', 'milk'] });
  });
});

describe('withSafeChoice: the product page preselects safe options', () => {
  it('fills only the groups the customer left to their default', () => {
    const fit = { kind: 'adaptable' as const, choice: { milk: 'oat', blend: 'decaf' }, via: ['milk' as const] };
    assert.deepEqual(withSafeChoice({ blend: 'regular', shots: 'double' }, fit), { blend: 'regular', shots: 'double', milk: 'oat' });
  });

  it('leaves the choice alone when nothing needs changing', () => {
    const choice = { milk: 'whole' };
    assert.equal(withSafeChoice(choice, { kind: 'free' }), choice);
    assert.equal(withSafeChoice(choice, { kind: 'impossible', because: ['milk'] }), choice);
  });
});
