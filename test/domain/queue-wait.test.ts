import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkThresholds, waitedMinutes, waitLevel } from '../../src/domain/queue-wait.js';

describe('queue wait', () => {
  it('counts whole minutes and turns amber at 5 and red at 10', () => {
    const since = new Date('2026-11-25T12:00:00Z');
    assert.equal(waitedMinutes(since, new Date('2026-11-25T12:04:59Z')), 4);
    assert.equal(waitedMinutes(since, new Date('2026-11-25T11:59:00Z')), 0);
    assert.equal(waitLevel(4), 'fresh');
    assert.equal(waitLevel(5), 'amber');
    assert.equal(waitLevel(9), 'amber');
    assert.equal(waitLevel(10), 'red');
  });

  it("uses the store's own thresholds, and checks them", () => {
    const store = { amberMinutes: 3, redMinutes: 6 };
    assert.equal(waitLevel(2, store), 'fresh');
    assert.equal(waitLevel(3, store), 'amber');
    assert.equal(waitLevel(6, store), 'red');
    assert.equal(checkThresholds(3, 6), null);
    assert.match(checkThresholds(0, 6)!, /Amber/);
    assert.match(checkThresholds(3, 241)!, /Red must be/);
    assert.match(checkThresholds(6, 6)!, /after amber/);
    assert.match(checkThresholds(2.5, 6)!, /whole number/);
  });
});
