// The admin payments log (issue 12 item 5, decision 708): payment calls that failed with an error
// rather than an answer, written as they happen, read newest first with filters.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../../deps.js';
import type { DB } from '../../../db/schema.js';
import { ValidationError } from '../../../domain/errors.js';
import { onPaymentError, type PaymentErrorEntry } from '../../../payments/counted.js';
import { LOG_PAGE_SIZE } from './outbox-queries.js';
import { type DayRange, dayRangeProblems, likePattern, withinDays } from './log-filters.js';

export const PAYMENT_ERROR_KINDS = ['configuration', 'transient'] as const;

export interface PaymentErrorFilter extends DayRange {
  /** '' for every kind. */
  kind: string;
  /** An order number, or part of an order id or a payment reference. */
  order: string;
}

export interface PaymentErrorRow {
  id: number;
  at: Date;
  gateway: string;
  operation: string;
  kind: 'configuration' | 'transient';
  orderId: string | null;
  orderNumber: number | null;
  storeSlug: string | null;
  reference: string | null;
  message: string;
}

/** Writes each failed payment call of this app's gateway to the log; stops when the app closes. */
export function recordPaymentErrors(app: FastifyInstance, deps: AppDeps): void {
  const stop = onPaymentError(deps.payments, async (entry: PaymentErrorEntry) => {
    try {
      await deps.db.writer
        .insertInto('payment_errors')
        .values({
          at: deps.clock(),
          gateway: entry.gateway,
          operation: entry.operation,
          kind: entry.kind,
          order_id: entry.orderId,
          payment_reference: entry.reference?.slice(0, 255) ?? null,
          message: entry.message,
        })
        .execute();
    } catch (error) {
      // The database may be what failed too: the line in the log and the counter still say it.
      app.log.warn({ err: error, paymentError: entry }, 'payment error not written to the payments log');
    }
  });
  app.addHook('onClose', async () => stop());
}

export function checkPaymentErrorFilter(filter: PaymentErrorFilter): void {
  const fields = dayRangeProblems(filter);
  if (filter.kind && !(PAYMENT_ERROR_KINDS as readonly string[]).includes(filter.kind)) fields['kind'] = 'Choose a kind from the list.';
  if (filter.order.length > 80) fields['order'] = 'Enter at most 80 characters.';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

export async function listPaymentErrors(db: Kysely<DB>, filter: PaymentErrorFilter, page: number): Promise<{ entries: PaymentErrorRow[]; hasMore: boolean }> {
  let query = db
    .selectFrom('payment_errors as p')
    .leftJoin('orders as o', 'o.id', 'p.order_id')
    .leftJoin('stores as s', 's.id', 'o.store_id')
    .select(['p.id', 'p.at', 'p.gateway', 'p.operation', 'p.kind', 'p.order_id', 'o.number', 's.slug', 'p.payment_reference', 'p.message']);
  if (filter.kind) query = query.where('p.kind', '=', filter.kind as PaymentErrorRow['kind']);
  if (filter.order) {
    const order = filter.order.replace(/^#/, '').toLowerCase();
    query = /^\d{1,9}$/.test(order)
      ? query.where('o.number', '=', Number(order))
      : query.where((eb) =>
          eb.or([eb(eb.cast('p.order_id', 'text'), 'like', likePattern(order)), eb('p.payment_reference', 'like', likePattern(filter.order))]),
        );
  }
  for (const condition of withinDays('p.at', filter)) query = query.where(condition);
  const rows = await query
    .orderBy('p.at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(LOG_PAGE_SIZE + 1)
    .offset((page - 1) * LOG_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > LOG_PAGE_SIZE,
    entries: rows.slice(0, LOG_PAGE_SIZE).map((r) => ({
      id: r.id,
      at: r.at,
      gateway: r.gateway,
      operation: r.operation,
      kind: r.kind,
      orderId: r.order_id,
      orderNumber: r.number,
      storeSlug: r.slug,
      reference: r.payment_reference,
      message: r.message,
    })),
  };
}
