// "Order again": the same lines back in the basket, each re-checked against the
// store's menu and availability today. A line that can't be made is reported
// with its reason, never silently dropped.
import type { AppDeps } from '../../deps.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { CurrentUser } from '../../web/current-user.js';
import { addLine, chooseStore, findBasket } from '../basket/index.js';
import { ownOrder } from './customer-actions.js';
import { choiceOf } from './order-json.js';
import { loadOrderDetail } from './queries.js';
import { clause } from '../../domain/words.js';

export interface ReorderResult {
  store: { slug: string; name: string };
  /** The basket was for another store and now is for this order's. */
  storeChanged: boolean;
  added: { name: string; quantity: number }[];
  problems: { name: string; reason: string }[];
}

export async function reorder(deps: AppDeps, user: CurrentUser, orderId: string): Promise<ReorderResult> {
  const order = await ownOrder(deps, user, orderId);
  const detail = await loadOrderDetail(deps.db.writer, order.id);
  if (!detail) throw new NotFoundError('Order');
  const db = deps.db.writer;
  const owner = { userId: user.id };
  const basket = await findBasket(db, owner);
  const storeChanged = basket?.store_id !== order.store_id;
  if (storeChanged) await chooseStore(db, owner, detail.store.slug);

  const result: ReorderResult = { store: { slug: detail.store.slug, name: detail.store.name }, storeChanged, added: [], problems: [] };
  for (const line of detail.lines) {
    try {
      await addLine(db, owner, { product: line.product, options: choiceOf(line.options), quantity: line.quantity });
      result.added.push({ name: line.name, quantity: line.quantity });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const reason = [...new Set(Object.values(error.fields ?? {}))].join(' ') || error.message;
      result.problems.push({ name: line.name, reason });
    }
  }
  return result;
}

export function reorderMessage(result: ReorderResult): string {
  const parts: string[] = [];
  if (result.added.length > 0) {
    parts.push(`Added to your basket: ${result.added.map((a) => `${a.quantity} × ${a.name}`).join(', ')}.`);
  }
  if (result.problems.length > 0) {
    parts.push(`Not added: ${result.problems.map((p) => `${p.name} (${clause(p.reason)})`).join('; ')}.`);
  }
  if (result.storeChanged) parts.push(`Your basket is now for ${result.store.name}.`);
  return parts.join(' ') || 'Nothing to add.';
}
