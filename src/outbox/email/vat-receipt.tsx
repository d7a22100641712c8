// The receipt email's VAT table (decision 332): net, VAT and total per rate, and the VAT number,
// in HTML and in plain text, from the same rule as the order page (domain/vat.ts).
import { formatPence } from '../../domain/money.js';
import { formatVatNumber, vatReceipt } from '../../domain/vat.js';
import type { OrderLineForMessages } from '../order-snapshot.js';

export function VatTable({ lines, vatNumber }: { lines: readonly OrderLineForMessages[]; vatNumber: string }) {
  const receipt = vatReceipt(lines);
  const cell = 'padding:4px 0;border-bottom:1px solid #eee;text-align:right;';
  return (
    <table style="width:100%;border-collapse:collapse;margin:0 0 16px;font-size:14px;">
      <caption style="text-align:left;font-weight:bold;padding:0 0 6px;">VAT (VAT no. {formatVatNumber(vatNumber)})</caption>
      <thead>
        <tr>
          <th style={`${cell}text-align:left;`}>Rate</th>
          <th style={cell}>Net</th>
          <th style={cell}>VAT</th>
          <th style={cell}>Total</th>
        </tr>
      </thead>
      <tbody>
        {receipt.rates.map((r) => (
          <tr>
            <td style={`${cell}text-align:left;`}>{r.ratePercent} %</td>
            <td style={cell}>{formatPence(r.netPence)}</td>
            <td style={cell}>{formatPence(r.vatPence)}</td>
            <td style={cell}>{formatPence(r.totalPence)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function vatText(lines: readonly OrderLineForMessages[], vatNumber: string): string {
  const receipt = vatReceipt(lines);
  return [
    `VAT (VAT no. ${formatVatNumber(vatNumber)})`,
    ...receipt.rates.map((r) => `  ${r.ratePercent} %: net ${formatPence(r.netPence)}  VAT ${formatPence(r.vatPence)}  total ${formatPence(r.totalPence)}`),
  ].join('\n');
}
