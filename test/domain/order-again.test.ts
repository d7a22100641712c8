import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orderAgainStep } from '../../src/domain/order-again.js';

describe('order again: replace or add', () => {
  it('asks when the basket holds something and no mode was chosen', () => {
    assert.equal(orderAgainStep(3, undefined), 'ask');
    assert.equal(orderAgainStep(1, undefined), 'ask');
  });
  it('goes straight ahead into an empty basket', () => {
    assert.equal(orderAgainStep(0, undefined), 'add');
  });
  it('follows the chosen mode, whatever the basket holds', () => {
    assert.equal(orderAgainStep(3, 'replace'), 'replace');
    assert.equal(orderAgainStep(3, 'add'), 'add');
    assert.equal(orderAgainStep(0, 'replace'), 'replace');
  });
});
