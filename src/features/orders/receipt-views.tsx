// The receipt with VAT on the order page (issue 9 item 7, decision 332): once the card is charged,
// net, VAT and total per rate in whole pence, and the company's VAT number. The receipt email
// (outbox/email/templates.tsx) shows the same figures from the same rule (domain/vat.ts).
import { formatPence } from '../../domain/money.js';
import { formatVatNumber, vatReceipt } from '../../domain/vat.js';
import type { OrderLine } from './model.js';

export function VatReceiptPanel({ lines, vatNumber, paidAt }: { lines: readonly OrderLine[]; vatNumber: string; paidAt: string }) {
  const receipt = vatReceipt(lines);
  return (
    <section class="panel receipt" aria-labelledby="receipt-heading" data-receipt>
      <h2 id="receipt-heading">Receipt</h2>
      <p class="muted">
        Paid {paidAt}. VAT registration number {formatVatNumber(vatNumber)}. Prices include VAT.
      </p>
      <table class="receipt__vat">
        <caption class="visually-hidden">VAT by rate</caption>
        <thead>
          <tr>
            <th scope="col">VAT rate</th>
            <th scope="col">Net</th>
            <th scope="col">VAT</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {receipt.rates.map((r) => (
            <tr data-vat-rate={r.ratePercent}>
              <th scope="row">{r.ratePercent} %</th>
              <td>{formatPence(r.netPence)}</td>
              <td>{formatPence(r.vatPence)}</td>
              <td>{formatPence(r.totalPence)}</td>
            </tr>
          ))}
        </tbody>
        {receipt.rates.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">All rates</th>
              <td>{formatPence(receipt.netPence)}</td>
              <td>{formatPence(receipt.vatPence)}</td>
              <td>{formatPence(receipt.totalPence)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </section>
  );
}
