/**
 * `npm run layer-picture -- <results.json> [--methods full-ft,lp-ft,tpgm] [--out docs/x.svg] [--title …]`
 * The per-layer picture (scripts/lib/layer-picture.ts) of a result file of `npm run experiment`: how far
 * each method moved every backbone kernel from θ0, mean over seeds with each seed as a dot.
 */
import { readFileSync, writeFileSync } from 'node:fs';

import type { ExperimentRun } from './lib/experiment-table';
import { layerDrifts, layerPictureSvg } from './lib/layer-picture';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const args = process.argv.slice(2);
const file = args[0];
if (!file || file.startsWith('--')) throw new Error('give the result file: npm run layer-picture -- <results.json>');
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  date: string;
  command: string;
  backend: { name: string };
  runs: ExperimentRun[];
};
const methods = option(args, '--methods', 'full-ft,lp-ft,tpgm').split(',');
const missing = methods.filter((m) => !report.runs.some((r) => r.method === m));
if (missing.length > 0) throw new Error(`${file} has no runs of ${missing.join(', ')}`);
const out = option(args, '--out', file.replace(/\.json$/, '-layers.svg'));
const seeds = [...new Set(report.runs.map((r) => r.seed))].join(', ');
const svg = layerPictureSvg(
  layerDrifts(report.runs, methods),
  option(args, '--title', 'How far each layer moved from θ0 (end of fine-tuning)'),
  [
    `Measured ${report.date.slice(0, 10)} on ${report.backend.name}, seeds ${seeds}; the head is left out.`,
    report.command,
  ],
);
writeFileSync(out, svg);
console.log(`wrote ${out}`);
