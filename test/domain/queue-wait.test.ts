import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitedMinutes, waitLevel } from '../../src/domain/queue-wait.js';

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
});
