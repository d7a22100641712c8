// Revenue per day as a stacked bar chart (one colour per store), drawn on the
// server as SVG: no JavaScript, readable by screen readers through its title,
// description and the table of the same numbers beside it.
import { formatPence } from '../../../domain/money.js';

export interface ChartSeries {
  label: string;
  values: number[];
} // one value (pence) per day
export interface ChartProps {
  days: string[];
  series: ChartSeries[];
  title: string;
  description: string;
}

export const STORE_COLOURS = ['#7a4b2a', '#d08c3b', '#4f7c6b', '#8a6fb0', '#c0504d', '#3f6fa8'];

const WIDTH = 760;
const HEIGHT = 300;
const M = { top: 16, right: 16, bottom: 44, left: 72 };

/** A round upper bound for the axis: 1, 2 or 5 × a power of ten, in pence. */
export function niceMax(value: number): number {
  if (value <= 0) return 1000;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function shortDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export function RevenueChart({ days, series, title, description }: ChartProps) {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const band = plotW / Math.max(1, days.length);
  const barW = Math.max(2, band * 0.7);
  const y = (pence: number) => M.top + plotH - (pence / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  const labelEvery = Math.ceil(days.length / 14);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart__svg">
        <title id="chart-title">{title}</title>
        <desc id="chart-desc">{description}</desc>
        {ticks.map((t) => (
          <g>
            <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} stroke="#ddd" stroke-width="1" />
            <text x={M.left - 8} y={y(t) + 4} text-anchor="end" font-size="12" fill="#444">
              {formatPence(t).replace(/\.00$/, '')}
            </text>
          </g>
        ))}
        {days.map((day, i) => {
          let base = 0;
          const x = M.left + i * band + (band - barW) / 2;
          return (
            <g>
              {series.map((s, k) => {
                const value = s.values[i] ?? 0;
                const top = y(base + value);
                const rect = value > 0 && (
                  <rect x={x} y={top} width={barW} height={y(base) - top} fill={STORE_COLOURS[k % STORE_COLOURS.length]}>
                    <title>{`${s.label}, ${day}: ${formatPence(value)}`}</title>
                  </rect>
                );
                base += value;
                return rect;
              })}
              {i % labelEvery === 0 && (
                <text x={M.left + i * band + band / 2} y={HEIGHT - M.bottom + 16} text-anchor="middle" font-size="11" fill="#444">
                  {shortDay(day)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={M.left} x2={WIDTH - M.right} y1={y(0)} y2={y(0)} stroke="#444" stroke-width="1" />
      </svg>
      <figcaption>
        <ul class="chart__legend">
          {series.map((s, k) => (
            <li>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={STORE_COLOURS[k % STORE_COLOURS.length]} />
              </svg>{' '}
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
