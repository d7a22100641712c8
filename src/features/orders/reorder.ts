// "Order again": lines back in the basket (an old order's, or a favourite's), each re-checked
// against the store's menu and availability today. A line that can't be made is reported with its
// reason, never silently dropped. A basket that already holds something is never merged into
// silently: the customer chooses "replace" or "add" (decision 321).
import type { AppDeps } from '../../deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { orderAgainStep, type OrderAgainMode } from '../../domain/order-again.js';
import type { OptionChoice } from '../../domain/customisation.js';
import type { CurrentUser } from '../../web/current-user.js';
import { addLine, basketSummary, chooseStore, clearBasket, findBasket } from '../basket/index.js';
import { ownOrder } from './customer-actions.js';
import { choiceOf } from './order-json.js';
import { loadOrderDetail } from './queries.js';
import { clause, plural } from '../../domain/words.js';

export interface ReorderResult {
  store: { slug: string; name: string };
  /** The basket was for another store and now is for this order's. */
  storeChanged: boolean;
  /** What was in the basket was removed first ("replace basket"). */
  replaced: boolean;
  added: { name: string; quantity: number }[];
  problems: { name: string; reason: string }[];
}

/** What goes back into the basket: the store it is for and its lines. */
export interface RefillSource {
  store: { id: number; slug: string; name: string };
  lines: { product: string; name: string; options: OptionChoice; quantity: number }[];
}

/** The basket holds something and no mode was chosen: the customer must say "replace" or "add". */
export class BasketNotEmptyError extends ConflictError {
  constructor(readonly items: number) {
    super(`Your basket already has ${plural(items, 'item')}: choose "replace" to empty it first, or "add" to add to it.`, 'basket_not_empty');
  }
}

export async function refillBasket(deps: AppDeps, user: CurrentUser, source: RefillSource, mode: OrderAgainMode | undefined): Promise<ReorderResult> {
  const db = deps.db.writer;
  const owner = { userId: user.id };
  const { count } = await basketSummary(db, owner);
  const step = orderAgainStep(Number(count), mode);
  if (step === 'ask') throw new BasketNotEmptyError(Number(count));
  // Emptied first, in a write of its own: each line is then added (and checked) as "add" does.
  if (step === 'replace') await clearBasket(db, owner);
  const basket = await findBasket(db, owner);
  const storeChanged = basket?.store_id !== source.store.id;
  if (storeChanged) await chooseStore(db, owner, source.store.slug);

  const result: ReorderResult = {
    store: { slug: source.store.slug, name: source.store.name },
    storeChanged,
    replaced: step === 'replace' && Number(count) > 0,
    added: [],
    problems: [],
  };
  for (const line of source.lines) {
    try {
      await addLine(db, owner, { product: line.product, options: line.options, quantity: line.quantity });
      result.added.push({ name: line.name, quantity: line.quantity });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const reason = [...new Set(Object.values(error.fields ?? {}))].join(' ') || error.message;
      result.problems.push({ name: line.name, reason });
    }
  }
  return result;
}

/** An order of the customer's as what "order again" puts back. */
export async function orderSource(deps: AppDeps, user: CurrentUser, orderId: string): Promise<RefillSource> {
  const order = await ownOrder(deps, user, orderId);
  const detail = await loadOrderDetail(deps.db.writer, order.id);
  if (!detail) throw new NotFoundError('Order');
  return {
    store: { id: order.store_id, slug: detail.store.slug, name: detail.store.name },
    lines: detail.lines.map((line) => ({ product: line.product, name: line.name, options: choiceOf(line.options), quantity: line.quantity })),
  };
}

export async function reorder(deps: AppDeps, user: CurrentUser, orderId: string, mode?: OrderAgainMode): Promise<ReorderResult> {
  return refillBasket(deps, user, await orderSource(deps, user, orderId), mode);
}

export function reorderMessage(result: ReorderResult): string {
  const parts: string[] = [];
  if (result.replaced) parts.push('Your basket was emptied first.');
  if (result.added.length > 0) {
    parts.push(`Added to your basket: ${result.added.map((a) => `${a.quantity} × ${a.name}`).join(', ')}.`);
  }
  if (result.problems.length > 0) {
    parts.push(`Not added: ${result.problems.map((p) => `${p.name} (${clause(p.reason)})`).join('; ')}.`);
  }
  if (result.storeChanged) parts.push(`Your basket is now for ${result.store.name}.`);
  return parts.join(' ') || 'Nothing to add.';
}
