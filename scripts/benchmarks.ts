/**
 * `npm run benchmarks -- [--skip-build] [--steps 150] [--backend-steps 12] [--memory-steps 2000] [--tables-only]`
 * Regenerates BENCHMARKS.md (and docs/results/benchmarks.json) on this machine, through the app's own
 * worker in headless Chromium:
 *   1. the default experiment's comparison of every method over 3 seeds, from the experiment runner's
 *      results in docs/results/ (each file names the `npm run experiment` command that made it);
 *   2. speed: each method's median step time beside vanilla FT's (same model, data and backend, one run
 *      each, one after the other), and FT / TPGM on every backend (WebGPU, WebGL, CPU, WASM);
 *   3. PyTorch's plain FT step of the same model and batch on the CPU (scripts/reference/torch_step.py);
 *   4. memory: the tensors and bytes a TPGM run holds after 100 and after `--memory-steps` steps.
 * The comparison tables also go into the fine-tuned models' cards (`--tables-only`: only that).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import { METHOD_IDS, type MethodId } from '../src/core/config';
import { median } from '../src/core/stats';
import type { ModelCard } from '../src/core/model/model-card';
import { PRESETS } from '../src/store/presets';
import { defaultDraft } from '../src/store/run-draft';
import type { BackendInfo, BackendName, MemoryPoint, RunSpec } from '../src/worker/protocol';
import { experimentTable, mergeRuns, summaryRows, type ExperimentRun } from './lib/experiment-table';
import { openHeadlessWorker, type HeadlessWorker } from './lib/headless-worker';
import { runSpec } from './lib/run-spec';
import { uiBenchSectionFromResults } from './lib/ui-bench-report';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const RESULTS = 'docs/results';
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

/** A timing run of the default model and recipe: `steps` steps, losses read every 10, evaluated once at the end. */
function timingSpec(method: MethodId, steps: number, lean: boolean): RunSpec {
  const base = defaultDraft('mnist');
  const d = PRESETS[0].apply({ ...base, config: { ...base.config, method, seed: 0 } });
  return {
    ...d,
    config: { ...d.config, steps },
    // a lean run (slow backends) evaluates 20 images of one OOD domain, so the end is not the cost
    oodDomains: lean ? d.oodDomains.slice(0, 1) : d.oodDomains,
    testPerClass: lean ? 2 : 20,
    logEvery: lean ? 2 : 10,
    evalEvery: steps,
  };
}

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : '–');

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

function comparisonSection(): string {
  return comparisons()
    .map(
      (c) =>
        `### ${c.recipe}\n\n${experimentTable(c.runs)}\n\nMeasured by (a run of a method and seed measured again in a later file is taken from that file):\n\n${measuredBy(
          c,
        )
          .map((m) => `- ${m}`)
          .join('\n')}\n`,
    )
    .join('\n');
}

/** The comparison tables into each fine-tuned model's card, so the model picker shows what it measured. */
function recordInCards(): void {
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
function scheduleSection(): string {
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

interface MethodSpeed {
  method: MethodId;
  stepMs: number;
}

async function methodSpeeds(worker: HeadlessWorker, steps: number): Promise<MethodSpeed[]> {
  const out: MethodSpeed[] = [];
  let runId = 1000;
  for (const method of METHOD_IDS) {
    const summary = await runSpec(worker, runId++, timingSpec(method, steps, false));
    out.push({ method, stepMs: summary.medianStepMs });
    console.log(`  ${method}: ${ms(summary.medianStepMs)} ms/step`);
  }
  return out;
}

/** A TPGM timing spec with another radius schedule. */
function withSchedule(
  spec: RunSpec,
  tpgm: Pick<RunSpec['config']['tpgm'], 'projFreq' | 'radiusLr' | 'valBatchSize'>,
): RunSpec {
  return { ...spec, config: { ...spec.config, tpgm: { ...spec.config.tpgm, ...tpgm } } };
}

const scheduleLabel = (s: RunSpec): string => {
  const { projFreq, radiusLr, valBatchSize } = s.config.tpgm;
  const every = projFreq === 1 ? 'step' : `${projFreq} steps`;
  return `radius update every ${every} on a validation batch of ${valBatchSize}, radius lr ${radiusLr}`;
};

interface TargetTiming {
  label: string;
  /** Median step ms of each round. */
  stepMs: number[];
  /** Median over rounds of (this step / FT's step in the same round). */
  ratio: number;
}

/** The design's schedule (../shared/EXPERIMENT.md, design B) and a sparser one, timed beside the app's. */
const OTHER_SCHEDULES = [
  { projFreq: 1, radiusLr: 0.01, valBatchSize: 32 },
  { projFreq: 10, radiusLr: 0.01, valBatchSize: 32 },
];

/**
 * The speed target (TPGM ≤ 1.15 × FT at the default schedule): FT, TPGM at the app's schedule and at the
 * other schedules, in `rounds` interleaved rounds, so that a drift of the machine hits all alike.
 */
async function tpgmTarget(worker: HeadlessWorker, steps: number, rounds: number): Promise<TargetTiming[]> {
  const app = timingSpec('tpgm', steps, false);
  const others = OTHER_SCHEDULES.map((t) => withSchedule(app, t)).filter(
    (o) => scheduleLabel(o) !== scheduleLabel(app),
  );
  const variants = [
    { label: 'full-ft', spec: timingSpec('full-ft', steps, false) },
    { label: `tpgm, the app's schedule: ${scheduleLabel(app)}`, spec: app },
    ...others.map((o) => ({ label: `tpgm, ${scheduleLabel(o)}`, spec: o })),
  ];
  const times = variants.map(() => [] as number[]);
  let runId = 2000;
  for (let round = 0; round < rounds; round++) {
    for (const [i, v] of variants.entries()) {
      times[i].push((await runSpec(worker, runId++, v.spec)).medianStepMs);
    }
    console.log(`  round ${round + 1}/${rounds}: ${times.map((t) => ms(t[round])).join(' / ')} ms per step`);
  }
  return variants.map((v, i) => ({
    label: v.label,
    stepMs: times[i],
    ratio: median(times[i].map((t, r) => t / times[0][r])),
  }));
}

interface BackendSpeed {
  backend: BackendName;
  adapter: string;
  ft: number;
  tpgm: number;
  memory: MemoryPoint | null;
}

async function backendSpeeds(steps: number, skipBuild: boolean): Promise<BackendSpeed[]> {
  const out: BackendSpeed[] = [];
  for (const backend of ['webgpu', 'webgl', 'cpu', 'wasm'] as const) {
    const worker = await openHeadlessWorker({ backend, skipBuild });
    try {
      const lean = backend !== 'wasm';
      const ft = await runSpec(worker, 1, timingSpec('full-ft', steps, lean));
      const tpgm = await runSpec(worker, 2, timingSpec('tpgm', steps, lean));
      out.push({
        backend: worker.backend.name,
        adapter: worker.backend.adapter,
        ft: ft.medianStepMs,
        tpgm: tpgm.medianStepMs,
        memory: tpgm.final.memory ?? null,
      });
      console.log(`  ${backend}: FT ${ms(ft.medianStepMs)} ms, TPGM ${ms(tpgm.medianStepMs)} ms per step`);
    } finally {
      await worker.close();
    }
  }
  return out;
}

interface TorchStep {
  batch: number;
  medianStepMs: number;
  framework: string;
  threads: number;
}

function torchReference(): TorchStep[] | string {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  try {
    return [32, 64].map((batch) => {
      const text = execFileSync(
        python,
        ['scripts/reference/torch_step.py', '--batch', String(batch), '--steps', '200'],
        {
          encoding: 'utf8',
        },
      );
      return JSON.parse(text) as TorchStep;
    });
  } catch (err) {
    return `not measured: PyTorch did not run (${(err as Error).message.split('\n')[0]}); install Debian's python3-torch`;
  }
}

/** A TPGM run of `steps` steps, evaluated every 100: what it holds at each evaluation, by step. */
async function memoryGrowth(worker: HeadlessWorker, steps: number): Promise<Map<number, MemoryPoint>> {
  const runId = 3000;
  const points = new Map<number, MemoryPoint>();
  worker.onEvent((e) => {
    if (e.type === 'eval' && e.runId === runId && e.point.memory) points.set(e.point.step, e.point.memory);
  });
  await runSpec(worker, runId, { ...timingSpec('tpgm', steps, true), evalEvery: 100 });
  return points;
}

/** Everything `npm run benchmarks` measures, as written to docs/results/benchmarks.json. */
interface Measurements {
  date: string;
  machine: string;
  defaultBackend: BackendInfo;
  steps: number;
  speeds: MethodSpeed[];
  rounds: number;
  target: TargetTiming[];
  backendSteps: number;
  backends: BackendSpeed[];
  torch: TorchStep[] | string;
  memorySteps: number;
  memory: [number, MemoryPoint][];
}

/** BENCHMARKS.md from the measurements and the comparison tables in docs/results/. */
function report(m: Measurements): string {
  const { date, machine, defaultBackend, steps, speeds, rounds, target, backendSteps, backends, torch, memorySteps } =
    m;
  const memory = new Map(m.memory);
  const ft = speeds.find((s) => s.method === 'full-ft')?.stepMs ?? Number.NaN;
  const [, appTpgm, ...otherTpgm] = target;
  const m100 = memory.get(100);
  const mEnd = memory.get(memorySteps);
  const where = `${machine}, headless Chromium, ${date}`;
  const torchRows =
    typeof torch === 'string'
      ? torch
      : torch
          .map((t) => `| ${t.framework}, CPU, ${t.threads} thread(s) | ${t.batch} | ${ms(t.medianStepMs)} |`)
          .join('\n');
  const webgpu = backends.find((b) => b.backend === 'webgpu');
  const doc = `# Benchmarks

Regenerated by \`npm run benchmarks\` (after the setup in README.md), on ${where}. Every number is measured
by the app's own worker code in headless Chromium; the raw numbers are in \`${RESULTS}/benchmarks.json\`.
No GPU on this machine: WebGPU and WebGL run on SwiftShader, a software renderer, so the app's automatic
choice here is ${defaultBackend.name} (${defaultBackend.adapter}).

## 1. The default experiment: every method, 3 seeds

cnn-small-mnist (shipped), fine-tuned on 1,000 clean digits, tested on the full test split in each domain;
accuracy in %, mean ± std over seeds 0–2. B1 is the app's default recipe; TPGM runs at the app's schedule
(a validation batch of 4; §2 compares the design's 32 and sparser updates). The tables come from the
experiment runner's JSON files below, not from this command (3 seeds × 11 methods take about an hour).

${comparisonSection()}
## 2. Speed

### Each method beside vanilla FT (${defaultBackend.name}, cnn-small-mnist, batch 32, ${steps} steps, seed 0)

Median wall time of one training step (optimiser step plus the method's own work), from read-back to
read-back, warm-up excluded; one run per method, one after the other, on ${where}.

| method | step ms | × FT |
|---|---|---|
${speeds.map((x) => `| ${x.method} | ${ms(x.stepMs)} | ${(x.stepMs / ft).toFixed(2)} |`).join('\n')}

### TPGM against FT: the speed target

Target: TPGM ≤ 1.15 × FT at the default schedule. FT and TPGM at several radius schedules, ${2 * steps}
steps each, in ${rounds} interleaved rounds (so a drift of the machine hits all alike); step ms per round,
and the median over rounds of each round's ratio to FT.

| run | step ms per round | × FT |
|---|---|---|
${target.map((t) => `| ${t.label} | ${t.stepMs.map(ms).join(', ')} | ${t.ratio.toFixed(2)} |`).join('\n')}

At the app's schedule: ${appTpgm.ratio.toFixed(2)} × FT (rounds: ${appTpgm.stepMs
    .map((t, r) => (t / target[0].stepMs[r]).toFixed(2))
    .join(', ')}) — ${appTpgm.ratio <= 1.15 ? 'met' : 'not met'}. The other schedules: ${otherTpgm
    .map((o) => `${o.label.replace(/^tpgm, /, '')}, ${o.ratio.toFixed(2)} ×`)
    .join('; ')}.

Each radius update is one more forward and backward pass, on a validation batch: at every step on a
batch as large as the training batch, about one FT step more. The projection itself is a few
element-wise ops per tensor (MARS-SP, which projects every step with fixed radii, runs at FT's speed
above). What each schedule learns, from the experiment runner's files (accuracy in %, mean ± std over
seeds):

${scheduleSection()}

### Backends (cnn-small-mnist, batch 32, ${backendSteps} steps, seed 0)

| backend | adapter | FT step ms | TPGM step ms | TPGM × FT |
|---|---|---|---|---|
${backends.map((b) => `| ${b.backend} | ${b.adapter} | ${ms(b.ft)} | ${ms(b.tpgm)} | ${(b.tpgm / b.ft).toFixed(2)} |`).join('\n')}

## 3. The native reference: PyTorch on the CPU

The same architecture (\`scripts/reference/torch_step.py\`), one plain FT step (SGD, Nesterov 0.9, weight
decay 5e-4), median of 200 steps after 20 warm-up steps, on ${machine}, ${date}.

| framework | batch | FT step ms |
|---|---|---|
${torchRows}

Target: the in-browser TPGM step on WebGPU no slower than PyTorch's FT step at the same batch. Measured
here: WebGPU (SwiftShader) TPGM ${ms(webgpu?.tpgm ?? Number.NaN)} ms against PyTorch's ${
    typeof torch === 'string' ? '–' : ms(torch[0].medianStepMs)
  } ms at batch 32 — ${
    typeof torch !== 'string' && webgpu && webgpu.tpgm <= torch[0].medianStepMs ? 'met' : 'not met on a software GPU'
  }. A real GPU is needed to test this target; none was available when this was measured. The app's
automatic choice here, ${defaultBackend.name} on the CPU, takes ${ms(median(appTpgm.stepMs))} ms per TPGM step at the app's
schedule (FT: ${ms(median(target[0].stepMs))} ms; §2), ${
    typeof torch === 'string' ? '–' : (median(appTpgm.stepMs) / torch[0].medianStepMs).toFixed(1)
  } × PyTorch's FT step on the same cores.

## 4. Memory (TPGM, ${defaultBackend.name})

Tensors and bytes the run holds (read-backs in flight left out), measured at evaluations of one run.

| after | tensors | bytes | GPU bytes |
|---|---|---|---|
${[
  [100, m100],
  [memorySteps, mEnd],
]
  .map(
    ([step, m]) =>
      `| ${step as number} steps | ${(m as MemoryPoint | undefined)?.numTensors ?? '–'} | ${(m as MemoryPoint | undefined)?.numBytes ?? '–'} | ${(m as MemoryPoint | undefined)?.numBytesInGPU ?? 'n/a (CPU-side backend)'} |`,
  )
  .join('\n')}

Target: no tensor growth between 100 and ${memorySteps} steps — ${
    m100 && mEnd && m100.numTensors === mEnd.numTensors ? 'met' : 'not met'
  }.${webgpu?.memory ? ` On WebGPU, after ${backendSteps} TPGM steps: ${webgpu.memory.numTensors} tensors, ${webgpu.memory.numBytesInGPU ?? '–'} GPU bytes.` : ''}
`;
  // §5 comes from `npm run bench:ui`'s own results, so rewriting the report keeps it
  return `${doc}${uiBenchSectionFromResults()}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const skipBuild = args.includes('--skip-build');
  const steps = Number(option(args, '--steps', '150'));
  const backendSteps = Number(option(args, '--backend-steps', '12'));
  const memorySteps = Number(option(args, '--memory-steps', '2000'));
  const rounds = Number(option(args, '--rounds', '3'));
  recordInCards();
  if (args.includes('--tables-only')) return;
  if (args.includes('--report-only')) {
    // the tables of docs/results/ changed, the measurements did not: rewrite the report from the raw numbers
    writeFileSync(
      'BENCHMARKS.md',
      report(JSON.parse(readFileSync(`${RESULTS}/benchmarks.json`, 'utf8')) as Measurements),
    );
    console.log('wrote BENCHMARKS.md from the measurements in docs/results/benchmarks.json');
    return;
  }
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;

  console.log('1/4 speed per method (default backend)…');
  const worker = await openHeadlessWorker({ backend: null, skipBuild, log: console.log });
  let speeds: MethodSpeed[];
  let target: TargetTiming[];
  let memory: Map<number, MemoryPoint>;
  const defaultBackend = worker.backend;
  try {
    speeds = await methodSpeeds(worker, steps);
    console.log(`   TPGM against FT, ${rounds} interleaved rounds of ${2 * steps} steps…`);
    target = await tpgmTarget(worker, 2 * steps, rounds);
    console.log(`2/4 memory over ${memorySteps} TPGM steps…`);
    memory = await memoryGrowth(worker, memorySteps);
  } finally {
    await worker.close();
  }
  console.log('3/4 backends…');
  const backends = await backendSpeeds(backendSteps, true);
  console.log('4/4 PyTorch reference…');
  const torch = torchReference();

  const raw: Measurements = {
    date,
    machine,
    defaultBackend,
    steps,
    speeds,
    rounds,
    target,
    backendSteps,
    backends,
    torch,
    memorySteps,
    memory: [...memory],
  };
  writeFileSync(`${RESULTS}/benchmarks.json`, `${JSON.stringify(raw, null, 2)}\n`);
  writeFileSync('BENCHMARKS.md', report(raw));
  console.log(`wrote BENCHMARKS.md and ${RESULTS}/benchmarks.json; TPGM/FT ${target[1].ratio.toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
