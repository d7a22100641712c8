import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocalDateTime, formatLocalTime, localToInstant, nextLocalTime } from '../../src/domain/store-time.js';
import { validateWeekHours } from '../../src/domain/week-hours.js';

const LONDON = 'Europe/London';

describe('store time', () => {
  it('turns London wall-clock times into instants in winter and summer', () => {
    assert.equal(localToInstant({ year: 2026, month: 11, day: 25 }, '14:30', LONDON).toISOString(), '2026-11-25T14:30:00.000Z');
    assert.equal(localToInstant({ year: 2026, month: 7, day: 1 }, '14:30', LONDON).toISOString(), '2026-07-01T13:30:00.000Z');
    // The day the clocks go forward (29 March 2026): 09:00 is already BST.
    assert.equal(localToInstant({ year: 2026, month: 3, day: 29 }, '09:00', LONDON).toISOString(), '2026-03-29T08:00:00.000Z');
  });

  it('finds the next occurrence of a local time', () => {
    const noon = new Date('2026-11-25T12:00:00Z');
    assert.equal(nextLocalTime(noon, '14:00', LONDON).toISOString(), '2026-11-25T14:00:00.000Z');
    assert.equal(nextLocalTime(noon, '11:00', LONDON).toISOString(), '2026-11-26T11:00:00.000Z');
    assert.equal(nextLocalTime(new Date('2026-07-01T12:00:00Z'), '14:00', LONDON).toISOString(), '2026-07-01T13:00:00.000Z');
    assert.equal(formatLocalTime(new Date('2026-07-01T13:00:00Z'), LONDON), '14:00');
  });

  it('writes a date and time on the store clock', () => {
    assert.equal(formatLocalDateTime(new Date('2026-11-25T14:30:00Z'), LONDON), 'Wed 25 Nov, 14:30');
    assert.equal(formatLocalDateTime(new Date('2026-07-01T23:30:00Z'), LONDON), 'Thu 2 Jul, 00:30', 'BST moves it to the next day');
  });
});

describe('week hours validation', () => {
  it('accepts open days and leaves closed days out', () => {
    const result = validateWeekHours([
      { isoDay: 1, open: true, opens: '07:00', closes: '18:00' },
      { isoDay: 7, open: false, opens: '', closes: '' },
    ]);
    assert.deepEqual(result, { ok: true, hours: [{ isoDay: 1, opens: '07:00', closes: '18:00' }] });
  });

  it('names each bad field', () => {
    const result = validateWeekHours([
      { isoDay: 1, open: true, opens: '7am', closes: '18:00' },
      { isoDay: 2, open: true, opens: '18:00', closes: '07:00' },
      { isoDay: 3, open: true, opens: '09:00', closes: '09:00' },
      { isoDay: 4, open: true, opens: '09:00', closes: '24:00' },
      { isoDay: 4, open: true, opens: '09:00', closes: '10:00' },
      { isoDay: 9, open: true, opens: '09:00', closes: '10:00' },
    ]);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.fields['hours.1.opens']!, /Monday: opening time/);
    assert.match(result.fields['hours.2.closes']!, /Tuesday: closing time must be after opening time/);
    assert.match(result.fields['hours.3.closes']!, /after opening/);
    assert.match(result.fields['hours.4.closes']!, /like 18:00/);
    assert.match(result.fields['hours.4']!, /given twice/);
    assert.match(result.fields['hours']!, /1 \(Monday\) to 7/);
  });
});
