// The frame every email shares. Inline styles only (mail clients drop <style>);
// preact escapes every interpolated value.
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { formatPence } from '../../domain/money.js';
import type { OrderLineForMessages } from '../order-snapshot.js';

const body = 'margin:0;padding:24px;background:#f6f1ea;font-family:Helvetica,Arial,sans-serif;color:#2b2118;';
const card = 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;';

export function EmailLayout({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={body}>
        <div style={card}>
          <p style="margin:0 0 16px;font-weight:bold;color:#7a4b2a;">Alpaca Cafe</p>
          {children}
          <p style="margin:24px 0 0;font-size:12px;color:#7d6f63;">Alpaca Cafe · order ahead, collect in store · prices include VAT</p>
        </div>
      </body>
    </html>
  );
}

export function renderHtml(page: preact.VNode): string {
  return `<!doctype html>${render(page)}`;
}

export function LinesTable({ lines, totalPence }: { lines: OrderLineForMessages[]; totalPence: number }) {
  const cell = 'padding:6px 0;border-bottom:1px solid #eee;vertical-align:top;';
  return (
    <table style="width:100%;border-collapse:collapse;margin:16px 0;" role="presentation">
      <tbody>
        {lines.map((line) => (
          <tr>
            <td style={cell}>
              {line.quantity} × {line.name}
              {line.options.length > 0 && <div style="font-size:13px;color:#7d6f63;">{line.options.join(', ')}</div>}
            </td>
            <td style={`${cell}text-align:right;white-space:nowrap;`}>{formatPence(line.totalPence)}</td>
          </tr>
        ))}
        <tr>
          <td style="padding:8px 0;font-weight:bold;">Total</td>
          <td style="padding:8px 0;font-weight:bold;text-align:right;">{formatPence(totalPence)}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function Button({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <p style="margin:20px 0;">
      <a href={href} style="display:inline-block;background:#7a4b2a;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;">
        {children}
      </a>
    </p>
  );
}

/** The plain-text twin of LinesTable. */
export function linesText(lines: OrderLineForMessages[], totalPence: number): string {
  const rows = lines.map((l) => {
    const options = l.options.length > 0 ? `\n    ${l.options.join(', ')}` : '';
    return `  ${l.quantity} x ${l.name}  ${formatPence(l.totalPence)}${options}`;
  });
  return [...rows, `  Total  ${formatPence(totalPence)}`].join('\n');
}
