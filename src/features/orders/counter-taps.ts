// The kitchen display's taps on an order: bump a line or the whole order, recall, collected,
// undo collected (60 s), reprint. Every tap may carry an Idempotency-Key: the key is claimed in
// the tap's own transaction (applied_requests, with what the tap did), so a tap replayed after a
// network blip, or re-run after a lost COMMIT answer, changes nothing more and answers the same.
// A tap whose work another tablet already did answers "already done" — not an error.
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { OrderRow } from '../../db/schema.js';
import { claimKey, recordOutcome } from '../../db/applied-requests.js';
import { transition } from '../../db/order-transition.js';
import { read, write } from '../../db/unit-of-work.js';
import { enqueue } from '../../outbox/enqueue.js';
import { publishLive } from '../../live/live-hub.js';
import { type CounterTap, type TapOutcome, tapVerdict } from '../../domain/counter-taps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { checkIdempotencyKey } from '../../domain/idempotency-key.js';
import { canUndoCollect, type OrderTransition } from '../../domain/order-lifecycle.js';
import type { CurrentUser } from '../../web/current-user.js';
import { findOrder } from './queries.js';
import { requireStaffOf } from './staff-actions.js';

export interface TapResult {
  order: OrderRow;
  outcome: TapOutcome;
}

export interface TapInput {
  tap: CounterTap;
  /** The client's Idempotency-Key for this tap; without one, only the state guards a repeat. */
  key?: string | undefined;
  /** bump_line: the line's position on the order (1, 2, …). */
  line?: number | undefined;
}

const TRANSITION: Partial<Record<CounterTap, OrderTransition>> = {
  bump: 'mark_ready',
  recall: 'recall',
  collect: 'collect',
  undo_collect: 'undo_collect',
};

export async function counterTap(deps: AppDeps, user: CurrentUser | null, orderId: string, input: TapInput): Promise<TapResult> {
  const found = await read(deps.db.writer, (db) => findOrder(db, orderId));
  if (!found) throw new NotFoundError('Order');
  // Staff of the *order's* store, whatever URL the tap came through.
  const staff = requireStaffOf(user, found.store_id);
  const key = input.key === undefined ? null : checkIdempotencyKey(input.key);
  if (input.tap === 'reprint' && key === null) {
    throw new ValidationError(
      { 'Idempotency-Key': 'A reprint needs an Idempotency-Key, so a repeated tap prints once.' },
      'A reprint needs an Idempotency-Key.',
    );
  }
  const scope = `order-tap:${found.id}`;
  const actor = `staff:${staff.id}`;
  return write(
    deps.db.writer,
    async (trx) => {
      if (key) {
        const claimed = await claimKey(trx, scope, key);
        if (!claimed.first) {
          const order = (await findOrder(trx, found.id))!;
          return { order, outcome: (claimed.outcome as TapOutcome | null) ?? 'applied' };
        }
      }
      const now = deps.clock();
      // Under the row lock, so the verdict and the change see the same state.
      const order = await trx.selectFrom('orders').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
      if (input.tap === 'bump_line') await requireLine(trx, order.id, input.line ?? 0);
      const verdict = tapVerdict(input.tap, order.state, order.number);
      let outcome: TapOutcome;
      if (!verdict.go) {
        if (verdict.outcome === 'wrong_state') throw new ConflictError(verdict.message, 'wrong_state');
        outcome = 'already_done';
      } else {
        outcome = await apply(trx, order, input, { now, actor, key });
      }
      if (key) await recordOutcome(trx, scope, key, outcome);
      return { order: (await findOrder(trx, found.id))!, outcome };
    },
    // A keyed tap finds its key; an unkeyed one is a conditional transition (or a line already bumped).
    { guardedBy: key ? 'idempotency key' : 'conditional transition' },
  );
}

type Trx = Parameters<Parameters<typeof write>[1]>[0];

async function apply(trx: Trx, order: OrderRow, input: TapInput, ctx: { now: Date; actor: string; key: string | null }): Promise<TapOutcome> {
  const move = (name: OrderTransition) => transition(trx, order.id, name, { now: ctx.now, actor: ctx.actor });
  switch (input.tap) {
    case 'bump_line': {
      const line = input.line ?? 0;
      const bumped = await trx
        .insertInto('order_line_bumps')
        .values({ order_id: order.id, position: line, bumped_at: ctx.now, actor: ctx.actor })
        .onConflict((oc) => oc.columns(['order_id', 'position']).doNothing())
        .returning('position')
        .executeTakeFirst();
      if (!bumped) return 'already_done';
      const left = await trx
        .selectFrom('order_lines')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('order_id', '=', order.id)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('order_line_bumps as b')
                .select('b.position')
                .whereRef('b.order_id', '=', 'order_lines.order_id')
                .whereRef('b.position', '=', 'order_lines.position'),
            ),
          ),
        )
        .executeTakeFirstOrThrow();
      // The last drink done: the order is ready, and the customer hears once (the email's key is per order).
      if (left.n === 0) await move('mark_ready');
      else await announce(trx, order); // the other tablets show the line struck through
      return 'applied';
    }
    case 'undo_collect':
      if (!order.completed_at || !canUndoCollect(order.completed_at, ctx.now)) {
        throw new ConflictError(`Order ${order.number} was collected more than a minute ago: it can't be undone now.`, 'undo_window_passed');
      }
      break;
    case 'reprint':
      await enqueue(trx, { kind: 'ticket', orderId: order.id, reprint: true }, `ticket-reprint:${order.id}:${ctx.key}`);
      return 'applied';
    default:
      break;
  }
  const name = TRANSITION[input.tap]!;
  const applied = await move(name);
  if (!applied) return 'already_done';
  // A recalled order is made again: its lines are all to do.
  if (input.tap === 'recall') await trx.deleteFrom('order_line_bumps').where('order_id', '=', order.id).execute();
  return 'applied';
}

/** Tells the live queues the order changed without a state change (a line bumped), under its latest event's id. */
async function announce(trx: Trx, order: OrderRow): Promise<void> {
  const latest = await trx.selectFrom('order_events').select('id').where('order_id', '=', order.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  await publishLive(trx, { orderId: order.id, storeId: order.store_id, eventId: String(latest?.id ?? 0) });
}

async function requireLine(trx: Trx, orderId: string, position: number): Promise<void> {
  const line = await trx.selectFrom('order_lines').select('id').where('order_id', '=', orderId).where('position', '=', position).executeTakeFirst();
  if (!line) throw new NotFoundError('Order line');
}
