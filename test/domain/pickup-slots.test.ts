// Pickup times: 5-minute slots in opening hours, never full, today or the next opening day (decision 304).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOffered, offeredSlots, openingWindows, slotHasRoom, slotLoad } from '../../src/domain/pickup-slots.js';

const MIN = 60_000;
const tz = 'Europe/London';
// Tue 1 Dec 2026 (GMT, so local = UTC); Wednesday closed, Thursday open.
const hours = [
  { isoDay: 2, opens: '07:00', closes: '18:00' },
  { isoDay: 4, opens: '08:00:00', closes: '12:00:00' },
];
const at = (iso: string) => new Date(iso);
const base = { hours, timeZone: tz, bookings: [], drinks: 1, drinksPerSlot: 2 };

test('a slot counts the drinks due to be made in it', () => {
  const bookings = [
    { readyAt: at('2026-12-01T12:00:00Z'), drinks: 1 },
    { readyAt: at('2026-12-01T12:04:59Z'), drinks: 1 },
    { readyAt: at('2026-12-01T12:05:00Z'), drinks: 3 },
  ];
  assert.equal(slotLoad(bookings, at('2026-12-01T12:02:00Z')), 2);
  assert.equal(slotHasRoom(bookings, at('2026-12-01T12:02:00Z'), 1, 2), false, 'full');
  assert.equal(slotHasRoom(bookings, at('2026-12-01T12:02:00Z'), 1, 3), true);
  assert.equal(slotHasRoom(bookings, at('2026-12-01T12:02:00Z'), 0, 2), true, 'food takes no capacity');
  assert.equal(slotHasRoom([], at('2026-12-01T12:02:00Z'), 9, 2), true, 'an order bigger than a slot gets an empty one');
});

test('opening windows from today on, skipping closed days and today once closed', () => {
  const windows = openingWindows(hours, tz, at('2026-12-01T12:00:00Z'));
  assert.deepEqual(windows[0], { opens: at('2026-12-01T07:00:00Z'), closes: at('2026-12-01T18:00:00Z') });
  assert.deepEqual(windows[1], { opens: at('2026-12-03T08:00:00Z'), closes: at('2026-12-03T12:00:00Z') });
  assert.deepEqual(openingWindows(hours, tz, at('2026-12-01T18:00:00Z'))[0]?.opens, at('2026-12-03T08:00:00Z'));
});

test('open now: today’s slots from the earliest ready time, on the slot grid, until closing', () => {
  const now = at('2026-12-01T17:41:10Z');
  const offer = offeredSlots({ ...base, now, earliestReady: new Date(now.getTime() + 4 * MIN) });
  assert.deepEqual(
    offer.slots.map((s) => s.toISOString()),
    ['2026-12-01T17:50:00.000Z', '2026-12-01T17:55:00.000Z'],
  );
  assert.equal(offer.laterDay, false);
  assert.equal(isOffered(offer, at('2026-12-01T17:50:00Z')), true);
  assert.equal(isOffered(offer, at('2026-12-01T17:45:00Z')), false);
});

test('a full slot is not offered', () => {
  const now = at('2026-12-01T17:41:10Z');
  // Two drinks already due at 17:50: that slot is full.
  const bookings = [{ readyAt: at('2026-12-01T17:51:00Z'), drinks: 2 }];
  const offer = offeredSlots({ ...base, now, earliestReady: now, bookings });
  assert.deepEqual(
    offer.slots.map((s) => s.toISOString()),
    ['2026-12-01T17:45:00.000Z', '2026-12-01T17:55:00.000Z'],
  );
  assert.equal(offer.fullSkipped, 1);
});

test('closed now (or no time left today): the next opening day, from its opening', () => {
  const offer = offeredSlots({ ...base, now: at('2026-12-01T19:00:00Z'), earliestReady: at('2026-12-01T19:03:00Z'), limit: 3 });
  assert.deepEqual(
    offer.slots.map((s) => s.toISOString()),
    ['2026-12-03T08:00:00.000Z', '2026-12-03T08:05:00.000Z', '2026-12-03T08:10:00.000Z'],
  );
  assert.equal(offer.laterDay, true);
  const early = offeredSlots({ ...base, now: at('2026-12-01T06:00:00Z'), earliestReady: at('2026-12-01T06:03:00Z'), limit: 1 });
  assert.deepEqual(early.slots, [at('2026-12-01T07:00:00Z')]);
  assert.equal(early.laterDay, false, 'opens later today');
});

test('no opening hours at all: nothing to offer', () => {
  const offer = offeredSlots({ ...base, hours: [], now: at('2026-12-01T12:00:00Z'), earliestReady: at('2026-12-01T12:00:00Z') });
  assert.deepEqual(offer, { slots: [], laterDay: false, fullSkipped: 0 });
});
