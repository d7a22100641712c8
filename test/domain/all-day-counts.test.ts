import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allDayCounts } from '../../src/domain/all-day-counts.js';

describe('all-day counts', () => {
  it('counts waiting drinks by customisation, most first, skipping bumped lines', () => {
    const counts = allDayCounts([
      { name: 'Latte', quantity: 2, options: ['Milk: Oat', 'Shots: Double'], bumped: false },
      { name: 'Flat White', quantity: 1, options: ['Milk: Whole'], bumped: false },
      { name: 'Latte', quantity: 1, options: ['Milk: Semi-Skimmed'], bumped: false },
      { name: 'Latte', quantity: 1, options: ['Milk: Oat', 'Shots: Double'], bumped: false },
      { name: 'Latte', quantity: 4, options: ['Milk: Oat', 'Shots: Double'], bumped: true },
      { name: 'Americano', quantity: 1, options: [], bumped: false },
    ]);
    assert.deepEqual(counts, [
      {
        name: 'Latte',
        quantity: 4,
        variants: [
          { options: ['Milk: Oat', 'Shots: Double'], quantity: 3 },
          { options: ['Milk: Semi-Skimmed'], quantity: 1 },
        ],
      },
      { name: 'Americano', quantity: 1, variants: [{ options: [], quantity: 1 }] },
      { name: 'Flat White', quantity: 1, variants: [{ options: ['Milk: Whole'], quantity: 1 }] },
    ]);
    assert.deepEqual(allDayCounts([]), []);
  });

  it('breaks ties between variants by their options', () => {
    const counts = allDayCounts([
      { name: 'Tea', quantity: 1, options: ['Milk: Whole'], bumped: false },
      { name: 'Tea', quantity: 1, options: ['Milk: Oat'], bumped: false },
    ]);
    assert.deepEqual(
      counts[0]!.variants.map((v) => v.options[0]),
      ['Milk: Oat', 'Milk: Whole'],
    );
  });
});
