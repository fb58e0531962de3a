/**
 * The timing measurements of `npm run benchmarks` (scripts/benchmarks.ts), through the app's own worker in
 * headless Chromium: each method's step time, TPGM against FT at several radius schedules, FT / TPGM on
 * every backend, PyTorch's FT step on the CPU, and the memory a long TPGM run holds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { METHOD_IDS, type MethodId } from '../../src/core/spec/config';
import { median } from '../../src/core/stats';
import { PRESETS } from '../../src/core/spec/presets';
import { defaultDraft } from '../../src/core/spec/default-run';
import type { BackendName, MemoryPoint } from '../../src/worker/protocol';
import type { RunSpec } from '../../src/core/spec/run-spec';
import { timeStart, type StartTiming } from './bench-startup';
import { openHeadlessWorker, type HeadlessWorker } from './headless-worker';
import { runSpec } from './run-spec';

/** A timing run of the default model and recipe: `steps` steps, losses read every 10, evaluated once at the end. */
export function timingSpec(method: MethodId, steps: number, lean: boolean): RunSpec {
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

export const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : '–');

export interface MethodSpeed {
  method: MethodId;
  stepMs: number;
}

export async function methodSpeeds(worker: HeadlessWorker, steps: number): Promise<MethodSpeed[]> {
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

export const scheduleLabel = (s: RunSpec): string => {
  const { projFreq, radiusLr, valBatchSize } = s.config.tpgm;
  const every = projFreq === 1 ? 'step' : `${projFreq} steps`;
  return `radius update every ${every} on a validation batch of ${valBatchSize}, radius lr ${radiusLr}`;
};

export interface TargetTiming {
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
export async function tpgmTarget(worker: HeadlessWorker, steps: number, rounds: number): Promise<TargetTiming[]> {
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

export interface BackendSpeed {
  backend: BackendName;
  adapter: string;
  ft: number;
  tpgm: number;
  memory: MemoryPoint | null;
  /** The first run on the fresh worker: time to its first step, and its final evaluation's throughput. */
  start?: StartTiming;
}

export async function backendSpeeds(steps: number, skipBuild: boolean): Promise<BackendSpeed[]> {
  const out: BackendSpeed[] = [];
  for (const backend of ['webgpu', 'webgl', 'cpu', 'wasm'] as const) {
    const worker = await openHeadlessWorker({ backend, skipBuild });
    try {
      const lean = backend !== 'wasm';
      // first, while nothing is loaded or compiled: a short TPGM run, the app's default method
      const start = await timeStart(worker, 3, { ...timingSpec('tpgm', 2, lean), evalEvery: 2 });
      const ft = await runSpec(worker, 1, timingSpec('full-ft', steps, lean));
      const tpgm = await runSpec(worker, 2, timingSpec('tpgm', steps, lean));
      out.push({
        backend: worker.backend.name,
        adapter: worker.backend.adapter,
        ft: ft.medianStepMs,
        tpgm: tpgm.medianStepMs,
        memory: tpgm.final.memory ?? null,
        start,
      });
      console.log(`  ${backend}: FT ${ms(ft.medianStepMs)} ms, TPGM ${ms(tpgm.medianStepMs)} ms per step`);
    } finally {
      await worker.close();
    }
  }
  return out;
}

export interface TorchStep {
  batch: number;
  medianStepMs: number;
  framework: string;
  threads: number;
}

/**
 * glibc malloc kept from handing a step's activations back to the OS: with its defaults every large
 * tensor came from a fresh mmap and was returned at once, so each step page-faulted its memory in
 * again, and PyTorch's cnn-small step took 11 to 26 ms from one run to the next on this machine
 * (2026-12-04); with both thresholds raised, 6.8–7.5 ms in every run. Production PyTorch on the CPU
 * gets the same from jemalloc or tcmalloc; the comparison is with PyTorch at its steady speed.
 */
export const TORCH_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '33554432', MALLOC_TRIM_THRESHOLD_: '4294967296' };

/**
 * Runs `scripts/reference/<script>` with Debian's python3 and parses the JSON it prints. One thread
 * for every pool a PyTorch process may start: torch's own, OpenMP's, and OpenBLAS' pthreads, which
 * torch.set_num_threads does not reach; malloc as TORCH_MALLOC_ENV says. Whatever goes wrong comes
 * back as a "not measured" line.
 */
export function runTorchReference<T>(script: string, args: readonly string[] = []): T | string {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const threads = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const env = { ...process.env, ...threads, ...TORCH_MALLOC_ENV };
  try {
    return JSON.parse(execFileSync(python, [`scripts/reference/${script}`, ...args], { encoding: 'utf8', env })) as T;
  } catch (err) {
    return `not measured: PyTorch did not run (${(err as Error).message.split('\n')[0]}); install Debian's python3-torch`;
  }
}

export function torchReference(batches: readonly number[] = [32, 64]): TorchStep[] | string {
  const steps: TorchStep[] = [];
  for (const batch of batches) {
    const step = runTorchReference<TorchStep>('torch_step.py', [
      '--batch',
      String(batch),
      '--steps',
      '200',
      '--threads',
      '1',
    ]);
    if (typeof step === 'string') return step;
    steps.push(step);
  }
  return steps;
}

/** A TPGM run of `steps` steps, evaluated every 100: what it holds at each evaluation, by step. */
export async function memoryGrowth(worker: HeadlessWorker, steps: number): Promise<Map<number, MemoryPoint>> {
  const runId = 3000;
  const points = new Map<number, MemoryPoint>();
  worker.onEvent((e) => {
    if (e.type === 'eval' && e.runId === runId && e.point.memory) points.set(e.point.step, e.point.memory);
  });
  await runSpec(worker, runId, { ...timingSpec('tpgm', steps, true), evalEvery: 100 });
  return points;
}
