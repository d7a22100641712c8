// What a tap on the kitchen display does to an order in a given state (DESIGN.md §2: bump,
// recall, collected and its 60-second undo, reprint). Pure. A tap that finds its work already
// done (another tablet got there first, or a replay after a blip) is not an error: the counter
// is told "already done on another tablet" and nothing changes.
import type { OrderState } from './order-lifecycle.js';
import { STATE_PHRASES } from './order-state-words.js';

export const COUNTER_TAPS = ['bump', 'bump_line', 'recall', 'collect', 'undo_collect', 'reprint'] as const;
export type CounterTap = (typeof COUNTER_TAPS)[number];

/** What a tap did: its work, or nothing because the order was already there. */
export type TapOutcome = 'applied' | 'already_done';

interface TapRule {
  /** States the tap acts on. */
  from: readonly OrderState[];
  /** States in which the tap's work is already done. */
  done: readonly OrderState[];
  /** "Order 12 can't be {verb}: it is …" */
  verb: string;
}

const RULES: Record<CounterTap, TapRule> = {
  bump: { from: ['paid'], done: ['ready', 'completed'], verb: 'marked ready' },
  bump_line: { from: ['paid'], done: ['ready', 'completed'], verb: 'bumped' },
  recall: { from: ['ready'], done: ['paid'], verb: 'recalled' },
  collect: { from: ['ready'], done: ['completed'], verb: 'marked collected' },
  undo_collect: { from: ['completed'], done: ['ready'], verb: 'put back on the counter' },
  reprint: { from: ['paid', 'ready', 'completed'], done: [], verb: 'reprinted' },
};

export type TapVerdict = { go: true } | { go: false; outcome: 'already_done' } | { go: false; outcome: 'wrong_state'; message: string };

export function tapVerdict(tap: CounterTap, state: OrderState, orderNumber: number): TapVerdict {
  const rule = RULES[tap];
  if (rule.from.includes(state)) return { go: true };
  if (rule.done.includes(state)) return { go: false, outcome: 'already_done' };
  return { go: false, outcome: 'wrong_state', message: `Order ${orderNumber} can't be ${rule.verb}: it is ${STATE_PHRASES[state]}.` };
}

/** What the counter is told after a tap. */
export function tapMessage(tap: CounterTap, outcome: TapOutcome, orderNumber: number): string {
  if (outcome === 'already_done') return `Order ${orderNumber}: already done on another tablet.`;
  const done: Record<CounterTap, string> = {
    bump: 'is ready',
    bump_line: 'has a drink done',
    recall: 'is back on the display',
    collect: 'was collected',
    undo_collect: 'is back on the counter',
    reprint: 'ticket is printing again',
  };
  return `Order ${orderNumber} ${done[tap]}.`;
}

export function isCounterTap(value: string): value is CounterTap {
  return (COUNTER_TAPS as readonly string[]).includes(value);
}
