import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { favouriteKey } from '../../src/domain/favourite-key.js';

describe('favouriteKey', () => {
  it('is the same for the same drink whatever order its options come in', () => {
    const oatVanilla = favouriteKey('latte', [
      { group: 'milk', slug: 'oat' },
      { group: 'syrup', slug: 'vanilla' },
    ]);
    const vanillaOat = favouriteKey('latte', [
      { group: 'syrup', slug: 'vanilla' },
      { group: 'milk', slug: 'oat' },
    ]);
    assert.equal(oatVanilla, vanillaOat);
    assert.equal(oatVanilla, 'latte|milk=oat,syrup=vanilla');
  });

  it('tells apart another option, another product and a drink with no options', () => {
    const oat = favouriteKey('latte', [{ group: 'milk', slug: 'oat' }]);
    assert.notEqual(oat, favouriteKey('latte', [{ group: 'milk', slug: 'soy' }]));
    assert.notEqual(oat, favouriteKey('flat-white', [{ group: 'milk', slug: 'oat' }]));
    assert.equal(favouriteKey('latte', []), 'latte|');
  });
});
