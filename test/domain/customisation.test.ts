// The customisation rules: pricing, defaults, option checks, availability, quantity, merge keys.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProductAvailable, optionsKey, quantityProblem, resolveCustomisation, toChoice, type CustomisationResult } from '../../src/domain/customisation.js';
import { group, latte, milk, option, product, shots, syrup } from '../support/menu-fixtures.js';

function ok(result: CustomisationResult) {
  if (!result.ok) assert.fail(`expected a valid customisation, got ${JSON.stringify(result.fields)}`);
  return result;
}

function fields(result: CustomisationResult) {
  if (result.ok) assert.fail('expected the customisation to be refused');
  return result.fields;
}

const slugs = (result: { chosen: { groupSlug: string; option: { slug: string } }[] }) => result.chosen.map((c) => `${c.groupSlug}:${c.option.slug}`);

describe('resolveCustomisation: pricing and defaults', () => {
  it('prices a line as the base price plus every chosen delta', () => {
    const result = ok(resolveCustomisation(latte(), { milk: 'oat', shots: 'double', syrup: ['vanilla', 'caramel'] }));
    assert.equal(result.unitPence, 340 + 45 + 60 + 50 + 50);
    assert.deepEqual(slugs(result), ['milk:oat', 'shots:double', 'syrup:vanilla', 'syrup:caramel']);
  });

  it('refuses choices whose discounts would price the line below nothing (naming options), and allows exactly free', () => {
    const discounted = (delta: number) => product([group('milk', [option('free-milk', delta, { isDefault: true })], { required: true })]);
    const refused = resolveCustomisation(discounted(-341), {});
    assert.equal(refused.ok, false);
    assert.match((refused as { fields: Record<string, string> }).fields['options']!, /less than nothing/);
    assert.equal(ok(resolveCustomisation(discounted(-340), {})).unitPence, 0);
  });

  it('applies the default of each required single group when nothing is chosen, and nothing for optional groups', () => {
    const result = ok(resolveCustomisation(latte(), {}));
    assert.equal(result.unitPence, 340);
    assert.deepEqual(slugs(result), ['milk:semi-skimmed', 'shots:single']);
  });

  it('accepts a single-group choice given as a one-item list, and a multi choice given as a string', () => {
    const result = ok(resolveCustomisation(latte(), { milk: ['whole'], syrup: 'hazelnut' }));
    assert.deepEqual(slugs(result), ['milk:whole', 'shots:single', 'syrup:hazelnut']);
    assert.equal(result.unitPence, 390);
  });

  it('counts a repeated option once and ignores blank entries', () => {
    const result = ok(resolveCustomisation(latte(), { syrup: ['vanilla', 'vanilla', ' ', ''] }));
    assert.equal(result.unitPence, 390);
  });

  it('refuses a required group whose default is unavailable when the customer chose nothing there', () => {
    const p = product([milk({ semiAvailable: false }), shots()]);
    assert.match(fields(resolveCustomisation(p, {}))['options.milk']!, /choose a milk/i);
    assert.equal(ok(resolveCustomisation(p, { milk: 'oat' })).unitPence, 385);
  });
});

describe('resolveCustomisation: refusals name the field', () => {
  it('refuses more than max options in a multi group, and accepts exactly max', () => {
    const four = fields(resolveCustomisation(latte(), { syrup: ['vanilla', 'caramel', 'hazelnut', 'cinnamon'] }));
    assert.match(four['options.syrup']!, /at most 3/);
    assert.equal(ok(resolveCustomisation(latte(), { syrup: ['vanilla', 'caramel', 'hazelnut'] })).unitPence, 490);
  });

  it('refuses two options in a single group', () => {
    assert.match(fields(resolveCustomisation(latte(), { milk: ['oat', 'whole'] }))['options.milk']!, /choose one/i);
  });

  it('refuses a group the product does not offer', () => {
    const result = fields(resolveCustomisation(product([milk()]), { milk: 'oat', shots: 'double' }));
    assert.deepEqual(Object.keys(result), ['options.shots']);
  });

  it('refuses an option that does not exist in the group (even one from another group)', () => {
    assert.match(fields(resolveCustomisation(latte(), { milk: 'goat' }))['options.milk']!, /"goat" is not a milk option/);
    assert.ok(fields(resolveCustomisation(latte(), { milk: 'double' }))['options.milk']);
  });

  it('refuses an option that is switched off at the store', () => {
    const p = product([milk({ oatAvailable: false }), shots()]);
    assert.match(fields(resolveCustomisation(p, { milk: 'oat' }))['options.milk']!, /Oat is not available/);
  });

  it('refuses a product that is switched off at the store', () => {
    const result = fields(resolveCustomisation(latte({ switchedOn: false }), {}));
    assert.match(result['product']!, /Latte is not available/);
  });

  it('reports every problem at once', () => {
    const result = fields(resolveCustomisation(latte(), { milk: 'goat', shots: 'quadruple', sugar: 'yes' }));
    assert.deepEqual(Object.keys(result).sort(), ['options.milk', 'options.shots', 'options.sugar']);
  });
});

describe('isProductAvailable', () => {
  it('is available when switched on and every required group has an available option', () => {
    assert.equal(isProductAvailable(latte()), true);
    assert.equal(isProductAvailable(product([])), true);
  });

  it('is unavailable when switched off', () => {
    assert.equal(isProductAvailable(latte({ switchedOn: false })), false);
  });

  it('is unavailable when a required group has no available option', () => {
    const noMilk = group('milk', [option('semi-skimmed', 0, { isDefault: true, available: false }), option('oat', 45, { available: false })]);
    const p = product([noMilk, shots()]);
    assert.equal(isProductAvailable(p), false);
    assert.ok(fields(resolveCustomisation(p, {}))['product']);
  });

  it('stays available when only an optional group has nothing available', () => {
    const noSyrup = syrup();
    for (const o of noSyrup.options) o.available = false;
    assert.equal(isProductAvailable(product([milk(), noSyrup])), true);
  });
});

describe('quantityProblem', () => {
  for (const good of [1, 2, 20]) {
    it(`accepts ${good}`, () => assert.equal(quantityProblem(good), undefined));
  }
  for (const bad of [0, 21, -1, 1.5, '2', Number.NaN, undefined, null]) {
    it(`refuses ${JSON.stringify(bad) ?? String(bad)} (${typeof bad})`, () => assert.match(quantityProblem(bad)!, /whole number|between 1 and 20/));
  }
});

describe('optionsKey and toChoice', () => {
  it('gives the same key whatever the order the options were chosen in, sorting numerically', () => {
    assert.equal(optionsKey([3, 1, 2]), optionsKey([2, 3, 1]));
    assert.equal(optionsKey([10, 9]), '9,10');
    assert.equal(optionsKey([]), '');
    assert.notEqual(optionsKey([1, 2]), optionsKey([1, 3]));
  });

  it('does not reorder the caller’s array', () => {
    const ids = [3, 1, 2];
    optionsKey(ids);
    assert.deepEqual(ids, [3, 1, 2]);
  });

  it('shows single groups as a slug and multi groups as a list', () => {
    const p = latte();
    const result = ok(resolveCustomisation(p, { milk: 'oat', syrup: ['vanilla'] }));
    assert.deepEqual(toChoice(result.chosen, p.groups), { milk: 'oat', shots: 'single', syrup: ['vanilla'] });
  });
});
