// Sold out until: end of day is the next opening, a time is the next time the store clock shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/domain/errors.js';
import { nextOpening, soldOutUntil } from '../../src/domain/sold-out-until.js';

const LONDON = 'Europe/London';
// Mon–Fri 07:00–18:00, Sat 08:00–18:00, no Sunday.
const hours = [1, 2, 3, 4, 5].map((isoDay) => ({ isoDay, opens: '07:00', closes: '18:00' })).concat([{ isoDay: 6, opens: '08:00:00', closes: '18:00' }]);
const store = { hours, timezone: LONDON };
const WEDNESDAY_NOON = new Date('2026-11-25T12:00:00Z');

test('end of day is the next opening: tomorrow morning, or after a closed day', () => {
  assert.equal(nextOpening(hours, LONDON, WEDNESDAY_NOON)?.toISOString(), '2026-11-26T07:00:00.000Z');
  assert.equal(nextOpening(hours, LONDON, new Date('2026-11-25T06:00:00Z'))?.toISOString(), '2026-11-25T07:00:00.000Z', 'before opening: today');
  assert.equal(nextOpening(hours, LONDON, new Date('2026-11-28T12:00:00Z'))?.toISOString(), '2026-11-30T07:00:00.000Z', 'Saturday: Monday (no Sunday)');
  assert.equal(nextOpening([], LONDON, WEDNESDAY_NOON), null);
  assert.equal(soldOutUntil('end-of-day', store, WEDNESDAY_NOON)?.toISOString(), '2026-11-26T07:00:00.000Z');
});

test('a time is the next time the store clock shows it; nothing is indefinitely', () => {
  assert.equal(soldOutUntil('15:30', store, WEDNESDAY_NOON)?.toISOString(), '2026-11-25T15:30:00.000Z');
  assert.equal(soldOutUntil('09:00', store, WEDNESDAY_NOON)?.toISOString(), '2026-11-26T09:00:00.000Z');
  assert.equal(soldOutUntil(undefined, store, WEDNESDAY_NOON), null);
  assert.equal(soldOutUntil('', store, WEDNESDAY_NOON), null);
  assert.equal(soldOutUntil('2026-11-27T10:00:00Z', store, WEDNESDAY_NOON)?.toISOString(), '2026-11-27T10:00:00.000Z');
});

test('refuses what is not a moment, the past, more than a year, and end of day for a store that never opens', () => {
  for (const bad of ['tomorrow', '25:00', '2026-11-24T10:00:00Z', '2028-01-01T00:00:00Z']) {
    assert.throws(
      () => soldOutUntil(bad, store, WEDNESDAY_NOON),
      (e) => e instanceof ValidationError && e.fields?.['until'] !== undefined,
      bad,
    );
  }
  assert.throws(() => soldOutUntil('end-of-day', { hours: [], timezone: LONDON }, WEDNESDAY_NOON), ValidationError);
});
