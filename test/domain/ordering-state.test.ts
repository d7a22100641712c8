import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canOrderNow, orderingState } from '../../src/domain/ordering-state.js';
import type { Store } from '../../src/domain/store.js';

const store: Store = {
  id: 1,
  slug: 'colchester',
  name: 'Alpaca Cafe Colchester',
  addressLine1: '1 High Street',
  addressLine2: null,
  town: 'Colchester',
  postcode: 'CO1 1TH',
  phone: '0',
  timezone: 'Europe/London',
  paused: false,
  pausedUntil: null,
  busyExtra: null,
  hours: [1, 2, 3, 4, 5, 6, 7].map((isoDay) => ({ isoDay, opens: '07:00', closes: '18:00' })),
} as Store;
// Wednesday 25 November 2026 (GMT): noon open, 19:00 closed.
const NOON = new Date('2026-11-25T12:00:00Z');

describe('orderingState', () => {
  it('open: orders can be placed', () => {
    assert.deepEqual(orderingState(store, NOON), { kind: 'open' });
    assert.equal(canOrderNow(orderingState(store, NOON)), true);
  });
  it('closed: says when it opens next, and orders cannot be placed', () => {
    const state = orderingState(store, new Date('2026-11-25T19:00:00Z'));
    assert.deepEqual(state, { kind: 'closed', opensAt: new Date('2026-11-26T07:00:00Z') });
    assert.equal(canOrderNow(state), false);
  });
  it('paused: until its resume time, and orders cannot be placed', () => {
    const until = new Date('2026-11-25T12:30:00Z');
    const state = orderingState({ ...store, paused: true, pausedUntil: until }, NOON);
    assert.deepEqual(state, { kind: 'paused', until });
    assert.equal(canOrderNow(state), false);
  });
  it('busy: orders are taken, a few minutes longer', () => {
    const state = orderingState({ ...store, busyExtra: { extraMinutes: 10, until: null } } as Store, NOON);
    assert.deepEqual(state, { kind: 'busy', extraMinutes: 10, until: null });
    assert.equal(canOrderNow(state), true);
  });
});
