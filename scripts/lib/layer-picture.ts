/**
 * The per-layer picture of an experiment (issue #17): how far each method moved every kernel from θ0,
 * ‖θ−θ0‖/‖θ0‖ at the end of the run (mean over seeds, with each seed as a dot), one group of bars per
 * layer in forward order, as a standalone SVG. The head is left out: a fresh head's θ0 is its random
 * start, and its drift (hundreds of %) would squash the backbone's bars. Drawn from the result file,
 * so every bar is a measured number.
 */
import type { ExperimentRun } from './experiment-table';

export interface LayerDrift {
  layer: string;
  /** Per method, one relative drift per seed (fractions). */
  byMethod: { method: string; seeds: number[] }[];
}

/** The backbone kernels' final relative drift per method and seed, layers in forward order. */
export function layerDrifts(runs: readonly ExperimentRun[], methods: readonly string[]): LayerDrift[] {
  const first = runs.find((r) => r.summary.layers);
  if (!first?.summary.layers) return [];
  const kernels = first.summary.layers.layers.filter((l) => !l.isHead && /kernel$/.test(l.name)).map((l) => l.name);
  return kernels.map((layer) => ({
    layer,
    byMethod: methods.map((method) => ({
      method,
      seeds: runs
        .filter((r) => r.method === method)
        .map((r) => r.summary.layers?.layers.find((l) => l.name === layer)?.relativeDeviation)
        .filter((v): v is number => typeof v === 'number'),
    })),
  }));
}

const COLOURS = ['#c0392b', '#1f77b4', '#2e8b57', '#8e44ad', '#d35400', '#555555'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The grouped-bar SVG of `drifts`, titled; `note` is provenance under the chart, one line per entry. */
export function layerPictureSvg(drifts: readonly LayerDrift[], title: string, note: readonly string[]): string {
  const width = 720;
  const height = 360 + 16 * Math.max(0, note.length - 1);
  const m = { left: 64, right: 16, top: 48, bottom: 76 + 16 * note.length };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const methods = drifts[0]?.byMethod.map((b) => b.method) ?? [];
  const top = Math.max(0.01, ...drifts.flatMap((d) => d.byMethod.flatMap((b) => b.seeds)));
  // a round axis maximum in percent
  const stepPct = [1, 2, 5, 10, 20, 25, 50].find((s) => (100 * top) / s <= 6) ?? 100;
  const maxPct = Math.ceil((100 * top) / stepPct) * stepPct;
  const y = (fraction: number): number => m.top + plotH - (plotH * 100 * fraction) / maxPct;
  const group = plotW / Math.max(1, drifts.length);
  const bar = (group * 0.8) / Math.max(1, methods.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="14">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${m.left}" y="24" font-size="16" font-weight="600">${esc(title)}</text>`,
  ];
  for (let p = 0; p <= maxPct; p += stepPct) {
    const at = y(p / 100);
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${at}" y2="${at}" stroke="#dddddd"/>`,
      `<text x="${m.left - 8}" y="${at + 5}" text-anchor="end">${p} %</text>`,
    );
  }
  parts.push(
    `<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">‖θ−θ0‖ / ‖θ0‖ of the kernel</text>`,
  );
  drifts.forEach((d, g) => {
    const x0 = m.left + g * group + group * 0.1;
    d.byMethod.forEach((b, k) => {
      const x = x0 + k * bar;
      const v = mean(b.seeds);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(m.top + plotH - y(v)).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${esc(`${b.method} ${d.layer}: ${(100 * v).toFixed(2)} % (mean of ${b.seeds.length})`)}</title></rect>`,
        ...b.seeds.map(
          (s) =>
            `<circle cx="${(x + (bar - 2) / 2).toFixed(1)}" cy="${y(s).toFixed(1)}" r="2.5" fill="#000000" fill-opacity="0.6"/>`,
        ),
      );
    });
    parts.push(
      `<text x="${(m.left + g * group + group / 2).toFixed(1)}" y="${m.top + plotH + 20}" text-anchor="middle">${esc(d.layer.replace(/\/kernel$/, ''))}</text>`,
    );
  });
  methods.forEach((method, k) => {
    const x = m.left + k * 120;
    const ly = m.top + plotH + 52;
    parts.push(
      `<rect x="${x}" y="${ly - 11}" width="12" height="12" fill="${COLOURS[k % COLOURS.length]}"/>`,
      `<text x="${x + 18}" y="${ly}">${esc(method)}</text>`,
    );
  });
  note.forEach((line, i) =>
    parts.push(
      `<text x="16" y="${height - 14 - 16 * (note.length - 1 - i)}" font-size="12" fill="#444444">${esc(line)}</text>`,
    ),
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
