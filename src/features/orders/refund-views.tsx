// The refunds of one order, as the customer's order page and the staff order page show them.
import { formatPence } from '../../domain/money.js';
import { storeDateTime } from './format.js';
import type { OrderLine, Refund } from './model.js';

const STATUS: Record<Refund['status'], { label: string; colour: string }> = {
  succeeded: { label: 'Refunded', colour: 'green' },
  pending: { label: 'Refund in progress', colour: 'amber' },
  failed: { label: 'Refund failed', colour: 'red' },
};

/** "2 × Latte, 1 × Flat white", or "the rest of the order" for a refund of an amount. */
export function refundedWhat(refund: Refund, lines: readonly OrderLine[]): string {
  if (refund.lines.length === 0) return 'the rest of the order';
  return refund.lines.map((l) => `${l.quantity} × ${lines.find((x) => x.position === l.position)?.name ?? 'an item'}`).join(', ');
}

export function RefundList({
  refunds,
  lines,
  timezone,
  staff = false,
}: {
  refunds: readonly Refund[];
  lines: readonly OrderLine[];
  timezone: string;
  staff?: boolean;
}) {
  if (refunds.length === 0) return null;
  return (
    <ul class="refund-list">
      {refunds.map((refund) => {
        const status = STATUS[refund.status];
        return (
          <li class="refund-list__item" data-refund-id={refund.id}>
            <span class={`tag tag--${status.colour}`}>{status.label}</span> <strong>{formatPence(refund.amountPence)}</strong>{' '}
            {refund.method === 'cash' ? 'in cash' : 'to the card'} · {refundedWhat(refund, lines)} · {storeDateTime(refund.createdAt, timezone)}
            <div class="muted">Reason: {refund.reason}</div>
            {staff && refund.failure && <div class="muted">The payment provider said: {refund.failure}</div>}
          </li>
        );
      })}
    </ul>
  );
}
