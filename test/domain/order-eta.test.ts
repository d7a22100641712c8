// ETA(order) from the queue ahead, the store's capacity and busy mode (decision 303).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyExtraMs, capacityWaitMs, drinkGapMs, etaMinutes, isBusyAt, kitchenFreeAt, orderEtaMs, readyAt } from '../../src/domain/order-eta.js';

const MIN = 60_000;
const now = new Date('2026-12-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * MIN);
const later = (minutes: number) => new Date(now.getTime() + minutes * MIN);

test('a store at 12 drinks per slot starts one drink every 25 seconds', () => {
  assert.equal(drinkGapMs(12), 25_000);
  assert.equal(drinkGapMs(0), 5 * MIN, 'a capacity below one counts as one');
});

test('an idle kitchen is free now; the queue ahead pushes the next start back', () => {
  assert.equal(kitchenFreeAt([], 12, now).getTime(), now.getTime());
  // 24 drinks charged just now at 12 per slot: two slots of work.
  assert.equal(kitchenFreeAt([{ startsAt: now, drinks: 24 }], 12, now).getTime(), later(10).getTime());
  // Work charged long ago has been started already: it no longer holds the stream.
  assert.equal(kitchenFreeAt([{ startsAt: ago(30), drinks: 12 }], 12, now).getTime(), now.getTime());
  // Orders are laid out first come, first served, each no earlier than its own moment.
  const work = [
    { startsAt: ago(1), drinks: 12 },
    { startsAt: ago(2), drinks: 6 },
    { startsAt: ago(1), drinks: 0 },
  ];
  assert.equal(kitchenFreeAt(work, 12, now).getTime(), ago(2).getTime() + 18 * 25_000);
});

test('work that starts later never delays an earlier order', () => {
  assert.equal(kitchenFreeAt([{ startsAt: later(5), drinks: 50 }], 12, now).getTime(), now.getTime());
});

test('the capacity wait is until the order’s last drink starts', () => {
  assert.equal(capacityWaitMs([], 12, now, 1), 0);
  assert.equal(capacityWaitMs([], 12, now, 4), 3 * 25_000);
  assert.equal(capacityWaitMs([{ startsAt: now, drinks: 12 }], 12, now, 1), 5 * MIN);
});

test('ETA = capacity wait + longest preparation + busy minutes', () => {
  const input = { work: [{ startsAt: now, drinks: 12 }], drinksPerSlot: 12, busy: null, at: now, drinks: 2, prepMs: 3 * MIN };
  assert.equal(orderEtaMs(input), 5 * MIN + 25_000 + 3 * MIN);
  assert.equal(readyAt(input).getTime(), now.getTime() + 8 * MIN + 25_000);
  const busy = { extraMinutes: 10, until: later(30) };
  assert.equal(orderEtaMs({ ...input, busy }), 18 * MIN + 25_000);
  // Food only: no drinks take capacity, and its preparation (0) is all.
  assert.equal(orderEtaMs({ ...input, drinks: 0, prepMs: 0 }), 0);
});

test('busy mode adds its minutes until its resume time, or until switched off', () => {
  assert.equal(isBusyAt(null, now), false);
  assert.equal(isBusyAt({ extraMinutes: 5, until: null }, now), true);
  assert.equal(isBusyAt({ extraMinutes: 5, until: now }, now), false);
  assert.equal(busyExtraMs({ extraMinutes: 5, until: later(1) }, now), 5 * MIN);
  assert.equal(busyExtraMs({ extraMinutes: 5, until: ago(1) }, now), 0);
  assert.equal(busyExtraMs(null, now), 0);
});

test('minutes for the customer round up and are never zero', () => {
  assert.equal(etaMinutes(0), 1);
  assert.equal(etaMinutes(61_000), 2);
  assert.equal(etaMinutes(3 * MIN), 3);
});
