// The input limits of DESIGN.md §3 that are pure rules (issue 15 item 1).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basketSizeProblem, calendarDateProblem, daysInRange, instantProblem, MAX_ITEMS, MAX_LINES, rangeProblem } from '../../src/domain/limits.js';

describe('input limits', () => {
  it('a basket holds at most 30 lines and 50 items', () => {
    assert.equal(basketSizeProblem(MAX_LINES, MAX_ITEMS), undefined);
    assert.match(basketSizeProblem(MAX_LINES + 1, MAX_LINES + 1)!, /at most 30 different items/);
    assert.match(basketSizeProblem(3, MAX_ITEMS + 1)!, /at most 50 items/);
  });

  it('dates are real days between the years 2000 and 2100', () => {
    assert.equal(calendarDateProblem('2026-11-25'), undefined);
    assert.equal(calendarDateProblem('2000-01-01'), undefined);
    assert.equal(calendarDateProblem('2100-12-31'), undefined);
    for (const bad of ['0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31']) assert.match(calendarDateProblem(bad)!, /between 2000 and 2100/, bad);
    for (const bad of ['2026-02-30', '26-11-25', '2026-11-25T00:00', '+10000-01-01', '']) assert.match(calendarDateProblem(bad)!, /like 2026-11-25/, bad);
  });

  it('instants are between the years 2000 and 2100', () => {
    assert.equal(instantProblem(new Date('2026-11-25T14:30:00Z')), undefined);
    assert.match(instantProblem(new Date('0000-01-01T00:00:00Z'))!, /between 2000 and 2100/);
    assert.match(instantProblem(new Date('+010000-01-01T00:00:00Z'))!, /between 2000 and 2100/);
    assert.match(instantProblem(new Date('nonsense'))!, /like 2026-11-25T14:30:00Z/);
  });

  it('a range runs forwards and covers at most 366 days, counted without walking it', () => {
    assert.equal(daysInRange('2026-01-01', '2026-01-01'), 1);
    assert.equal(daysInRange('2024-01-01', '2024-12-31'), 366);
    assert.equal(rangeProblem('2024-01-01', '2024-12-31'), undefined);
    assert.deepEqual(rangeProblem('2024-01-01', '2025-01-01'), { field: 'from', message: 'Choose at most 366 days.' });
    assert.deepEqual(rangeProblem('2026-01-02', '2026-01-01'), { field: 'to', message: 'The end date must not be before the start date.' });
  });
});
