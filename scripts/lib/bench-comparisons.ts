/**
 * The comparison tables of `npm run benchmarks` (scripts/benchmarks.ts), read from the experiment runner's
 * committed result files in docs/results/: every method per recipe (BENCHMARKS.md §1 and the fine-tuned
 * models' cards) and TPGM's radius schedules side by side (§2).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { METHOD_IDS } from '../../src/core/spec/config';
import type { ModelCard } from '../../src/core/spec/model-card';
import type { BackendInfo } from '../../src/worker/protocol';
import { scheduleLabel } from './bench-timing';
import { experimentTable, mergeRuns, summaryRows, type ExperimentRun } from './experiment-table';

export const RESULTS = 'docs/results';
/** The model the default comparison fine-tunes (the app's default). */
const DEFAULT_MODEL = 'cnn-small-mnist';
/** The comparison's result files per recipe, in the order their tables are merged. */
const COMPARISONS: { model: string; recipe: string; files: string[] }[] = [
  {
    model: DEFAULT_MODEL,
    recipe: 'B1 · SGD',
    files: [
      'mnist-b1.json',
      'mnist-b1-lp.json',
      'mnist-b1-baselines-a.json',
      'mnist-b1-baselines-b.json',
      'mnist-b1-lpft.json',
      'mnist-b1-tpgm-valbatch4.json',
    ],
  },
  {
    model: DEFAULT_MODEL,
    recipe: 'B2 · Adam',
    files: ['mnist-b2.json', 'mnist-b2-lp.json', 'mnist-b2-baselines.json', 'mnist-b2-tpgm-valbatch4.json'],
  },
  {
    model: 'cnn-small-fashion-mnist',
    recipe: 'B1 · SGD',
    files: ['fashion-b1-a.json', 'fashion-b1-b.json', 'fashion-b1-tpgm-valbatch4.json'],
  },
  // the second lesson (issue #17): pre-trained on digits 0–4, fine-tuned on 5–9
  { model: 'cnn-small-mnist-0to4', recipe: 'New classes 0–4 → 5–9 · SGD', files: ['mnist-new-classes.json'] },
  {
    model: 'resnet-mini-mnist-0to4',
    recipe: 'New classes 0–4 → 5–9 · SGD, BatchNorm statistics re-estimated (as usual)',
    files: ['mnist-new-classes-resnet.json'],
  },
  {
    model: 'resnet-mini-mnist-0to4',
    recipe: 'New classes 0–4 → 5–9 · SGD, BatchNorm statistics frozen at θ0',
    files: ['mnist-new-classes-resnet-frozen-bn.json'],
  },
];

/** TPGM's radius schedules side by side: the result files holding TPGM runs of each experiment. */
const SCHEDULES: { experiment: string; files: string[] }[] = [
  {
    experiment: 'cnn-small-mnist, B1 · SGD',
    files: [
      'mnist-b1.json',
      'mnist-b1-tpgm-projfreq10.json',
      'mnist-b1-tpgm-projfreq10-rlr01.json',
      'mnist-b1-tpgm-valbatch4.json',
    ],
  },
  {
    experiment: 'cnn-small-mnist, B2 · Adam',
    files: [
      'mnist-b2.json',
      'mnist-b2-tpgm-projfreq10.json',
      'mnist-b2-tpgm-projfreq10-rlr01.json',
      'mnist-b2-tpgm-valbatch4.json',
    ],
  },
  {
    experiment: 'cnn-small-fashion-mnist, B1 · SGD',
    files: [
      'fashion-b1-a.json',
      'fashion-b1-b.json',
      'fashion-b1-tpgm-projfreq10.json',
      'fashion-b1-tpgm-projfreq10-rlr01.json',
      'fashion-b1-tpgm-valbatch4.json',
    ],
  },
];

interface ExperimentReport {
  date: string;
  machine: string;
  backend: BackendInfo;
  command: string;
  runs: ExperimentRun[];
}

interface Comparison {
  model: string;
  recipe: string;
  runs: ExperimentRun[];
  sources: { file: string; report: ExperimentReport }[];
}

function comparisons(): Comparison[] {
  return COMPARISONS.map(({ model, recipe, files }) => {
    const sources = files
      .filter((f) => existsSync(`${RESULTS}/${f}`))
      .map((f) => ({ file: f, report: JSON.parse(readFileSync(`${RESULTS}/${f}`, 'utf8')) as ExperimentReport }));
    const runs = mergeRuns(sources.map((r) => r.report.runs)).sort(
      (a, b) => METHOD_IDS.indexOf(a.method) - METHOD_IDS.indexOf(b.method) || a.seed - b.seed,
    );
    return { model, recipe, runs, sources };
  });
}

const measuredBy = (c: Comparison): string[] =>
  c.sources.map(
    ({ file, report }) =>
      `\`${report.command}\` → \`${RESULTS}/${file}\` (${report.date.slice(0, 10)}, ${report.machine}, ${report.backend.name})`,
  );

export function comparisonSection(): string {
  return comparisons()
    .map(
      (c) =>
        `### ${c.model} · ${c.recipe}\n\n${experimentTable(c.runs)}\n\nMeasured by (a run of a method and seed measured again in a later file is taken from that file):\n\n${measuredBy(
          c,
        )
          .map((m) => `- ${m}`)
          .join('\n')}\n`,
    )
    .join('\n');
}

/** The comparison tables into each fine-tuned model's card, so the model picker shows what it measured. */
export function recordInCards(): void {
  const all = comparisons();
  for (const model of new Set(all.map((c) => c.model))) {
    const path = `public/models/${model}/meta.json`;
    const card = JSON.parse(readFileSync(path, 'utf8')) as ModelCard;
    card.finetuned = all
      .filter((c) => c.model === model)
      .map((c) => ({
        recipe: c.recipe,
        rows: summaryRows(c.runs),
        measuredBy: measuredBy(c).map((m) => m.replace(/`/g, '')),
      }));
    writeFileSync(path, `${JSON.stringify(card, null, 2)}\n`);
    console.log(`recorded the comparison tables in ${path}`);
  }
}

/** One row per experiment and TPGM schedule: ID and OOD mean over seeds, from the committed result files. */
export function scheduleSection(): string {
  const rows = SCHEDULES.flatMap(({ experiment, files }) => {
    const runs = files
      .filter((f) => existsSync(`${RESULTS}/${f}`))
      .flatMap((f) => (JSON.parse(readFileSync(`${RESULTS}/${f}`, 'utf8')) as ExperimentReport).runs)
      .filter((r) => r.method === 'tpgm');
    const bySchedule = new Map<string, ExperimentRun[]>();
    for (const r of runs) {
      const key = scheduleLabel(r.spec);
      bySchedule.set(key, [...(bySchedule.get(key) ?? []), r]);
    }
    return [...bySchedule].map(([schedule, of]) => {
      const [row] = summaryRows(of);
      return `| ${experiment} | ${schedule} | ${row.seeds} | ${row.id} | ${row.oodMean} |`;
    });
  });
  return ['| experiment | TPGM schedule | seeds | ID | OOD mean |', '|---|---|---|---|---|', ...rows].join('\n');
}
