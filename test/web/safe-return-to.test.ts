// returnTo values are only ever same-site paths that a browser and Node both read the same way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnTo } from '../../src/web/render.js';

describe('safeReturnTo', () => {
  it('keeps same-site paths with their query and fragment', () => {
    for (const path of ['/', '/basket', '/stores?returnTo=%2Fproducts%2Flatte', '/stores/colchester#teas']) {
      assert.equal(safeReturnTo(path), path);
    }
  });

  it('falls back for anything that could leave the site or break the Location header', () => {
    const bad = [
      '//evil.com',
      '/\\evil.com',
      'https://evil.com',
      'evil.com',
      'javascript:alert(1)',
      '',
      '/\t/evil.com',
      '/\n/evil.com',
      '/\r\nSet-Cookie: x=1',
      '/ /evil.com',
      '/caf\u00e9',
      '/\u2615',
      undefined,
      42,
      ['/basket'],
    ];
    for (const value of bad) assert.equal(safeReturnTo(value, '/home'), '/home', JSON.stringify(value));
  });

  it('caps the length', () => {
    assert.equal(safeReturnTo(`/${'a'.repeat(1000)}`).length, 500);
  });
});
