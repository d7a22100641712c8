// A store's address line, busy mode (which ends by itself) and opening hours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { busyNow, formatAddress, isOpen, isPaused, type Store } from '../../src/domain/store.js';

const store: Store = {
  id: 1,
  slug: 'colchester',
  name: 'Colchester',
  addressLine1: '1 High Street',
  addressLine2: null,
  town: 'Colchester',
  postcode: 'CO1 1AA',
  phone: '01206 000000',
  timezone: 'Europe/London',
  paused: false,
  pausedUntil: null,
  drinksPerSlot: 12,
  busyExtra: null,
  hours: [{ isoDay: 3, opens: '07:00', closes: '18:00' }],
};
const wednesdayNoon = new Date('2026-07-15T11:00:00Z');

describe('store rules', () => {
  it('spells the address without the empty second line', () => {
    assert.equal(formatAddress(store), '1 High Street, Colchester, CO1 1AA');
    assert.equal(formatAddress({ ...store, addressLine2: 'Unit 2' }), '1 High Street, Unit 2, Colchester, CO1 1AA');
  });

  it('is paused until its resume time, or until switched off when it has none', () => {
    assert.equal(isPaused(store, wednesdayNoon), false);
    assert.equal(isPaused({ ...store, paused: true }, wednesdayNoon), true);
    assert.equal(isPaused({ ...store, paused: true, pausedUntil: new Date('2026-07-15T11:30:00Z') }, wednesdayNoon), true);
    assert.equal(isPaused({ ...store, paused: true, pausedUntil: wednesdayNoon }, wednesdayNoon), false, 'resumes at its time');
  });

  it('is open within its hours on its own wall clock', () => {
    assert.equal(isOpen(store, wednesdayNoon), true);
    assert.equal(isOpen(store, new Date('2026-07-15T17:00:00Z')), false, '18:00 BST');
    assert.equal(isOpen(store, new Date('2026-07-16T11:00:00Z')), false, 'no hours on Thursday');
  });

  it('adds busy minutes until the resume time, or until switched off when it has none', () => {
    assert.equal(busyNow(store, wednesdayNoon), null);
    const busy = { extraMinutes: 10, until: new Date('2026-07-15T11:30:00Z') };
    assert.deepEqual(busyNow({ busyExtra: busy }, wednesdayNoon), busy);
    assert.equal(busyNow({ busyExtra: busy }, busy.until), null, 'resumes at its time');
    assert.deepEqual(busyNow({ busyExtra: { extraMinutes: 5, until: null } }, wednesdayNoon), { extraMinutes: 5, until: null });
  });
});
