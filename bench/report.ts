// What a run leaves behind: a table for the terminal and bench/README.md, the JSON
// (results/<date>-<mode>.json) and a chart (results/<date>-<mode>.svg) of each scenario's
// throughput and p99 beside its ceiling's. The SVG is written by hand: no charting dependency.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchReport, ScenarioResult } from './run.js';

const pct = (r: number) => `${(r * 100).toFixed(1)} %`;

export function markdownTable(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `${report.mode}, ${report.date.slice(0, 10)}: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}; ` +
      `${report.settings.length.requests ? `${report.settings.length.requests} requests` : `${report.settings.length.seconds} s`} per measurement after a warm-up. App RSS after the run: ${report.appRssMb} MB.`,
    '',
    '| scenario | conns | app req/s | ceiling req/s | ratio | app p99 | ceiling p99 | p99 ratio | body | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.results.map(
      (r) =>
        `| ${r.scenario} | ${r.connections} | ${r.app.rps} | ${r.ceiling.rps} | ${pct(r.throughputRatio)} | ${r.app.requests === 0 ? 'no answer' : `${r.app.p99Ms} ms`} | ${r.ceiling.p99Ms} ms | ${r.app.requests === 0 ? '–' : `×${r.p99Ratio}`} | ${(r.bodyBytes / 1024).toFixed(1)} KB | ${r.app.non2xx} | ${r.app.errors} |`,
    ),
  ];
  return lines.join('\n');
}

/** Each target of issue 11 met or not, as measured in this run. */
export function targetsTable(report: BenchReport): string {
  return [
    '| target | asks | measured | met |',
    '|---|---|---|---|',
    ...report.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`),
  ].join('\n');
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One row per scenario and connection count. Left: throughput, the ceiling as the full grey bar and
 * the app's share of it in blue. Right: p99, both bars on the row's own scale (the longer is full).
 */
export function svgChart(report: BenchReport): string {
  const rowH = 34;
  const top = 56;
  const labelW = 250;
  const barW = 300;
  const gap = 40;
  const width = labelW + barW * 2 + gap + 20;
  const height = top + report.results.length * rowH + 30;
  const p99X = labelW + barW + gap;
  const rows = report.results.map((r: ScenarioResult, i) => {
    const y = top + i * rowH;
    const share = Math.min(1, r.throughputRatio);
    const longest = Math.max(r.app.p99Ms, r.ceiling.p99Ms, 1);
    return [
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${xmlText(r.scenario)} · ${r.connections}</text>`,
      `<rect x="${labelW}" y="${y + 2}" width="${barW}" height="12" fill="#d0d0d0"/>`,
      `<rect x="${labelW}" y="${y + 2}" width="${(barW * share).toFixed(1)}" height="12" fill="#2b6cb0"/>`,
      `<text x="${labelW}" y="${y + 27}" class="small">${r.app.rps} of ${r.ceiling.rps} req/s (${pct(r.throughputRatio)})</text>`,
      `<rect x="${p99X}" y="${y + 2}" width="${((barW * r.ceiling.p99Ms) / longest).toFixed(1)}" height="6" fill="#a0a0a0"/>`,
      `<rect x="${p99X}" y="${y + 8}" width="${((barW * r.app.p99Ms) / longest).toFixed(1)}" height="6" fill="#c05621"/>`,
      `<text x="${p99X}" y="${y + 27}" class="small">${r.app.requests === 0 ? 'app: no answer within the measurement' : `app ${r.app.p99Ms} ms`}, ceiling ${r.ceiling.p99Ms} ms (×${r.p99Ratio})</text>`,
    ].join('\n  ');
  });
  const m = report.machine;
  const title = `Alpaca Cafe bench, ${report.mode}, ${report.date.slice(0, 16)}Z: ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img">
  <title>${xmlText(`${title}: each scenario's throughput and p99 against its ceiling`)}</title>
  <style>.small{font-size:10px;fill:#444}</style>
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="10" y="18" font-size="14">${xmlText(title)}</text>
  <text x="${labelW}" y="44">throughput: app (blue) of ceiling (grey)</text>
  <text x="${p99X}" y="44">p99: ceiling (grey), app (orange)</text>
  ${rows.join('\n  ')}
  <text x="10" y="${height - 10}" class="small">Ceiling: the same bytes from memory through a bare Fastify route, same load tool and settings, same run. Rows: scenario · connections.</text>
</svg>
`;
}

/** Writes <dir>/<date>-<mode>.json and .svg; returns their paths. */
export async function writeResults(report: BenchReport, dir: string): Promise<{ json: string; svg: string }> {
  await fs.mkdir(dir, { recursive: true });
  const stem = path.join(dir, `${report.date.slice(0, 10)}-${report.mode}`);
  await fs.writeFile(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await fs.writeFile(`${stem}.svg`, svgChart(report));
  return { json: `${stem}.json`, svg: `${stem}.svg` };
}
