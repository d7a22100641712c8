// What a manager may set for the ETA: capacity per 5 minutes and prep time per category.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minutesText, validateCapacity } from '../../src/domain/store-capacity.js';

const categories = [
  { slug: 'coffee', name: 'Coffee' },
  { slug: 'tea', name: 'Tea' },
];

test('a whole number of drinks and prep times in half minutes; empty keeps the usual time', () => {
  assert.deepEqual(validateCapacity({ drinksPerSlot: ' 14 ', prepMinutes: { coffee: '2.5', tea: '' } }, categories), {
    ok: true,
    settings: { drinksPerSlot: 14, prepSeconds: { coffee: 150, tea: null } },
  });
  assert.deepEqual(validateCapacity({ drinksPerSlot: '1', prepMinutes: { coffee: '0', tea: '60' } }, categories), {
    ok: true,
    settings: { drinksPerSlot: 1, prepSeconds: { coffee: 0, tea: 3600 } },
  });
});

test('refuses capacity outside 1–500 or not whole, and prep times outside 0–60 or not in halves', () => {
  for (const drinksPerSlot of ['0', '501', '2.5', '', 'ten', '-3']) {
    const result = validateCapacity({ drinksPerSlot, prepMinutes: {} }, categories);
    assert.equal(result.ok, false, drinksPerSlot);
    assert.ok(!result.ok && result.fields['drinksPerSlot'], drinksPerSlot);
  }
  for (const minutes of ['61', '2.25', '-1', 'three', '1e2']) {
    const result = validateCapacity({ drinksPerSlot: '12', prepMinutes: { coffee: minutes } }, categories);
    assert.ok(!result.ok && result.fields['prep.coffee']?.startsWith('Coffee:'), minutes);
  }
});

test('seconds are shown as minutes in halves', () => {
  assert.equal(minutesText(180), '3');
  assert.equal(minutesText(150), '2.5');
  assert.equal(minutesText(0), '0');
});
