// The one slug rule, and slugs made from names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSlug, slugify, slugProblem, SLUG_HINT } from '../../src/domain/slug.js';

describe('slug rule', () => {
  it('accepts lower-case words joined by single hyphens, up to 80 characters', () => {
    for (const slug of ['latte', 'flat-white', 'store-2', 'a'.repeat(80)]) assert.equal(isSlug(slug), true, slug);
    for (const slug of ['', 'Latte', 'flat--white', '-latte', 'latte-', 'flat white', 'café', 'a'.repeat(81)]) {
      assert.equal(isSlug(slug), false, slug);
    }
  });

  it('explains an empty or malformed slug', () => {
    assert.match(slugProblem('')!, /Enter a slug/);
    assert.equal(slugProblem('Flat White'), SLUG_HINT);
    assert.equal(slugProblem('flat-white'), undefined);
  });

  it('makes a slug from a name', () => {
    assert.equal(slugify('Café Crème & Co'), 'cafe-creme-and-co');
    assert.equal(slugify('  --Hot  Chocolate!-- '), 'hot-chocolate');
    assert.equal(slugify(`${'word '.repeat(20)}`).length <= 80, true);
    assert.equal(isSlug(slugify(`${'ab '.repeat(40)}`)), true, 'never ends in a hyphen after cutting');
  });
});
