// Opening hours are judged on the store's own wall clock, so they follow BST/GMT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayName, isOpenAt, localDayAndTime, shortTime, type OpeningHours } from '../../src/domain/opening-hours.js';

const LONDON = 'Europe/London';
const weekdays7to18: OpeningHours[] = [1, 2, 3, 4, 5].map((isoDay) => ({ isoDay, opens: '07:00', closes: '18:00' }));
const withSunday: OpeningHours[] = [...weekdays7to18, { isoDay: 7, opens: '09:00:00', closes: '16:00:00' }];
const at = (iso: string) => new Date(iso);

describe('isOpenAt in London', () => {
  it('opens at 07:00 BST in July, which is 06:00 UTC', () => {
    // Wednesday 15 July 2026
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-07-15T05:59:59Z')), false);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-07-15T06:00:00Z')), true);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-07-15T16:59:59Z')), true);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-07-15T17:00:00Z')), false, 'closes at 18:00 BST');
  });

  it('opens at 07:00 GMT in January, which is 07:00 UTC', () => {
    // Wednesday 14 January 2026
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-01-14T06:30:00Z')), false);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-01-14T07:00:00Z')), true);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-01-14T17:59:59Z')), true);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-01-14T18:00:00Z')), false);
  });

  it('treats Sunday as day 7', () => {
    assert.equal(localDayAndTime(at('2026-07-05T12:00:00Z'), LONDON).isoDay, 7);
    assert.equal(localDayAndTime(at('2026-07-06T12:00:00Z'), LONDON).isoDay, 1);
    assert.equal(isOpenAt(withSunday, LONDON, at('2026-01-04T10:00:00Z')), true);
    assert.equal(isOpenAt(weekdays7to18, LONDON, at('2026-01-04T10:00:00Z')), false, 'no Sunday hours means closed');
  });

  it('uses the local date when UTC is still on the previous day', () => {
    // 23:30 UTC on Sunday 5 July is 00:30 BST on Monday 6 July.
    assert.deepEqual(localDayAndTime(at('2026-07-05T23:30:00Z'), LONDON), { isoDay: 1, time: '00:30:00' });
    const lateMonday: OpeningHours[] = [{ isoDay: 1, opens: '00:00', closes: '01:00' }];
    assert.equal(isOpenAt(lateMonday, LONDON, at('2026-07-05T23:30:00Z')), true);
    assert.equal(isOpenAt(lateMonday, 'UTC', at('2026-07-05T23:30:00Z')), false);
  });

  it('accepts HH:MM and HH:MM:SS times alike', () => {
    const hours: OpeningHours[] = [{ isoDay: 3, opens: '07:30:00', closes: '17:30' }];
    assert.equal(isOpenAt(hours, LONDON, at('2026-01-14T07:29:59Z')), false);
    assert.equal(isOpenAt(hours, LONDON, at('2026-01-14T07:30:00Z')), true);
    assert.equal(isOpenAt(hours, LONDON, at('2026-01-14T17:30:00Z')), false);
  });
});

describe('opening-hours helpers', () => {
  it('names days Monday = 1 to Sunday = 7', () => {
    assert.equal(dayName(1), 'Monday');
    assert.equal(dayName(7), 'Sunday');
    assert.equal(dayName(8), '?');
  });

  it('shortens database times to HH:MM', () => {
    assert.equal(shortTime('07:30:00'), '07:30');
  });
});
