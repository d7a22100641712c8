// Holiday hours and closures by date: which hours a date keeps, and what a manager may enter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOpenAt } from '../../src/domain/opening-hours.js';
import { nextOpening, soldOutUntil } from '../../src/domain/sold-out-until.js';
import { offeredSlots, openingWindows } from '../../src/domain/pickup-slots.js';
import {
  describeDates,
  describeSpecialDay,
  hoursOnDate,
  isoDate,
  parseIsoDate,
  specialDayOn,
  upcomingSpecialDays,
  validateSpecialDay,
  type SpecialDay,
  type SpecialDayInput,
} from '../../src/domain/special-days.js';

const LONDON = 'Europe/London';
// Every day 07:00–18:00.
const week = [1, 2, 3, 4, 5, 6, 7].map((isoDay) => ({ isoDay, opens: '07:00', closes: '18:00' }));
const christmas: SpecialDay = { firstDate: '2026-12-25', lastDate: '2026-12-26', opens: null, closes: null, reason: 'Christmas' };
const eve: SpecialDay = { firstDate: '2026-12-24', lastDate: '2026-12-24', opens: '08:00', closes: '14:00', reason: 'Christmas Eve' };
const days = [christmas, eve];

test('a date keeps its special hours, a closure keeps none, other dates keep the week', () => {
  assert.deepEqual(hoursOnDate(week, days, { year: 2026, month: 12, day: 24 }), { opens: '08:00', closes: '14:00', special: eve });
  assert.equal(hoursOnDate(week, days, { year: 2026, month: 12, day: 25 }), null);
  assert.equal(hoursOnDate(week, days, { year: 2026, month: 12, day: 26 }), null);
  assert.deepEqual(hoursOnDate(week, days, { year: 2026, month: 12, day: 27 }), { opens: '07:00', closes: '18:00' });
  assert.equal(hoursOnDate([], days, { year: 2026, month: 12, day: 27 }), null, 'no week hours on a Sunday');
  assert.equal(specialDayOn(days, { year: 2026, month: 12, day: 26 }), christmas);
  assert.equal(specialDayOn(days, { year: 2026, month: 12, day: 23 }), undefined);
});

test('open now, the next opening and "until we open again" follow them', () => {
  assert.equal(isOpenAt(week, LONDON, new Date('2026-12-24T15:00:00Z'), days), false, 'Christmas Eve closes at 14:00');
  assert.equal(isOpenAt(week, LONDON, new Date('2026-12-24T13:00:00Z'), days), true);
  assert.equal(isOpenAt(week, LONDON, new Date('2026-12-25T12:00:00Z'), days), false, 'closed on Christmas Day');
  assert.equal(isOpenAt(week, LONDON, new Date('2026-12-25T12:00:00Z')), true, 'without the closure it would be open');
  assert.equal(nextOpening(week, LONDON, new Date('2026-12-24T15:00:00Z'), days)?.toISOString(), '2026-12-27T07:00:00.000Z');
  assert.equal(nextOpening(week, LONDON, new Date('2026-12-23T19:00:00Z'), days)?.toISOString(), '2026-12-24T08:00:00.000Z', 'special hours open later');
  const store = { hours: week, timezone: LONDON, specialDays: days };
  assert.equal(soldOutUntil('end-of-day', store, new Date('2026-12-24T13:00:00Z'))?.toISOString(), '2026-12-27T07:00:00.000Z');
  // A closure longer than a week: the next opening is after it.
  const long: SpecialDay = { firstDate: '2027-01-01', lastDate: '2027-01-20', opens: null, closes: null, reason: 'Refit' };
  assert.equal(nextOpening(week, LONDON, new Date('2026-12-31T19:00:00Z'), [long])?.toISOString(), '2027-01-21T07:00:00.000Z');
  assert.equal(nextOpening([], LONDON, new Date('2026-12-31T19:00:00Z'), [long]), null);
});

test('pickup slots skip a closed date and keep to special hours', () => {
  const windows = openingWindows(week, LONDON, new Date('2026-12-24T09:00:00Z'), 4, days);
  assert.deepEqual(
    windows.map((w) => [w.opens.toISOString(), w.closes.toISOString()]),
    [
      ['2026-12-24T08:00:00.000Z', '2026-12-24T14:00:00.000Z'],
      ['2026-12-27T07:00:00.000Z', '2026-12-27T18:00:00.000Z'],
      // The closed 25–26 Dec don't count among the 4 dates looked at.
      ['2026-12-28T07:00:00.000Z', '2026-12-28T18:00:00.000Z'],
      ['2026-12-29T07:00:00.000Z', '2026-12-29T18:00:00.000Z'],
    ],
  );
  const now = new Date('2026-12-24T15:00:00Z');
  const offer = offeredSlots({
    now,
    hours: week,
    specialDays: days,
    timeZone: LONDON,
    earliestReady: now,
    bookings: [],
    drinks: 1,
    drinksPerSlot: 10,
    limit: 2,
  });
  assert.deepEqual(
    offer.slots.map((s) => s.toISOString()),
    ['2026-12-27T07:00:00.000Z', '2026-12-27T07:05:00.000Z'],
  );
  assert.equal(offer.laterDay, true);
});

test('pickup slots and the next opening find the store after a closure of any length, or several back to back', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const offer = (special: SpecialDay[]) =>
    offeredSlots({ now, hours: week, specialDays: special, timeZone: LONDON, earliestReady: now, bookings: [], drinks: 1, drinksPerSlot: 10, limit: 1 });
  const year: SpecialDay = { firstDate: '2026-11-25', lastDate: '2027-11-25', opens: null, closes: null, reason: 'Rebuild' };
  assert.equal(offer([year]).slots[0]?.toISOString(), '2027-11-26T07:00:00.000Z', '366 days closed: the day after');
  assert.equal(offer([year]).laterDay, true);
  const month: SpecialDay = { firstDate: '2026-11-26', lastDate: '2026-12-25', opens: null, closes: null, reason: 'Refit' };
  assert.equal(offer([month]).slots[0]?.toISOString(), '2026-11-25T12:05:00.000Z', 'open now: today first');
  const next: SpecialDay = { firstDate: '2027-11-26', lastDate: '2028-11-24', opens: null, closes: null, reason: 'Longer' };
  assert.equal(offer([year, next]).slots[0]?.toISOString(), '2028-11-25T07:00:00.000Z', 'two closures back to back');
  assert.equal(nextOpening(week, LONDON, now, [year, next])?.toISOString(), '2028-11-25T07:00:00.000Z');
  assert.deepEqual(offer([year]).slots.length, 1);
  assert.deepEqual(openingWindows([], LONDON, now, 8, [year]), [], 'a store with no hours still ends');
});

test('dates are read, written and described for customers', () => {
  assert.deepEqual(parseIsoDate('2026-02-28'), { year: 2026, month: 2, day: 28 });
  for (const bad of ['2026-02-30', '1999-12-31', '2101-01-01', '26-12-25', '2026-13-01']) assert.equal(parseIsoDate(bad), null, bad);
  assert.equal(isoDate({ year: 2026, month: 1, day: 5 }), '2026-01-05');
  assert.equal(describeDates(eve), '24 Dec');
  assert.equal(describeDates(christmas), '25–26 Dec');
  assert.equal(describeDates({ firstDate: '2026-12-30', lastDate: '2027-01-02' }), '30 Dec – 2 Jan');
  assert.equal(describeDates({ firstDate: 'soon', lastDate: 'soon' }), 'soon');
  assert.equal(describeSpecialDay(christmas), 'Closed 25–26 Dec (Christmas)');
  assert.equal(describeSpecialDay(eve), '24 Dec: open 08:00–14:00 (Christmas Eve)');
  const today = { year: 2026, month: 12, day: 20 };
  const past: SpecialDay = { ...eve, firstDate: '2026-12-01', lastDate: '2026-12-01' };
  assert.deepEqual(upcomingSpecialDays([christmas, past, eve], today), [eve, christmas]);
  assert.deepEqual(upcomingSpecialDays([christmas, eve], today, 4), [eve], 'only those within the window');
  assert.deepEqual(upcomingSpecialDays([eve, { ...eve }], today).length, 2);
});

const TODAY = { year: 2026, month: 12, day: 1 };
const input = (over: Partial<SpecialDayInput>): SpecialDayInput => ({
  firstDate: '2026-12-25',
  lastDate: '',
  closed: true,
  opens: '',
  closes: '',
  reason: 'Christmas',
  ...over,
});

test('a valid entry: one day closed, or a range with hours', () => {
  assert.deepEqual(validateSpecialDay(input({}), [], TODAY), {
    ok: true,
    day: { firstDate: '2026-12-25', lastDate: '2026-12-25', opens: null, closes: null, reason: 'Christmas' },
  });
  const open = validateSpecialDay(input({ lastDate: '2026-12-31', closed: false, opens: '09:00', closes: '15:00', reason: '  Holidays ' }), [], TODAY);
  assert.deepEqual(open, { ok: true, day: { firstDate: '2026-12-25', lastDate: '2026-12-31', opens: '09:00', closes: '15:00', reason: 'Holidays' } });
});

test('refuses bad dates, long ranges, the past, overlaps, no reason and bad times, each on its field', () => {
  const fields = (over: Partial<SpecialDayInput>, existing: SpecialDay[] = []) => {
    const result = validateSpecialDay(input(over), existing, TODAY);
    assert.equal(result.ok, false);
    return result.ok ? {} : result.fields;
  };
  assert.ok(fields({ firstDate: '2026-02-30' })['firstDate']);
  assert.ok(fields({ lastDate: 'next week' })['lastDate']);
  assert.match(fields({ lastDate: '2026-12-24' })['lastDate']!, /on or after/);
  assert.match(fields({ lastDate: '2027-12-26' })['lastDate']!, /at most 366 days/);
  assert.match(fields({ firstDate: '2026-11-20', lastDate: '2026-11-21' })['lastDate']!, /over/);
  assert.match(fields({ lastDate: '2026-12-27' }, [christmas])['firstDate']!, /overlap Closed 25–26 Dec \(Christmas\)/);
  assert.ok(fields({ reason: '   ' })['reason']);
  assert.match(fields({ reason: 'x'.repeat(81) })['reason']!, /80 characters/);
  const times = fields({ closed: false, opens: '9am', closes: '' });
  assert.ok(times['opens'] && times['closes']);
  assert.match(fields({ closed: false, opens: '15:00', closes: '09:00' })['closes']!, /after opening/);
  // A range of exactly 366 days is allowed.
  assert.equal(validateSpecialDay(input({ firstDate: '2027-01-01', lastDate: '2028-01-01' }), [], TODAY).ok, true);
});
