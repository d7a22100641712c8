// The three triggers and "when does making start" (DESIGN.md §2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/domain/errors.js';
import {
  canChangeTrigger,
  chooseTrigger,
  etaMs,
  firstSlotAfter,
  holdExpiresAt,
  isDue,
  isSlotStart,
  makingStartsAt,
  MAX_ARRIVAL_MINUTES,
  SLOT_MS,
  slotOf,
  triggerFrom,
} from '../../src/domain/order-triggers.js';
import { ORDER_STATES } from '../../src/domain/order-lifecycle.js';

const now = new Date('2026-11-30T12:02:30Z');
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return Object.keys(error.fields ?? {}).join(',');
  }
  assert.fail('expected a ValidationError');
}

test("when I'm here: nothing scheduled, the tap starts making", () => {
  const trigger = chooseTrigger({ kind: 'here' }, now);
  assert.deepEqual(trigger, { kind: 'here' });
  assert.equal(makingStartsAt(trigger, 5 * MIN, now), null);
});

test('on my way: due = now + N; making starts at due − ETA', () => {
  const trigger = chooseTrigger({ kind: 'on_my_way', arrivalMinutes: 15 }, now);
  assert.deepEqual(trigger, { kind: 'on_my_way', arrivalMinutes: 15, dueAt: at('2026-11-30T12:17:30Z') });
  assert.deepEqual(makingStartsAt(trigger, 6 * MIN, now), at('2026-11-30T12:11:30Z'));
});

test('on my way: at once when due − ETA has already passed', () => {
  const trigger = chooseTrigger({ kind: 'on_my_way', arrivalMinutes: 3 }, now);
  assert.deepEqual(makingStartsAt(trigger, 8 * MIN, now), now);
  assert.deepEqual(makingStartsAt(trigger, 3 * MIN, now), now, 'exactly now');
});

test('on my way: the arrival estimate is whole minutes, 1 to 180', () => {
  for (const bad of [0, -5, 1.5, MAX_ARRIVAL_MINUTES + 1, Number.NaN]) {
    assert.equal(
      fieldOf(() => chooseTrigger({ kind: 'on_my_way', arrivalMinutes: bad }, now)),
      'arrivalMinutes',
      String(bad),
    );
  }
  assert.equal(chooseTrigger({ kind: 'on_my_way', arrivalMinutes: 1 }, now).kind, 'on_my_way');
  assert.equal(chooseTrigger({ kind: 'on_my_way', arrivalMinutes: MAX_ARRIVAL_MINUTES }, now).kind, 'on_my_way');
});

test('pickup time: a future 5-minute slot; making starts at slot − ETA, or at once', () => {
  const trigger = chooseTrigger({ kind: 'pickup', slot: at('2026-11-30T12:30:00Z') }, now);
  assert.deepEqual(trigger, { kind: 'pickup', slot: at('2026-11-30T12:30:00Z') });
  assert.deepEqual(makingStartsAt(trigger, 7 * MIN, now), at('2026-11-30T12:23:00Z'));
  assert.deepEqual(makingStartsAt(trigger, 60 * MIN, now), now);
});

test('pickup time: off-slot, invalid and past times are refused on the pickupSlot field', () => {
  assert.equal(
    fieldOf(() => chooseTrigger({ kind: 'pickup', slot: at('2026-11-30T12:31:00Z') }, now)),
    'pickupSlot',
  );
  assert.equal(
    fieldOf(() => chooseTrigger({ kind: 'pickup', slot: new Date(Number.NaN) }, now)),
    'pickupSlot',
  );
  assert.equal(
    fieldOf(() => chooseTrigger({ kind: 'pickup', slot: at('2026-11-30T12:00:00Z') }, now)),
    'pickupSlot',
  );
  assert.equal(
    fieldOf(() => chooseTrigger({ kind: 'pickup', slot: at('2026-11-30T12:05:00Z') }, at('2026-11-30T12:05:00Z'))),
    'pickupSlot',
  );
});

test("slots are 5 minutes, on the clock's boundaries", () => {
  assert.equal(SLOT_MS, 5 * MIN);
  assert.equal(isSlotStart(at('2026-11-30T12:05:00Z')), true);
  assert.equal(isSlotStart(at('2026-11-30T12:05:01Z')), false);
  assert.deepEqual(slotOf(now), at('2026-11-30T12:00:00Z'));
  assert.deepEqual(firstSlotAfter(now), at('2026-11-30T12:05:00Z'));
  assert.deepEqual(firstSlotAfter(at('2026-11-30T12:05:00Z')), at('2026-11-30T12:10:00Z'));
});

test('ETA(order) = wait for capacity + the longest preparation time', () => {
  assert.equal(etaMs({ capacityWaitMs: 4 * MIN, prepMs: [2 * MIN, 5 * MIN, 3 * MIN] }), 9 * MIN);
  assert.equal(etaMs({ capacityWaitMs: 0, prepMs: [] }), 0);
  assert.equal(etaMs({ capacityWaitMs: -MIN, prepMs: [-MIN] }), 0, 'never negative');
});

test('a scheduled order is due once its making moment is reached', () => {
  assert.equal(isDue(null, now), false);
  assert.equal(isDue(now, now), true);
  assert.equal(isDue(new Date(now.getTime() + 1), now), false);
  assert.equal(isDue(new Date(now.getTime() - 1), now), true);
});

test('the trigger can be changed only while the card is held and not yet charged', () => {
  for (const state of ORDER_STATES) assert.equal(canChangeTrigger(state), state === 'authorised', state);
});

test("the trigger from an order's columns", () => {
  const dueAt = at('2026-11-30T12:20:00Z');
  const slot = at('2026-11-30T12:30:00Z');
  assert.deepEqual(triggerFrom({ kind: 'here', arrivalMinutes: null, dueAt: null, pickupSlot: null }), { kind: 'here' });
  assert.deepEqual(triggerFrom({ kind: 'on_my_way', arrivalMinutes: 10, dueAt, pickupSlot: null }), { kind: 'on_my_way', arrivalMinutes: 10, dueAt });
  assert.deepEqual(triggerFrom({ kind: 'pickup', arrivalMinutes: null, dueAt: null, pickupSlot: slot }), { kind: 'pickup', slot });
  assert.throws(() => triggerFrom({ kind: 'on_my_way', arrivalMinutes: 10, dueAt: null, pickupSlot: null }), RangeError);
  assert.throws(() => triggerFrom({ kind: 'pickup', arrivalMinutes: null, dueAt: null, pickupSlot: null }), RangeError);
});

test('a hold lasts the check-in window after placing, or after the chosen time when later', () => {
  const window = 30 * MIN;
  assert.equal(holdExpiresAt({ due_at: null, pickup_slot: null }, now, window).getTime(), now.getTime() + window);
  const slot = at('2026-12-02T08:00:00Z');
  assert.equal(holdExpiresAt({ due_at: null, pickup_slot: slot }, now, window).getTime(), slot.getTime() + window);
  const due = new Date(now.getTime() + 10 * MIN);
  assert.equal(holdExpiresAt({ due_at: due, pickup_slot: null }, now, window).getTime(), due.getTime() + window);
  assert.equal(holdExpiresAt({ due_at: at('2026-11-30T11:00:00Z'), pickup_slot: null }, now, window).getTime(), now.getTime() + window);
});
